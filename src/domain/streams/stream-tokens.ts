import type { CallContext } from '../context.js';
import { invalid } from '../errors.js';
import { decodeContinuation, encodeContinuation } from '../pagination/continuation-token.js';

// api.md §5.11.1: `sequence_id` and `continuation` tokens are the same thing — an HMAC-signed
// (stream id, position) pair — so either may be passed to advance, and a forged or foreign token is a 400.

type TokenPayload = { s: string; p: number };

export function streamToken(context: CallContext, streamId: string, position: number): string {
  return encodeContinuation(context.tenant.token_secret, 'stream', {
    s: streamId,
    p: position,
  } satisfies TokenPayload);
}

/** The position a token of this stream encodes; anything else is a 400 naming the problem. */
export function tokenPosition(context: CallContext, streamId: string, token: string): number {
  let payload: unknown;
  try {
    payload = decodeContinuation(context.tenant.token_secret, 'stream', token);
  } catch {
    throw invalid('Invalid sequence_id: not a token issued by this stream');
  }
  const { s, p } = (payload ?? {}) as Partial<TokenPayload>;
  if (typeof s !== 'string' || typeof p !== 'number' || !Number.isSafeInteger(p) || p < 0) {
    throw invalid('Invalid sequence_id: not a token issued by this stream');
  }
  if (s !== streamId) {
    throw invalid('Invalid sequence_id: the token belongs to another stream');
  }
  return p;
}
