/**
 * Why a request failed: `api` (an error envelope with a 4xx/5xx code), `protocol` (envelope and code
 * disagree), `parse` (the body is not a JSON envelope), `transport` (connection, TLS or timeout), `schema`
 * (the payload does not match the route's response schema; only when validation was asked for).
 */
export type ApiErrorKind = 'api' | 'protocol' | 'parse' | 'transport' | 'schema';

/** A request that failed, with the official CLI's wording (cli.md §2.4). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly kind: ApiErrorKind,
    /** The HTTP status, or null when no response arrived. */
    readonly status: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
