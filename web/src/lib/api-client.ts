import type { Static } from 'typebox';

import type { ValidationIssue } from '../../../src/contracts/envelope.js';

type Issue = Static<typeof ValidationIssue>;

/** An error envelope (`{"status":"error", message}`) or a network failure, with a readable message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly httpStatus: number,
    readonly issues: readonly Issue[] = [],
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'sift.token';

export function readToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string | null): void {
  if (token === null) {
    sessionStorage.removeItem(TOKEN_KEY);
  } else {
    sessionStorage.setItem(TOKEN_KEY, token);
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export type RequestOptions = {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** Overrides the stored token (sign-in verifies a token before storing it). */
  token?: string;
  signal?: AbortSignal;
};

/** Encodes each path segment so that project, dataset and label names cannot alter the route. */
export function apiPath(template: string, ...segments: string[]): string {
  let index = 0;
  return template.replace(/:[a-z_]+/g, () => encodeURIComponent(segments[index++] ?? ''));
}

function readableMessage(status: number, payload: unknown): { message: string; issues: Issue[] } {
  if (typeof payload === 'object' && payload !== null) {
    const record = payload as { message?: unknown; errors?: unknown };
    const issues = Array.isArray(record.errors) ? (record.errors as Issue[]) : [];
    if (typeof record.message === 'string' && record.message !== '') {
      return { message: record.message, issues };
    }
  }
  return { message: `The server answered ${status}.`, issues: [] };
}

/** Sends one request to Sift's public API and returns the `ok` payload or throws an ApiError. */
export async function apiRequest<T>(
  method: Method,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const token = options.token ?? readToken();
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) {
      search.set(key, String(value));
    }
  }
  const url = search.size > 0 ? `${path}?${search.toString()}` : path;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== null) {
    headers.authorization = `Bearer ${token}`;
  }
  const init: RequestInit = { method, headers };
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  if (options.signal !== undefined) {
    init.signal = options.signal;
  }
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw error;
    }
    throw new ApiError('Sift could not be reached. Check your connection and try again.', 0);
  }
  const text = await response.text();
  let payload: unknown;
  try {
    payload = text === '' ? null : JSON.parse(text);
  } catch {
    // A proxy's HTML error page: fall back to the status in the message.
    payload = null;
  }
  if (!response.ok || (payload as { status?: unknown } | null)?.status === 'error') {
    const { message, issues } = readableMessage(response.status, payload);
    throw new ApiError(message, response.status, issues);
  }
  return payload as T;
}
