import { ApiError } from '../client/api-error.js';
import { createClient, type Client } from '../client/request.js';

import { getCurrentUserRoute, refreshPermissionsRoute } from './api-routes.js';
import {
  currentContext,
  DEFAULT_ENDPOINT,
  locateContexts,
  readContexts,
  type ConfigLocation,
  type ContextsFile,
} from './contexts.js';
import { CliError } from './errors.js';
import { createLogger, logLevel, readLine, type Io, type Logger } from './io.js';

export type OutputFormat = 'table' | 'json';

/** The global options of cli.md §2.1, as parsed by the program. */
export type GlobalOptions = {
  configFile?: string;
  context?: string;
  verbose?: boolean;
  endpoint?: string;
  acceptInvalidCertificates?: boolean;
  token?: string;
  proxy?: string;
  output?: string;
  numThreads?: number;
};

/** What every remote command works with: the client, the logger and the output settings. */
export type Session = {
  io: Io;
  log: Logger;
  client: Client;
  output: OutputFormat;
  baseUrl: string;
  /** Parallel requests for uploads (`--num-threads`, `SIFT_CLI_NUM_THREADS`). */
  numThreads: number;
  /** The caller's user id from `GET /auth/user`, when the server sent one. */
  userId?: string;
  close(): void;
};

/** The start-up kinds of cli.md §2.3: `write` commands also refresh permissions. */
export type SessionKind = 'read' | 'write';

export function outputFormat(globals: GlobalOptions): OutputFormat {
  return globals.output === 'json' || globals.output === 'jsonl' ? 'json' : 'table';
}

export function loggerFor(io: Io, globals: GlobalOptions): Logger {
  return createLogger(io, logLevel(io, globals.verbose === true));
}

/** `REINFER_CLI_NUM_THREADS`/`SIFT_CLI_NUM_THREADS` override `--num-threads`; junk is an error. */
export function numThreads(io: Io, globals: GlobalOptions): number {
  for (const name of ['SIFT_CLI_NUM_THREADS', 'REINFER_CLI_NUM_THREADS']) {
    const value = io.env[name];
    if (value !== undefined && value !== '') {
      if (!/^\d+$/.test(value.trim()) || Number(value) < 1) {
        throw new CliError(`Environment variable ${name} is not a positive integer: '${value}'`);
      }
      return Number(value);
    }
  }
  return globals.numThreads ?? 32;
}

export function loadConfig(
  io: Io,
  log: Logger,
  globals: GlobalOptions,
): { location: ConfigLocation; file: ContextsFile } {
  const location = locateContexts(io, log, globals.configFile);
  return { location, file: readContexts(location.path) };
}

/**
 * `SIFT_CLI_RETRY_WAITS_MS` (comma-separated milliseconds, e.g. `0,0,0`) replaces the official 5/10/20 s
 * back-off; test suites use it so that a refused request does not take 35 s.
 */
