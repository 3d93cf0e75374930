import { CommanderError } from 'commander';

import { reportError } from './errors.js';
import type { Io } from './io.js';
import { buildProgram, expandPrefixes } from './program.js';
import { loggerFor, type GlobalOptions } from './session.js';

/** Runs `sift <args>`; resolves to the exit code (0 success, 1 any error, cli.md §2). */
export async function runCli(args: readonly string[], io: Io): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(expandPrefixes(program, args), { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'sift.ambiguousCommand') {
        io.stderr.write(error.message);
      }
      // Help and version end with code 0; argument errors already printed their message.
      return error.exitCode === 0 ? 0 : 1;
    }
    reportError(loggerFor(io, program.opts<GlobalOptions>()), error);
    return 1;
  }
}
