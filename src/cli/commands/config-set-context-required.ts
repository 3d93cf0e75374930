import type { WithGlobals } from '../command.js';
import { writeContexts } from '../contexts.js';
import type { Io } from '../io.js';
import { loadConfig, loggerFor } from '../session.js';

export type ConfigSetContextRequiredArgs = WithGlobals<{ required: boolean }>;

/** `config set-context-required <true|false>`. */
export async function run(args: ConfigSetContextRequiredArgs, io: Io): Promise<void> {
  const log = loggerFor(io, args.globals);
  const { location, file } = loadConfig(io, log, args.globals);
  file.context_is_required = args.required;
  writeContexts(location.path, file);
}
