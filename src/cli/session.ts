import { ApiError } from '../client/api-error.js';
import { createClient, type Client } from '../client/request.js';

import { defaultContextsPath, readContexts } from './contexts.js';
import { log, type Io } from './io.js';

export type GlobalOptions = {
  configFile?: string;
  context?: string;
  endpoint?: string;
  token?: string;
  output?: string;
};

export type Session = { client: Client; output: 'table' | 'json'; endpoint: string };

const DEFAULT_ENDPOINT = 'http://localhost:8080';

/** Flag → environment → selected context → default (cli.md §2.2), then `GET /auth/user` (§2.3). */
export async function openSession(
  io: Io,
  options: GlobalOptions,
  refreshPermissions: boolean,
): Promise<Session> {
  const output = options.output ?? 'table';
  if (!['table', 'json', 'jsonl'].includes(output)) {
    throw new Error(`invalid output format '${output}' (expected table, json or jsonl)`);
  }
  const contexts = readContexts(options.configFile ?? defaultContextsPath(io.env));
  const name = options.context ?? contexts.current_context;
  const context =
    name === null ? undefined : contexts.contexts.find((candidate) => candidate.name === name);
  if (options.context !== undefined && !context) {
    throw new Error(`Unknown context \`${options.context}\`.`);
  }
  if (
    contexts.context_is_required &&
    options.context === undefined &&
    options.endpoint === undefined
  ) {
    throw new Error(
      'Please provide a context with the `sift -c <context>` option or opt out with `sift config set-context-required false`',
    );
  }
  // An empty variable counts as unset.
  const endpoint =
    options.endpoint ??
    (io.env['SIFT_ENDPOINT'] || undefined) ??
    context?.endpoint ??
    DEFAULT_ENDPOINT;
  const token = options.token ?? (io.env['SIFT_TOKEN'] || undefined) ?? context?.token ?? null;
  const client = createClient({ endpoint, token, onRetry: (message) => log(io, 'W', message) });
  await client.request('GET', ['auth', 'user']);
  if (refreshPermissions) {
    const refreshed = await client.request<{ permissions_refreshed?: boolean }>(
      'POST',
      ['auth', 'refresh-user-permissions'],
      {
        body: {},
        retry: true,
      },
    );
    if (refreshed.permissions_refreshed === false) {
      throw new ApiError(
        `Failed to refresh permissions. Please login with the following link and try again ${endpoint}`,
        null,
      );
    }
  }
  return { client, output: output === 'table' ? 'table' : 'json', endpoint };
}

/** `owner/name` (exactly one `/`) or an all-hex id (cli.md §2.6). */
export function parseResourceRef(kind: 'source' | 'dataset', value: string): string[] {
  if (/^[0-9a-f]+$/.test(value)) {
    return [`id:${value}`];
  }
  const parts = value.split('/');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
    throw new Error(`Expected <owner>/<name> or a ${kind} id, got: ${value}`);
  }
  return parts;
}
