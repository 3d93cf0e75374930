import type { FastifyInstance } from 'fastify';

import { invalid } from '../../domain/errors.js';

/**
 * The path (`user.email`, `items[2]`) of the first string or key holding U+0000, else null. PostgreSQL
 * cannot store that character in text, so it is refused on every backend alike instead of failing with a
 * 500 on one of them (api.md §3.5). Iterative, so deeply nested bodies cannot overflow the stack.
 */
function findNul(root: unknown): string | null {
  const pending: [unknown, string][] = [[root, '']];
  while (pending.length > 0) {
    const [value, path] = pending.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) {
        return path;
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push([item, `${path}[${index}]`]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const itemPath = path === '' ? key : `${path}.${key}`;
        if (key.includes('\u0000')) {
          return itemPath;
        }
        pending.push([item, itemPath]);
      }
    }
  }
  return null;
}

/**
 * JSON bodies under any content type (api.md §3.3: clients may omit it); an empty body counts as `{}` so
 * routes without a body accept both nothing and `{}`. Prototype-poisoning keys are rejected.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  // A request without any body (no Content-Length) never reaches a parser; treat it like `{}` too.
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && request.routeOptions.schema?.body) {
      request.body = {};
    }
  });
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, {});
      return;
    }
    void parseJson(request, text, (error, value: unknown) => {
      // Raw JSON text can only carry U+0000 as the escape `\u0000`, so most bodies skip the walk.
      const nulAt = !error && text.includes('\\u0000') ? findNul(value) : null;
      if (nulAt !== null) {
        done(
          invalid(`${nulAt === '' ? 'request body' : nulAt}: text must not contain U+0000 (NUL)`),
          undefined,
        );
        return;
      }
      done(error, value);
    });
  });
}
