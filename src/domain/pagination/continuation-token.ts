import { createHmac, timingSafeEqual } from 'node:crypto';

import { invalid } from '../errors.js';

// Tokens are `<base64url payload>.<base64url HMAC>`: opaque to clients, tamper-evident, and carrying the
// keyset position plus the query they belong to (api.md §3.10.2).

export function encodeContinuation(secret: string, kind: string, payload: unknown): string {
  const body = Buffer.from(JSON.stringify({ k: kind, p: payload }), 'utf8').toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

/** Returns the payload of a token minted for `kind`; anything else is a 400. */
export function decodeContinuation(secret: string, kind: string, token: string): unknown {
  const dot = token.indexOf('.');
  if (dot <= 0) {
    throw invalid('Invalid continuation token');
  }
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = Buffer.from(sign(secret, body), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalid('Invalid continuation token');
  }
  const decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
    k: string;
    p: unknown;
  };
  if (decoded.k !== kind) {
    throw invalid('Invalid continuation token: it belongs to another kind of query');
  }
  return decoded.p;
}

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}
