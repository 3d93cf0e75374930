import { CommanderError } from 'commander';

import type { Io } from './io.js';
import { buildProgram, expandPrefixes, reportError } from './program.js';

/** Runs `sift <args>`; resolves to the process exit code (0 success, 1 any error, cli.md §2). */
export async function runCli(args: readonly string[], io: Io): Promise<number> {
  const program = buildProgram(io).exitOverride();
  try {
    await program.parseAsync(['node', 'sift', ...expandPrefixes(program, args)]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with code 0; argument errors already printed their message.
      return error.exitCode === 0 ? 0 : 1;
    }
    reportError(io, error);
    return 1;
  }
}
