import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:web` writes the UI (web/vite.config.ts). */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

const NOT_BUILT_MESSAGE = 'The web UI is not built: run `npm run build:web` (or `npm run build`).';

// Paths owned by the API (api.md): their misses must stay JSON envelopes, never the SPA page.
const API_PREFIXES = ['/api/', '/auth/', '/docs'];

function isApiPath(url: string): boolean {
  const path = url.split('?', 1)[0] ?? '/';
  return path === '/api' || API_PREFIXES.some((prefix) => path.startsWith(prefix));
}

function wantsHtml(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return false;
  }
  // Browsers navigate with `Accept: text/html…`; scripts and images ask for `*/*`, and a missing chunk
  // must fail as a 404 rather than load index.html as JavaScript.
  const accept = request.headers.accept;
  return (
    typeof accept === 'string' &&
    accept.includes('text/html') &&
    !isApiPath(request.url) &&
    !request.url.startsWith('/assets/')
  );
}

function sendNotBuilt(request: FastifyRequest, reply: FastifyReply): void {
  const accept = request.headers.accept ?? '';
  void reply.code(503).header('cache-control', 'no-store');
  if (/text\/html/.test(accept)) {
    void reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html><head><title>Sift: UI not built</title></head><body>` +
          `<h1>Sift web UI is not built</h1><p>${NOT_BUILT_MESSAGE.replace(/`([^`]+)`/g, '<code>$1</code>')}</p>` +
          `<p>The API is available under <code>/api</code>.</p></body></html>`,
      );
    return;
  }
  void reply
    .type('application/json; charset=utf-8')
    .send({ status: 'error', message: NOT_BUILT_MESSAGE });
}

const PUBLIC = { permission: { kind: 'public' as const } };

/**
 * Serves the built single-page app at `/`: hashed assets are immutable, `index.html` is revalidated on
 * every load (so a new build is picked up), and any other HTML navigation outside the API falls back to
 * `index.html` for client-side routing. Everything else that matches nothing still reaches the API's
 * not-found handler and its JSON envelope.
 */
export async function registerWebUi(
  app: FastifyInstance,
  distDir = DEFAULT_WEB_DIST,
): Promise<void> {
  if (!existsSync(`${distDir}/index.html`)) {
    app.log.warn(NOT_BUILT_MESSAGE);
    app.get('/*', { schema: { hide: true }, config: PUBLIC }, (request, reply) => {
      if (wantsHtml(request) || request.url === '/') {
        sendNotBuilt(request, reply);
      } else {
        reply.callNotFound();
      }
    });
    return;
  }
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    // One route per built file; misses fall through to the catch-all below.
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      const hashed = /[\\/]assets[\\/]/.test(filePath);
      void reply.header(
        'cache-control',
        hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.get('/*', { schema: { hide: true }, config: PUBLIC }, (request, reply) => {
    if (wantsHtml(request) || request.url === '/') {
      return reply.sendFile('index.html');
    }
    reply.callNotFound();
    return reply;
  });
}
