import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `sift_` + 43 base62 characters: 256 bits of randomness, URL-safe (api.md §3.7.2). */
export function generateApiToken(): string {
  let value = BigInt(`0x${randomBytes(32).toString('hex')}`);
  let out = '';
  for (let i = 0; i < 43; i++) {
    out = BASE62[Number(value % 62n)]! + out;
    value /= 62n;
  }
  return `sift_${out}`;
}
