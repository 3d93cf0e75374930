import { runCli } from './cli/run.js';

const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
};

// `sift server` and `sift worker` keep running after their action resolves; other commands end here.
runCli(process.argv.slice(2), io).then(
  (code) => {
    if (code !== 0 || !['server', 'worker'].includes(process.argv[2] ?? '')) {
      process.exitCode = code;
      // Requests still in flight after a failed upload must not keep the process alive.
      process.stdout.write('', () => process.exit(code));
    }
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
