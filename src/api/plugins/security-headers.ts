import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of every response. The built UI (web/dist) loads one module script and
 * one stylesheet from /assets and sets styles only through the DOM (React `style` props), so it needs
 * nothing inline; `script-src 'self'` then keeps an injected `<script>` or `onclick=` from running
 * where users paste their API token. `frame-ancestors 'none'` stops clickjacking.
 * `upgrade-insecure-requests` is left out: Sift is commonly reached over plain HTTP on a LAN, where it
 * would break every asset load.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
};

/**
 * Security headers on every response, API and UI alike (issue 20 #6). Registered before the bearer
 * check so that refusals carry them too.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // TLS ends at the operator's proxy; HSTS (and its includeSubDomains) is that proxy's decision.
    strictTransportSecurity: false,
  });
}
