import { STATUS_CODES } from 'node:http';

import type { Static, TSchema } from 'typebox';

import type { HttpMethod } from '../contracts/route.js';

import { ApiError } from './api-error.js';
import { DEFAULT_RETRY_DELAYS_MS, isRetriedRequest } from './retry-policy.js';
import { createTransport, TransportError, type Transport } from './transport.js';
import { fillPath, joinUrl, type Query } from './url.js';

/** A route spec from `src/contracts` or any `{method, url}` with `:param` placeholders. */
export type RouteLike = {
  method: HttpMethod;
  url: string;
  schema?: { response?: Readonly<Record<number, TSchema>> };
};

type SuccessSchema<R> = R extends { schema: { response: { 200: infer S extends TSchema } } }
  ? S
  : never;

/**
 * A route that carries its 200 payload type without the runtime schema, so that a caller can avoid
 * loading TypeBox (the CLI's route table does this to start fast).
 */
export type TypedRoute<T> = RouteLike & { readonly payload?: T };

type PhantomPayload<R> = R extends { readonly payload?: infer T } ? T : unknown;
type SchemaPayload<R> = [SuccessSchema<R>] extends [never]
  ? Record<string, unknown>
  : Static<SuccessSchema<R>>;

/** The 200 payload of a route spec (envelope included), or a plain record for ad-hoc routes. */
export type ResponseOf<R> =
  unknown extends PhantomPayload<R> ? SchemaPayload<R> : PhantomPayload<R>;

export type RequestInput = {
  params?: Readonly<Record<string, string>>;
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** A non-JSON body (multipart uploads), sent as is. */
  rawBody?: { contentType: string; data: Buffer };
  /** Overrides the retry policy of api.md §3.11 for this request. */
  retry?: boolean;
};

export type ClientOptions = {
  /** The API base URL, possibly with a path prefix (`https://host/org/tenant/reinfer_`). */
  baseUrl: string;
  token: string | null;
  signal?: AbortSignal;
  /**
   * Waits before each retry, or `false` for none.
   * @default [5000, 10000, 20000] (the official CLI's back-off)
   */
  retries?: readonly number[] | false;
  /** Injectable so that tests do not sleep. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called before each attempt (the CLI logs it at debug level). */
  onRequest?: (method: string, url: string) => void;
  /** Called with `<status> for <url> - retrying after <duration>.` before each wait. */
  onRetry?: (message: string) => void;
  /** @default 240000 */
  timeoutMs?: number;
  /** Check 2xx payloads against the route's response schema (tests use it as a contract check). */
  validate?: boolean;
  acceptInvalidCertificates?: boolean;
  proxy?: string | null;
};

export type Client = {
  readonly baseUrl: string;
  request<R extends RouteLike>(route: R, input?: RequestInput): Promise<ResponseOf<R>>;
  /** A raw download (attachments): the body bytes of a 2xx response. */
  requestBytes(route: RouteLike, input?: RequestInput): Promise<Buffer>;
  close(): void;
};

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      },
      { once: true },
    );
  });
}

/** Rust's `Duration` debug format, which the official CLI prints in retry warnings. */
function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/**
 * 429 and 5xx are retried as the official client does. A 409 is retried only when the server marks it
 * transient with `Retry-After`: Sift answers 409 for conflicts a replay cannot resolve (api.md §3.11,
 * "create of an existing name"), and the official client's three retries only delay that answer by 35 s.
 */
function shouldRetryStatus(status: number, retryAfter: boolean): boolean {
  return (status === 409 && retryAfter) || status === 429 || status >= 500;
}

type Envelope = { status?: unknown; message?: unknown };

