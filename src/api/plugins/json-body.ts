import type { FastifyInstance } from 'fastify';

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
    void parseJson(request, text, done);
  });
}
