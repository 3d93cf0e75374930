import { Command } from 'commander';

import { runServer } from './commands/server.js';
import type { Io } from './io.js';

/** The `sift` command tree (cli.md). */
export function buildProgram(io: Io): Command {
  const program = new Command('sift')
    .description(
      'Sift: open communications mining, wire-compatible with the Communications Mining API',
    )
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  program
    .command('server')
    .description(
      'run the API server (SIFT_PORT, SIFT_DATA_DIR, SIFT_DATABASE_URL, SIFT_ADMIN_TOKEN)',
    )
    .action(async () => {
      await runServer(io);
    });
  return program;
}
