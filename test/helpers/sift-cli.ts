import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/sift.js', import.meta.url));

export type CliRun = { code: number | null; stdout: string; stderr: string };

export type CliRunOptions = {
  /** Extra environment; `SIFT_ENDPOINT`/`SIFT_TOKEN` are cleared unless given here. */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed (stdin is empty otherwise). */
  input?: string;
};

/** Runs `node bin/sift.js <args>` as a real process and collects its output and exit code. */
export function runSift(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {
        ...process.env,
        SIFT_ENDPOINT: '',
        SIFT_TOKEN: '',
        NO_COLOR: '1',
        // The official 5/10/20 s back-off would make every refused request take 35 s.
        SIFT_CLI_RETRY_WAITS_MS: '10,10,10',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
