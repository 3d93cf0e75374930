import { buildProgram } from './cli/program.js';

const io = { stdout: process.stdout, stderr: process.stderr, env: process.env };

buildProgram(io)
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
