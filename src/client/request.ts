import { STATUS_CODES } from 'node:http';

import { ApiError } from './api-error.js';

export type ClientOptions = {
  endpoint: string;
  token: string | null;
  /** Waits before each retry; the official CLI uses 5 s, 10 s, 20 s (cli.md §2.4). */
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (message: string) => void;
  timeoutMs?: number;
};

export type RequestOptions = {
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  body?: unknown;
  /** Retried on 409/429/5xx and connection errors (GET, DELETE, PUT and the idempotent POSTs). */
  retry?: boolean;
};

export type Client = {
  request<T = Record<string, unknown>>(
    method: string,
    segments: readonly string[],
    options?: RequestOptions,
  ): Promise<T>;
};

const DEFAULT_DELAYS = [5_000, 10_000, 20_000];

/** Builds the URL from path segments, each percent-encoded (so `/` in an id becomes `%2F`). */
export function buildUrl(
  endpoint: string,
  segments: readonly string[],
  query: RequestOptions['query'] = {},
): string {
  const base = endpoint.endsWith('/') ? endpoint : `${endpoint}/`;
  const url = new URL(
    segments.map((segment) => encodeURIComponent(segment).replace(/%3A/gi, ':')).join('/'),
    base,
  );
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) {
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      url.searchParams.append(key, String(item));
    }
  }
  return url.toString();
}

function retryable(status: number): boolean {
  return status === 409 || status === 429 || status >= 500;
}

/** The HTTP client of the `sift` CLI: envelope checks, `re`'s error messages and retries. */
export function createClient(options: ClientOptions): Client {
  const delays = options.retryDelaysMs ?? DEFAULT_DELAYS;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return {
    async request<T>(
      method: string,
      segments: readonly string[],
      requestOptions: RequestOptions = {},
    ): Promise<T> {
      const url = buildUrl(options.endpoint, segments, requestOptions.query);
      const shouldRetry = requestOptions.retry ?? method !== 'POST';
      for (let attempt = 0; ; attempt++) {
        let response: Response;
        try {
          response = await fetch(url, {
            method,
            headers: {
              ...(options.token === null ? {} : { authorization: `Bearer ${options.token}` }),
              'content-type': 'application/json',
              'accept-encoding': 'gzip',
            },
            ...(requestOptions.body === undefined
              ? {}
              : { body: JSON.stringify(requestOptions.body) }),
            signal: AbortSignal.timeout(options.timeoutMs ?? 240_000),
          });
        } catch (error) {
          if (shouldRetry && attempt < delays.length) {
            options.onRetry?.(
              `connection error for ${url} - retrying after ${delays[attempt]! / 1000}s.`,
            );
            await sleep(delays[attempt]!);
            continue;
          }
          throw new ApiError(
            `Could not connect to ${url}: ${error instanceof Error ? error.message : String(error)}`,
            null,
          );
        }
        if (shouldRetry && retryable(response.status) && attempt < delays.length) {
          options.onRetry?.(
            `${response.status} for ${url} - retrying after ${delays[attempt]! / 1000}s.`,
          );
          await response.arrayBuffer();
          await sleep(delays[attempt]!);
          continue;
        }
        // A DELETE answered 404 after a retry already took effect (api.md §3.11).
        if (method === 'DELETE' && response.status === 404 && attempt > 0) {
          return { status: 'ok' } as T;
        }
        let payload: { status?: unknown; message?: unknown };
        try {
          payload = (await response.json()) as { status?: unknown; message?: unknown };
        } catch {
          throw new ApiError('Could not parse JSON response.', response.status);
        }
        const ok = response.status >= 200 && response.status < 300;
        const message = typeof payload.message === 'string' ? payload.message : '';
        if (ok !== (payload.status === 'ok')) {
          throw new ApiError(
            `Status code ${response.status} inconsistent with response payload: ${message}`,
            response.status,
          );
        }
        if (!ok) {
          throw new ApiError(
            `API request failed with ${response.status} ${STATUS_CODES[response.status] ?? ''}: ${message}`,
            response.status,
          );
        }
        return payload as T;
      }
    },
  };
}
