import { Command, type Option } from 'commander';

import { createComments, getComments } from './commands/comments.js';
import {
  configAdd,
  configCurrent,
  configDelete,
  configGetToken,
  configList,
  configSetContextRequired,
  configUse,
} from './commands/config.js';
import {
  authRefresh,
  deleteComments,
  getAuditEvents,
  getBuckets,
  getComment,
  getUsers,
} from './commands/more-resources.js';
import {
  createDataset,
  createProject,
  createSource,
  deleteProject,
  deleteResource,
  getCurrentUser,
  getDatasets,
  getProjects,
  getSources,
} from './commands/resources.js';
import { runServer } from './commands/server.js';
import { updateDataset, updateProject, updateSource } from './commands/update-resources.js';
import { log, type Io } from './io.js';
import { openSession, type GlobalOptions } from './session.js';

/** `E An error occurred:` then one ` |- <cause>` line per level of the error chain (cli.md §2.5). */
export function reportError(io: Io, error: unknown): void {
  log(io, 'E', 'An error occurred:');
  let current: unknown = error;
  while (current !== undefined && current !== null) {
    log(io, 'E', ` |- ${current instanceof Error ? current.message : JSON.stringify(current)}`);
    current = current instanceof Error ? current.cause : undefined;
  }
}

function globals(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** The `sift` command tree: the official `re` CLI's (cli.md), plus `sift server`. */
export function buildProgram(io: Io): Command {
  const program = new Command('sift')
    .description(
      'Sift: open communications mining, wire-compatible with the Communications Mining API',
    )
    .version('0.1.0', '-V, --version')
    .option('--config-file <PATH>', 'contexts file (default ~/.config/sift/contexts.json)')
    .option('-c, --context <NAME>', 'use this context instead of the current one')
    .option('--endpoint <URL>', 'API base URL, overriding the context')
    .option('--token <TOKEN>', 'API token, overriding the context')
    .option('-o, --output <FORMAT>', 'table, json or jsonl', 'table')
    .option('-v, --verbose', 'debug logging')
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  const session = (command: Command, refresh: boolean) =>
    openSession(io, globals(command), refresh);

  program
    .command('server')
    .description(
      'run the API server (SIFT_PORT, SIFT_DATA_DIR, SIFT_DATABASE_URL, SIFT_ADMIN_TOKEN)',
    )
    .action(async () => {
      await runServer(io);
    });

  const config = program
    .command('config')
    .description('manage contexts (endpoint and token pairs)');
  config
    .command('add')
    .description('create or update a context')
    .option('-n, --name <NAME>')
    .option('-e, --endpoint <URL>')
    .option('-t, --token <TOKEN>')
    .option('-k, --accept-invalid-certificates')
    .option('--proxy [URL]')
    .action(
      (
        options: {
          name?: string;
          endpoint?: string;
          token?: string;
          acceptInvalidCertificates?: boolean;
          proxy?: string | boolean;
        },
        command: Command,
      ) => {
        configAdd(io, globals(command), options);
      },
    );
  config
    .command('ls')
    .description('list contexts')
    .option('--tokens', 'show tokens')
    .action((options: { tokens?: boolean }, command: Command) => {
      configList(io, globals(command), options.tokens === true);
    });
  config
    .command('current')
    .description('print the current context')
    .action((_options: unknown, command: Command) => {
      configCurrent(io, globals(command));
    });
  config
    .command('use <NAME>')
    .description('switch the current context')
    .action((name: string, _options: unknown, command: Command) => {
      configUse(io, globals(command), name);
    });
  config
    .command('delete <NAMES...>')
    .description('remove contexts')
    .action((names: string[], _options: unknown, command: Command) => {
      configDelete(io, globals(command), names);
    });
  config
    .command('get-token [NAME]')
    .description("print a context's token")
    .action((name: string | undefined, _options: unknown, command: Command) => {
      configGetToken(io, globals(command), name);
    });
  config
    .command('set-context-required <BOOL>')
    .description('require -c/--context on every command')
    .action((value: string, _options: unknown, command: Command) => {
      configSetContextRequired(io, globals(command), value);
    });

  const get = program.command('get').description('list or fetch resources');
  get
    .command('current-user')
    .description('the user owning the token')
    .action(async (_options: unknown, command: Command) => {
      await getCurrentUser(io, await session(command, false));
    });
  get
    .command('projects [PROJECT]')
    .description('projects')
    .action(async (name: string | undefined, _options: unknown, command: Command) => {
      await getProjects(io, await session(command, false), name);
    });
  get
    .command('sources [SOURCE]')
    .description('sources')
    .action(async (ref: string | undefined, _options: unknown, command: Command) => {
      await getSources(io, await session(command, false), ref);
    });
  get
    .command('datasets [DATASET]')
    .description('datasets')
    .action(async (ref: string | undefined, _options: unknown, command: Command) => {
      await getDatasets(io, await session(command, false), ref);
    });
  get
    .command('comments <SOURCE>')
    .description('download the comments of a source as JSON Lines')
    .option('-f, --file <PATH>', 'write to this file instead of stdout')
    .option('--from-timestamp <TS>')
    .option('--to-timestamp <TS>')
    .action(
      async (
        source: string,
        options: { file?: string; fromTimestamp?: string; toTimestamp?: string },
        command: Command,
      ) => {
        await getComments(io, await session(command, false), {
          source,
          ...(options.file === undefined ? {} : { file: options.file }),
          ...(options.fromTimestamp === undefined ? {} : { from: options.fromTimestamp }),
          ...(options.toTimestamp === undefined ? {} : { to: options.toTimestamp }),
        });
      },
    );

  get
    .command('comment <COMMENT_ID>')
    .description('one comment as a JSON line')
    .requiredOption('--source <SOURCE>')
    .action(async (id: string, options: { source: string }, command: Command) => {
      await getComment(io, await session(command, false), id, options.source);
    });
  get
    .command('users')
    .description('users')
    .option('-u, --user <ID>')
    .option('-o, --project <NAME>')
    .option('-p, --permission <PERM>')
    .action(
      async (
        options: { user?: string; project?: string; permission?: string },
        command: Command,
      ) => {
        // `-o` is `--project` here, as in `re`; the global output flag must come before `get`.
        await getUsers(io, await session(command, false), options);
      },
    );
  get
    .command('buckets')
    .description('buckets')
    .action(async (_options: unknown, command: Command) => {
      await getBuckets(io, await session(command, false));
    });
  get
    .command('audit-events')
    .description('audit events, resolved against their lookup tables')
    .option('-m, --minimum <TS>')
    .option('-M, --maximum <TS>')
    .action(async (options: { minimum?: string; maximum?: string }, command: Command) => {
      await getAuditEvents(io, await session(command, false), options);
    });

  program
    .command('auth')
    .description('authentication helpers')
    .command('refresh')
    .description('refresh the permissions of the current user')
    .action(async (_options: unknown, command: Command) => {
      await authRefresh(io, await session(command, true));
    });

  const create = program.command('create').description('create resources');
  create
    .command('project <NAME>')
    .option('--title <TITLE>')
    .option('--description <TEXT>')
    .option('--user-ids <IDS...>')
    .action(
      async (
        name: string,
        options: { title?: string; description?: string; userIds?: string[] },
        command: Command,
      ) => {
        await createProject(io, await session(command, true), name, options);
      },
    );
  create
    .command('source <OWNER/NAME>')
    .option('--title <TITLE>')
    .option('--description <TEXT>')
    .option('--language <LANG>')
    .option('--transform-tag <TAG>')
    .action(
      async (
        ref: string,
        options: { title?: string; description?: string; language?: string; transformTag?: string },
        command: Command,
      ) => {
        await createSource(io, await session(command, true), ref, options);
      },
    );
  create
    .command('dataset <OWNER/NAME>')
    .option('--title <TITLE>')
    .option('--description <TEXT>')
    .option('-s, --source <SOURCE...>', 'sources of the dataset')
    .option('--label-defs <JSON>', 'JSON array of label defs')
    .option('--has-sentiment <BOOL>')
    .option('--model-family <FAMILY>')
    .action(
      async (
        ref: string,
        options: {
          title?: string;
          description?: string;
          source?: string[];
          labelDefs?: string;
          hasSentiment?: string;
          modelFamily?: string;
        },
        command: Command,
      ) => {
        await createDataset(io, await session(command, true), ref, {
          ...(options.title === undefined ? {} : { title: options.title }),
          ...(options.description === undefined ? {} : { description: options.description }),
          ...(options.source === undefined ? {} : { sources: options.source }),
          ...(options.labelDefs === undefined ? {} : { labelDefs: options.labelDefs }),
          ...(options.hasSentiment === undefined
            ? {}
            : { hasSentiment: options.hasSentiment === 'true' }),
          ...(options.modelFamily === undefined ? {} : { modelFamily: options.modelFamily }),
        });
      },
    );
  create
    .command('comments')
    .description('upload comments from a JSON Lines file or stdin')
    .requiredOption('-s, --source <SOURCE>')
    .option('-f, --file <PATH>')
    .option('--overwrite', 'update comments that already exist')
    .option('--batch-size <N>', 'comments per request', '128')
    .option('-y, --yes', 'accepted; Sift does not bill')
    .option('-n, --no-charge', 'accepted; Sift does not bill')
    .option('--no-progress', 'no progress bar')
    .action(
      async (
        options: { source: string; file?: string; overwrite?: boolean; batchSize: string },
        command: Command,
      ) => {
        const batchSize = Number(options.batchSize);
        if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 16384) {
          throw new Error(
            `--batch-size must be an integer between 1 and 16384, got: ${options.batchSize}`,
          );
        }
        const threads = Number(
          io.env['SIFT_CLI_NUM_THREADS'] ?? io.env['REINFER_CLI_NUM_THREADS'] ?? 8,
        );
        await createComments(io, await session(command, true), {
          source: options.source,
          ...(options.file === undefined ? {} : { file: options.file }),
          overwrite: options.overwrite === true,
          batchSize,
          threads: Number.isInteger(threads) && threads > 0 ? threads : 8,
        });
      },
    );

  const update = program.command('update').description('update resources');
  update
    .command('source <SOURCE>')
    .option('--title <TITLE>')
    .option('--description <TEXT>')
    .option('--should-translate <BOOL>')
    .option('--transform-tag <TAG>')
    .option('--detach-bucket')
    .action(
      async (
        ref: string,
        options: {
          title?: string;
          description?: string;
          shouldTranslate?: string;
          transformTag?: string;
          detachBucket?: boolean;
        },
        command: Command,
      ) => {
        await updateSource(io, await session(command, true), ref, {
          ...(options.title === undefined ? {} : { title: options.title }),
          ...(options.description === undefined ? {} : { description: options.description }),
          ...(options.shouldTranslate === undefined
            ? {}
            : { shouldTranslate: options.shouldTranslate === 'true' }),
          ...(options.transformTag === undefined ? {} : { transformTag: options.transformTag }),
          detachBucket: options.detachBucket === true,
        });
      },
    );
  update
    .command('dataset <DATASET>')
    .option('--title <TITLE>')
    .option('--description <TEXT>')
    .option('-s, --source [SOURCES...]', 'replace the sources; no value clears them')
    .action(
      async (
        ref: string,
        options: { title?: string; description?: string; source?: string[] | true },
        command: Command,
      ) => {
        await updateDataset(io, await session(command, true), ref, {
          ...(options.title === undefined ? {} : { title: options.title }),
          ...(options.description === undefined ? {} : { description: options.description }),
          ...(options.source === undefined ? {} : { sources: options.source }),
        });
      },
    );
  update
    .command('project <NAME>')
    .option('--title <TITLE>')
    .option('--description <TEXT>')
    .action(
      async (name: string, options: { title?: string; description?: string }, command: Command) => {
        await updateProject(io, await session(command, true), name, options);
      },
    );

  program
    .command('completion <SHELL>')
    .description('print a shell completion script (bash, zsh)')
    .action((shell: string) => {
      io.stdout.write(completionScript(program, shell));
    });

  const remove = program.command('delete').description('delete resources');
  remove
    .command('source <SOURCE>')
    .action(async (ref: string, _options: unknown, command: Command) => {
      await deleteResource(io, await session(command, false), 'source', ref);
    });
  remove
    .command('dataset <DATASET>')
    .action(async (ref: string, _options: unknown, command: Command) => {
      await deleteResource(io, await session(command, false), 'dataset', ref);
    });
  remove
    .command('comments <IDS...>')
    .requiredOption('-s, --source <SOURCE>')
    .action(async (ids: string[], options: { source: string }, command: Command) => {
      await deleteComments(io, await session(command, false), options.source, ids);
    });
  remove
    .command('project <NAME>')
    .option('--force', 'also delete its sources, datasets, buckets and integrations')
    .action(async (name: string, options: { force?: boolean }, command: Command) => {
      await deleteProject(io, await session(command, false), name, options.force === true);
    });
  return program;
}

