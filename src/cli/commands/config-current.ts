import type { WithGlobals } from '../command.js';
import { currentContext } from '../contexts.js';
import type { Io } from '../io.js';
import { loadConfig, loggerFor } from '../session.js';

export type ConfigCurrentArgs = WithGlobals<object>;

/** `config current`: the current context's name on stdout. */
export async function run(args: ConfigCurrentArgs, io: Io): Promise<void> {
  const log = loggerFor(io, args.globals);
  const { file } = loadConfig(io, log, args.globals);
  const context = currentContext(file);
  if (context === undefined) {
    log.info('There is no default context in use.');
    return;
  }
  io.stdout.write(`${context.name}\n`);
}
