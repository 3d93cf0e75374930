export type ErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable'
  | 'internal'
  | 'embedder_unavailable'
  | 'model_not_ready';

export type ValidationIssue = { path: string; message: string };

/** The one error type of Sift; `api/plugins/error-handler.ts` maps `code` to an HTTP status. */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: { errors?: ValidationIssue[]; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }
}

export const notFound = (message: string): AppError => new AppError('not_found', message);
export const invalid = (message: string): AppError => new AppError('invalid_request', message);
export const conflict = (message: string): AppError => new AppError('conflict', message);
