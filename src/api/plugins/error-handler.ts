import type { FastifyError, FastifyInstance } from 'fastify';

import { AppError, type ErrorCode } from '../../domain/errors.js';

import { RequestValidationError } from './validator.js';

// The only code → HTTP status table (architecture.md §8).
const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  embedder_unavailable: 503,
  model_not_ready: 404,
};

type ErrorBody = { status: 'error'; message: string; errors?: { path: string; message: string }[] };

function render(error: unknown): { statusCode: number; body: ErrorBody } {
  if (error instanceof AppError) {
    return {
      statusCode: STATUS[error.code],
      body: {
        status: 'error',
        message: error.message,
        ...(error.options.errors ? { errors: error.options.errors } : {}),
      },
    };
  }
  if (error instanceof RequestValidationError) {
    return {
      statusCode: 400,
      body: { status: 'error', message: error.message, errors: error.issues },
    };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      statusCode: 413,
      body: { status: 'error', message: 'Request body is larger than the server accepts' },
    };
  }
  if (
    fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
  ) {
    return {
      statusCode: 400,
      body: { status: 'error', message: `Malformed JSON body: ${fastifyError.message ?? ''}` },
    };
  }
  if (error instanceof SyntaxError) {
    return {
      statusCode: 400,
      body: { status: 'error', message: `Malformed JSON body: ${error.message}` },
    };
  }
  const statusCode = fastifyError.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return {
      statusCode,
      body: { status: 'error', message: fastifyError.message || 'Bad request' },
    };
  }
  return { statusCode: 500, body: { status: 'error', message: 'Internal server error' } };
}

/** Renders every failure as the error envelope; 5xx are logged with their stack, 4xx briefly. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { statusCode, body } = render(error);
    if (statusCode >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else if (statusCode === 401 || statusCode === 404) {
      request.log.info({ status: statusCode, message: body.message }, 'request refused');
    } else {
      request.log.warn({ status: statusCode, message: body.message }, 'request refused');
    }
    void reply.code(statusCode).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((_request, reply) => {
    // api.md §3.1: unknown routes and unsupported methods alike, with this exact message.
    void reply
      .code(404)
      .type('application/json; charset=utf-8')
      .send({ status: 'error', message: '404 Not Found' });
  });
}
