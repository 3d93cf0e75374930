import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/sift.js', import.meta.url));

export type ServerProcess = {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
};

/** Starts `sift server` as a real process on a free port and waits until it listens. */
export async function startServerProcess(
  env: Record<string, string>,
  startTimeoutMs = 20_000,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, 'server'], {
    env: { ...process.env, SIFT_PORT: '0', SIFT_HOST: '127.0.0.1', SIFT_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Never leave a half-started server (and its worker) behind a failed test.
      child.kill('SIGKILL');
      reject(new Error(`server did not start: ${stdout}${stderr}`));
    }, startTimeoutMs);
    const poll = setInterval(() => {
      const match = /Sift listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(match[1]!);
      }
    }, 25);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stdout}${stderr}`));
    });
  });
  return {
    child,
    url,
    stdout: () => stdout,
    async stop(signal = 'SIGTERM') {
      child.kill(signal);
      return exited;
    },
  };
}
