import { randomFillSync } from 'node:crypto';

export type IdGenerator = { next(): string };

// One call into the CSPRNG per 512 ids: a call per id cost more than the rest of making a comment id.
const pool = Buffer.alloc(8 * 512);
let offset = pool.length;

/** 16 lowercase hex characters from a cryptographic source (api.md §3.2). */
export function randomHexId(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  offset += 8;
  return pool.toString('hex', offset - 8, offset);
}

export const cryptoIds: IdGenerator = { next: randomHexId };

export const HEX16 = /^[0-9a-f]{16}$/;
