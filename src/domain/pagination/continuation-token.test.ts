import { describe, expect, it } from 'vitest';

import { AppError } from '../errors.js';

import { decodeContinuation, encodeContinuation } from './continuation-token.js';

describe('continuation tokens', () => {
  it('round-trips a payload for its own kind', () => {
    const token = encodeContinuation('secret', 'audit', { after: 'x' });
    expect(decodeContinuation('secret', 'audit', token)).toEqual({ after: 'x' });
  });

  it.each([
    ['a tampered payload', (token: string) => `e30${token.slice(3)}`],
    ['a truncated signature', (token: string) => token.slice(0, -2)],
    ['garbage', () => 'not-a-token'],
  ])('rejects %s with a 400-class error', (_name, mutate) => {
    const token = encodeContinuation('secret', 'audit', { after: 'x' });
    expect(() => decodeContinuation('secret', 'audit', mutate(token))).toThrow(AppError);
  });

  it('rejects a token of another kind or another secret', () => {
    const token = encodeContinuation('secret', 'audit', {});
    expect(() => decodeContinuation('secret', 'comments', token)).toThrow(/another kind/);
    expect(() => decodeContinuation('other', 'audit', token)).toThrow(AppError);
  });
});
