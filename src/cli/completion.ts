import type { Command, Option } from 'commander';

import { CliError } from './errors.js';

type Node = { path: string[]; subcommands: string[]; options: string[] };

function optionFlags(options: readonly Option[]): string[] {
  return options.flatMap((option) =>
    [option.long, option.short].filter((flag): flag is string => !!flag),
  );
}

function walk(command: Command, path: string[], out: Node[]): void {
  const visible = command.commands.filter(
    (sub) => !(sub as Command & { _hidden?: boolean })._hidden,
  );
  out.push({
    path,
    subcommands: visible.map((sub) => sub.name()),
    options: [...optionFlags(command.options), '--help'],
  });
  for (const sub of visible) {
    walk(sub, [...path, sub.name()], out);
  }
}

function bash(program: Command, nodes: Node[]): string {
  const name = program.name();
  // Longest paths first, so a leaf followed by its arguments still selects the leaf's words.
  const cases = [...nodes]
    .sort((a, b) => b.path.length - a.path.length)
    .map((node) => {
      const pattern =
        node.path.length === 0 ? '""' : `"${node.path.map((part) => ` ${part}`).join('')}"*`;
      return `    ${pattern}) words="${[...node.subcommands, ...node.options].join(' ')}" ;;`;
    });
  return [
    `_${name}() {`,
    '  local cur="${COMP_WORDS[COMP_CWORD]}" path="" words="" i',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    case "${COMP_WORDS[i]}" in',
    '      -*) ;;',
    '      *) path="$path ${COMP_WORDS[i]}" ;;',
    '    esac',
    '  done',
    '  case "$path" in',
    ...cases,
    '  esac',
    '  COMPREPLY=($(compgen -W "$words" -- "$cur"))',
    '}',
    `complete -o default -F _${name} ${name}`,
    '',
  ].join('\n');
}

function fish(program: Command, nodes: Node[]): string {
  const name = program.name();
  const lines = [`complete -c ${name} -f`];
  for (const node of nodes) {
    const seen = node.path.map((part) => `__fish_seen_subcommand_from ${part}`);
    const below =
      node.subcommands.length > 0
        ? [`not __fish_seen_subcommand_from ${node.subcommands.join(' ')}`]
        : [];
    const condition = node.path.length === 0 ? ['__fish_use_subcommand'] : [...seen, ...below];
    const when = `-n '${condition.join('; and ')}'`;
    if (node.subcommands.length > 0) {
      lines.push(`complete -c ${name} ${when} -a '${node.subcommands.join(' ')}'`);
    }
    for (const flag of node.options) {
      lines.push(
        flag.startsWith('--')
          ? `complete -c ${name} ${when} -l ${flag.slice(2)}`
          : `complete -c ${name} ${when} -s ${flag.slice(1)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `completion <bash|zsh|fish>`: a static script over the command tree (cli.md §3.4). */
export function completionScript(program: Command, shell: string): string {
  const nodes: Node[] = [];
  walk(program, [], nodes);
  switch (shell) {
    case 'bash':
      return bash(program, nodes);
    case 'zsh':
      return `#compdef ${program.name()}\nautoload -U +X bashcompinit && bashcompinit\n${bash(program, nodes)}`;
    case 'fish':
      return fish(program, nodes);
    default:
      throw new CliError(`unknown shell: '${shell}'`);
  }
}
