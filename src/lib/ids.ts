import { randomBytes } from 'node:crypto';

export type IdGenerator = { next(): string };

/** 16 lowercase hex characters from a cryptographic source (api.md §3.2). */
export function randomHexId(): string {
  return randomBytes(8).toString('hex');
}

export const cryptoIds: IdGenerator = { next: randomHexId };

export const HEX16 = /^[0-9a-f]{16}$/;
