import type { WithGlobals } from '../command.js';
import type { Io } from '../io.js';
import { dim, printTable } from '../output.js';
import { loadConfig, loggerFor } from '../session.js';

export type ConfigLsArgs = WithGlobals<{ tokens?: boolean }>;

/** `config ls`: contexts sorted by name, tokens hidden unless `--tokens` (cli.md §3.3). */
export async function run(args: ConfigLsArgs, io: Io): Promise<void> {
  const log = loggerFor(io, args.globals);
  const { file } = loadConfig(io, log, args.globals);
  if (file.contexts.length === 0) {
    log.info('No available contexts.');
    return;
  }
  const contexts = [...file.contexts].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  printTable(
    io,
    ['Active', 'Context', 'Endpoint', 'Insecure', 'Token', 'Proxy'],
    contexts.map((context) => [
      context.name === file.current_context ? '->' : '',
      context.name,
      context.endpoint,
      context.accept_invalid_certificates ? 'Yes' : 'No',
      args.tokens === true ? (context.token ?? '') : dim('<Hidden>'),
      context.proxy ?? '',
    ]),
  );
}
