import type { Logger } from './io.js';

/** A failure reported as `E An error occurred:` then ` |- <message>` per level of the chain. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** Adds one level to the error chain, like anyhow's `.context()` in the official CLI. */
export async function withContext<T>(message: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new CliError(message, { cause: error });
  }
}

/** `E An error occurred:` then one ` |- <cause>` line per level of the error chain (cli.md §2.5). */
export function reportError(log: Logger, error: unknown): void {
  log.error('An error occurred:');
  let current: unknown = error;
  let previous = '';
  for (let depth = 0; current !== undefined && current !== null && depth < 32; depth++) {
    const message =
      current instanceof Error
        ? current.message
        : typeof current === 'string'
          ? current
          : JSON.stringify(current);
    // Transport errors wrap the socket error whose text the outer message already carries.
    if (message !== '' && !previous.includes(message)) {
      log.error(` |- ${message}`);
    }
    previous = message;
    current = current instanceof Error ? current.cause : undefined;
  }
}