function statusText(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? '<unknown status code>'}`;
}

/** The envelope rules of api.md §3.4 with the official CLI's messages. */
function checkEnvelope(status: number, body: Buffer): Record<string, unknown> {
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8')) as unknown;
  } catch (error) {
    throw new ApiError('Could not parse JSON response.', 'parse', status, { cause: error });
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new ApiError('Could not parse JSON response.', 'parse', status);
  }
  const envelope = payload as Envelope;
  if (envelope.status !== 'ok' && envelope.status !== 'error') {
    throw new ApiError('Could not parse JSON response.', 'parse', status);
  }
  const success = status >= 200 && status < 300;
  const message = typeof envelope.message === 'string' ? envelope.message : '';
  if (envelope.status === 'ok' && !success) {
    throw new ApiError(
      `Status code ${status} inconsistent with response payload: `,
      'protocol',
      status,
    );
  }
  if (envelope.status === 'error') {
    if (success) {
      throw new ApiError(
        `Status code ${status} inconsistent with response payload: ${message}`,
        'protocol',
        status,
      );
    }
    throw new ApiError(`API request failed with ${statusText(status)}: ${message}`, 'api', status);
  }
  return payload as Record<string, unknown>;
}

/** Loaded only when validation is asked for, so that command-line start-up stays fast. */
async function validatePayload(
  route: RouteLike,
  schema: TSchema,
  payload: unknown,
  status: number,
): Promise<void> {
  const { Value } = await import('typebox/value');
  if (!Value.Check(schema, payload)) {
    const first = Value.Errors(schema, payload)[0];
    throw new ApiError(
      `Response of ${route.method} ${route.url} does not match its schema${first ? `: ${first.instancePath} ${first.message}` : ''}`,
      'schema',
      status,
    );
  }
}

/**
 * The HTTP client shared by the CLI, the web UI and tests (architecture.md §4.4): builds the URL with
 * each path segment percent-encoded, sends the bearer token and JSON, checks the envelope, and retries
 * 409/429/5xx/connection failures with the official back-off for the requests api.md §3.11 lists.
 */
export function createClient(options: ClientOptions): Client {
  const transport: Transport = createTransport({
    ...(options.acceptInvalidCertificates === undefined
      ? {}
      : { acceptInvalidCertificates: options.acceptInvalidCertificates }),
    ...(options.proxy === undefined ? {} : { proxy: options.proxy }),
  });
  const delays = options.retries === false ? [] : (options.retries ?? DEFAULT_RETRY_DELAYS_MS);
  const sleep = options.sleep ?? defaultSleep;
  const timeoutMs = options.timeoutMs ?? 240_000;

  async function send(
    route: RouteLike,
    input: RequestInput,
    accept: 'json' | 'bytes',
  ): Promise<{ status: number; body: Buffer; retried: boolean }> {
    const path = fillPath(route.url, input.params);
    const url = joinUrl(options.baseUrl, path, input.query);
    const retry = input.retry ?? isRetriedRequest(route.method, path);
    const headers: Record<string, string> = {
      accept: accept === 'json' ? 'application/json' : '*/*',
      'accept-encoding': 'gzip',
      'user-agent': 'sift-cli',
    };
    if (options.token !== null && options.token !== '') {
      headers['authorization'] = `Bearer ${options.token}`;
    }
    let body: Buffer | string | undefined;
    if (input.rawBody !== undefined) {
      headers['content-type'] = input.rawBody.contentType;
      body = input.rawBody.data;
    } else if (input.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(input.body);
    }
    for (let attempt = 0; ; attempt++) {
      const wait = retry ? delays[attempt] : undefined;
      options.onRequest?.(route.method, url);
      try {
        const response = await transport.send({
          method: route.method,
          url,
          headers,
          ...(body === undefined ? {} : { body }),
          timeoutMs,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        });
        if (
          wait !== undefined &&
          shouldRetryStatus(response.status, response.retryAfter === true)
        ) {
          options.onRetry?.(
            `${statusText(response.status)} for ${url} - retrying after ${formatDuration(wait)}.`,
          );
          await sleep(wait, options.signal);
          continue;
        }
        return { ...response, retried: attempt > 0 };
      } catch (error) {
        if (!(error instanceof TransportError)) {
          throw error;
        }
        if (wait !== undefined && options.signal?.aborted !== true) {
          options.onRetry?.(
            `${error.message} for ${url} - retrying after ${formatDuration(wait)}.`,
          );
          await sleep(wait, options.signal);
          continue;
        }
        throw new ApiError(
          `HTTP request error: ${route.method} operation failed. ${error.message} (${url})`,
          'transport',
          null,
          { cause: error },
        );
      }
    }
  }

  return {
    baseUrl: options.baseUrl,
    close: () => transport.close(),
    async request<R extends RouteLike>(route: R, input: RequestInput = {}) {
      const response = await send(route, input, 'json');
      // A DELETE answered 404 after a retry already took effect on an earlier attempt (api.md §3.11).
      if (route.method === 'DELETE' && response.status === 404 && response.retried) {
        return { status: 'ok' } as ResponseOf<R>;
      }
      const payload = checkEnvelope(response.status, response.body);
      const schema = route.schema?.response?.[200];
      if (options.validate === true && schema !== undefined) {
        await validatePayload(route, schema, payload, response.status);
      }
      return payload as ResponseOf<R>;
    },

    async requestBytes(route, input = {}) {
      const response = await send(route, input, 'bytes');
      if (response.status >= 200 && response.status < 300) {
        return response.body;
      }
      checkEnvelope(response.status, response.body);
      throw new ApiError(
        `API request failed with ${statusText(response.status)}: `,
        'api',
        response.status,
      );
    },
  };
}

/** One request with a throw-away client (keep-alive pooling needs `createClient`). */
export async function request<R extends RouteLike>(
  route: R,
  input: RequestInput,
  options: ClientOptions,
): Promise<ResponseOf<R>> {
  const client = createClient(options);
  try {
    return await client.request(route, input);
  } finally {
    client.close();
  }
}
