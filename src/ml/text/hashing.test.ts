import { describe, expect, it } from 'vitest';

import {
  FEATURE_BUCKETS,
  featureBucket,
  murmur3,
  murmur3Prefixed,
  prefixedFeatureBucket,
} from './hashing.js';

/** Reference MurmurHash3 x86_32 over bytes, written from the algorithm description. */
function referenceMurmur3(bytes: Uint8Array, seed = 0): number {
  let hash = seed >>> 0;
  const blocks = Math.floor(bytes.length / 4);
  for (let block = 0; block < blocks; block += 1) {
    let k =
      bytes[block * 4]! |
      (bytes[block * 4 + 1]! << 8) |
      (bytes[block * 4 + 2]! << 16) |
      (bytes[block * 4 + 3]! << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    hash ^= k;
    hash = (hash << 13) | (hash >>> 19);
    hash = (Math.imul(hash, 5) + 0xe6546b64) | 0;
  }
  const tail = blocks * 4;
  const rest = bytes.length & 3;
  if (rest > 0) {
    let k = 0;
    for (let index = rest - 1; index >= 0; index -= 1) {
      k = (k << 8) | bytes[tail + index]!;
    }
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    hash ^= k;
  }
  hash ^= bytes.length;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

describe('murmur3', () => {
  it('reproduces the ml.md §0.3 test vectors', () => {
    expect(murmur3('')).toBe(0);
    expect(murmur3('hello')).toBe(613153351);
    expect(murmur3('w:refund')).toBe(3862024304);
    expect(murmur3('b:my refund')).toBe(3319796523);
  });

  it('hashes the UTF-8 bytes of any text, lone surrogates as U+FFFD', () => {
    const encoder = new TextEncoder();
    for (const text of [
      'a',
      'ab',
      'abc',
      'abcd',
      'héllo wörld',
      '日本語のテキスト',
      'emoji 😀 ok',
      'x\uD800y',
    ]) {
      expect(murmur3(text)).toBe(referenceMurmur3(encoder.encode(text)));
      expect(murmur3(text, 42)).toBe(referenceMurmur3(encoder.encode(text), 42));
    }
  });
});

describe('murmur3Prefixed', () => {
  it('equals hashing the concatenated string', () => {
    const text = 'xx refund 😀 über';
    expect(murmur3Prefixed('c:', text, 3, 9)).toBe(murmur3(`c:${text.slice(3, 9)}`));
    expect(murmur3Prefixed('c:', text, 9, 14)).toBe(murmur3(`c:${text.slice(9, 14)}`));
  });
});

describe('featureBucket', () => {
  it('is the hash modulo 2^18', () => {
    expect(featureBucket('w:refund')).toBe(3862024304 % FEATURE_BUCKETS);
    expect(prefixedFeatureBucket('w:', 'refund', 0, 6)).toBe(featureBucket('w:refund'));
  });
});