function retryWaits(io: Io): readonly number[] | undefined {
  const value = io.env['SIFT_CLI_RETRY_WAITS_MS'];
  if (value === undefined || value.trim() === '') {
    return undefined;
  }
  const waits = value.split(',').map((entry) => Number(entry.trim()));
  if (waits.some((wait) => !Number.isInteger(wait) || wait < 0)) {
    throw new CliError(`SIFT_CLI_RETRY_WAITS_MS must list whole milliseconds, got: '${value}'`);
  }
  return waits;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Resolves endpoint, token, proxy and TLS (flag → environment → context → default, cli.md §2.2), then
 * runs the start-up sequence of §2.3: the `context_is_required` check, `GET /auth/user`, and for
 * `write` commands `POST /auth/refresh-user-permissions`.
 */
export async function openSession(
  io: Io,
  globals: GlobalOptions,
  kind: SessionKind,
  log: Logger = loggerFor(io, globals),
): Promise<Session> {
  const threads = numThreads(io, globals);
  const { file } = loadConfig(io, log, globals);
  let context = currentContext(file);
  if (globals.context !== undefined) {
    context = file.contexts.find((candidate) => candidate.name === globals.context);
    if (context === undefined) {
      throw new CliError(`Unknown context \`${globals.context}\`.`);
    }
  }
  const configured =
    nonEmpty(globals.endpoint) ?? nonEmpty(io.env['SIFT_ENDPOINT']) ?? context?.endpoint;
  const endpoint = configured ?? DEFAULT_ENDPOINT;
  try {
    new URL(endpoint);
  } catch {
    throw new CliError(`Invalid endpoint: '${endpoint}'`);
  }
  let token = nonEmpty(globals.token) ?? nonEmpty(io.env['SIFT_TOKEN']) ?? context?.token ?? null;
  if (token === null && io.stdin?.isTTY === true) {
    // Sift difference: only prompt on a terminal, so scripts without a token get a clean 401.
    log.prompt('Enter API token [none]: ');
    token = nonEmpty(await readLine(io)) ?? null;
  }
  const insecure =
    globals.acceptInvalidCertificates ?? context?.accept_invalid_certificates ?? false;
  if (insecure) {
    log.warn('TLS certificate verification is disabled. Do NOT use this over an insecure network.');
  }
  const proxy = nonEmpty(globals.proxy) ?? context?.proxy ?? null;
  if (file.context_is_required && globals.context === undefined && globals.endpoint === undefined) {
    throw new CliError(
      'Please provide a context with the `sift -c <context>` option or opt out with `sift config set-context-required false`',
    );
  }
  const waits = retryWaits(io);
  const client = createClient({
    baseUrl: endpoint,
    token,
    // Without any configured endpoint a refused connection means "not set up", not "server busy": one
    // attempt, then the hint below, instead of the 35 s back-off against localhost.
    ...(configured === undefined ? { retries: false as const } : {}),
    ...(waits === undefined || configured === undefined ? {} : { retries: waits }),
    acceptInvalidCertificates: insecure,
    proxy,
    onRequest: (method, url) => log.debug(`Attempting ${method} \`${url}\``),
    onRetry: (message) => log.warn(message),
  });
  let userId: string | undefined;
  try {
    const me = await client.request(getCurrentUserRoute).catch((error: unknown) => {
      // Refused, or a server there that does not know us (401): either way nothing is set up yet.
      if (configured === undefined && error instanceof ApiError) {
        throw new CliError(
          `No context is configured and ${DEFAULT_ENDPOINT} (the default) did not let us in. Add one with ` +
            '`sift config add --name <NAME> --endpoint <URL> --token <TOKEN>`, or pass `--endpoint` ' +
            '(or SIFT_ENDPOINT) and `--token` (or SIFT_TOKEN).',
          { cause: error },
        );
      }
      throw error;
    });
    const id = (me as { user?: { id?: unknown } }).user?.id;
    userId = typeof id === 'string' ? id : undefined;
    if (kind === 'write') {
      await refreshPermissions(client, log, false);
    }
  } catch (error) {
    client.close();
    throw error;
  }
  return {
    io,
    log,
    client,
    output: outputFormat(globals),
    baseUrl: endpoint,
    numThreads: threads,
    ...(userId === undefined ? {} : { userId }),
    close: () => client.close(),
  };
}

/**
 * `POST /auth/refresh-user-permissions`: `false` is fatal; `null` is fatal only for `auth refresh`
 * (`verbose`), which also reports success.
 */
export async function refreshPermissions(
  client: Client,
  log: Logger,
  verbose: boolean,
): Promise<void> {
  const result = await client.request(refreshPermissionsRoute, { body: {} });
  const refreshed = (result as { permissions_refreshed?: boolean | null }).permissions_refreshed;
  if (refreshed === true) {
    if (verbose) {
      log.info('Permissions Refreshed');
    }
    return;
  }
  if (refreshed === false) {
    log.error(
      `Failed to refresh permissions. Please login with the following link and try again\n${client.baseUrl}`,
    );
    throw new CliError('Failed to refresh permissions');
  }
  if (verbose) {
    throw new CliError('Permissions refresh not relevant for user');
  }
}
