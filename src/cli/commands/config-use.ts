import type { WithGlobals } from '../command.js';
import { writeContexts } from '../contexts.js';
import { CliError } from '../errors.js';
import type { Io } from '../io.js';
import { loadConfig, loggerFor } from '../session.js';

export type ConfigUseArgs = WithGlobals<{ name: string }>;

/** `config use <NAME>`. */
export async function run(args: ConfigUseArgs, io: Io): Promise<void> {
  const log = loggerFor(io, args.globals);
  const { location, file } = loadConfig(io, log, args.globals);
  if (!file.contexts.some((context) => context.name === args.name)) {
    throw new CliError(`No such context \`${args.name}\` exists in \`${location.path}\`.`);
  }
  file.current_context = args.name;
  writeContexts(location.path, file);
  log.info(`Switched to context \`${args.name}\`.`);
}
