import type { WithGlobals } from '../command.js';
import { writeContexts } from '../contexts.js';
import { CliError } from '../errors.js';
import type { Io } from '../io.js';
import { loadConfig, loggerFor } from '../session.js';

export type ConfigDeleteArgs = WithGlobals<{ names: string[] }>;

/** `config delete <NAME>...`: removing the current context clears `current_context`. */
export async function run(args: ConfigDeleteArgs, io: Io): Promise<void> {
  const log = loggerFor(io, args.globals);
  const { location, file } = loadConfig(io, log, args.globals);
  for (const name of args.names) {
    const index = file.contexts.findIndex((context) => context.name === name);
    if (index < 0) {
      throw new CliError(`No such context \`${name}\` exists in \`${location.path}\`.`);
    }
    file.contexts.splice(index, 1);
    if (file.current_context === name) {
      file.current_context = null;
    }
    writeContexts(location.path, file);
    log.info(`Deleted context \`${name}\` from \`${location.path}\`.`);
  }
}
