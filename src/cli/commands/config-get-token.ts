import type { WithGlobals } from '../command.js';
import { currentContext } from '../contexts.js';
import { CliError } from '../errors.js';
import type { Io } from '../io.js';
import { loadConfig, loggerFor } from '../session.js';

export type ConfigGetTokenArgs = WithGlobals<{ name?: string }>;

/** `config get-token [NAME]`: the stored token of the named or current context on stdout. */
export async function run(args: ConfigGetTokenArgs, io: Io): Promise<void> {
  const log = loggerFor(io, args.globals);
  const { file } = loadConfig(io, log, args.globals);
  if (args.name === undefined) {
    const context = currentContext(file);
    if (context === undefined) {
      throw new CliError('There is no default context in use.');
    }
    if (context.token === null) {
      throw new CliError('The default context has no stored token.');
    }
    io.stdout.write(`${context.token}\n`);
    return;
  }
  const context = file.contexts.find((candidate) => candidate.name === args.name);
  if (context === undefined) {
    throw new CliError(`No such context \`${args.name}\`.`);
  }
  if (context.token === null) {
    throw new CliError(`The context \`${args.name}\` has no stored token.`);
  }
  io.stdout.write(`${context.token}\n`);
}