function takesValue(options: readonly Option[], token: string): boolean {
  const option = options.find((candidate) => candidate.short === token || candidate.long === token);
  return option !== undefined && (option.required || option.optional) && !token.includes('=');
}

/** Unambiguous prefixes of subcommands are accepted (`sift get proj` = `sift get projects`, cli.md §2). */
export function expandPrefixes(program: Command, args: readonly string[]): string[] {
  const out = [...args];
  let node: Command = program;
  let optionScope: Option[] = [...program.options];
  for (let index = 0; index < out.length; index++) {
    const token = out[index]!;
    if (token.startsWith('-')) {
      if (takesValue(optionScope, token)) {
        index += 1;
      }
      continue;
    }
    if (node.commands.length === 0) {
      break;
    }
    const exact = node.commands.find((command) => command.name() === token);
    const candidates = exact
      ? [exact]
      : node.commands.filter((command) => command.name().startsWith(token));
    if (candidates.length !== 1) {
      break;
    }
    node = candidates[0]!;
    out[index] = node.name();
    optionScope = [...optionScope, ...node.options];
  }
  return out;
}

/** A static completion script over the command tree: commands, then their subcommands (cli.md §3.4). */
function completionScript(program: Command, shell: string): string {
  const top = program.commands.map((command) => command.name());
  const cases = program.commands
    .filter((command) => command.commands.length > 0)
    .map(
      (command) =>
        `    ${command.name()}) COMPREPLY=($(compgen -W "${command.commands.map((sub) => sub.name()).join(' ')}" -- "$cur")) ;;`,
    )
    .join('\n');
  const bash = [
    '_sift() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}"',
    '  if [ "$COMP_CWORD" -eq 1 ]; then',
    `    COMPREPLY=($(compgen -W "${top.join(' ')}" -- "$cur"))`,
    '    return',
    '  fi',
    '  case "${COMP_WORDS[1]}" in',
    cases,
    '  esac',
    '}',
    'complete -F _sift sift',
    '',
  ].join('\n');
  if (shell === 'bash') {
    return bash;
  }
  if (shell === 'zsh') {
    return `autoload -U +X bashcompinit && bashcompinit\n${bash}`;
  }
  throw new Error(`unknown shell: '${shell}'`);
}
