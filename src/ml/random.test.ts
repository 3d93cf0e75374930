import { describe, expect, it } from 'vitest';

import { deriveSeed, mulberry32, sampleKey, shuffleInPlace, unitHash } from './random.js';

describe('mulberry32', () => {
  it('reproduces the ml.md §0.3 test vectors', () => {
    const one = mulberry32(1);
    expect([one(), one(), one()].map((value) => value.toFixed(10))).toEqual([
      '0.6270739406',
      '0.0027357212',
      '0.5274470400',
    ]);
    const fortyTwo = mulberry32(42);
    expect([fortyTwo(), fortyTwo(), fortyTwo()].map((value) => value.toFixed(10))).toEqual([
      '0.6011037519',
      '0.4482905590',
      '0.8524657935',
    ]);
  });

  it('stays in [0, 1) and accepts unsigned 32-bit seeds', () => {
    const random = mulberry32(0xffffffff);
    for (let draw = 0; draw < 1000; draw += 1) {
      const value = random();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});

describe('deriveSeed', () => {
  it('reproduces the ml.md §0.3 example', () => {
    expect(deriveSeed('0123456789abcdef', 'model-train', 'abc')).toBe(1275320575);
  });
});

describe('unitHash', () => {
  it('reproduces the ml.md §0.3 test vectors', () => {
    expect(unitHash('0123456789abcdef.comment-1').toFixed(10)).toBe('0.4568387810');
    expect(unitHash('0123456789abcdef.a/b.c').toFixed(10)).toBe('0.7295652124');
  });

  it('equals the BigInt formula of ml.md §0.3', async () => {
    const { createHash } = await import('node:crypto');
    for (const uid of ['a.b', 'src.comment-42', 'ü.ñ']) {
      const hex = createHash('sha256').update(uid, 'utf8').digest('hex');
      expect(unitHash(uid)).toBe(Number(BigInt(`0x${hex.slice(0, 13)}`)) / 2 ** 52);
    }
  });
});

describe('shuffleInPlace', () => {
  it('swaps i with floor(r·(i+1)) from the last index down', () => {
    const random = mulberry32(1);
    // Draws 0.627, 0.0027, 0.527 → swap(3, 2), swap(2, 0), swap(1, 1).
    expect(shuffleInPlace([0, 1, 2, 3], random)).toEqual([3, 1, 0, 2]);
  });

  it('gives the same permutation for the same seed', () => {
    const items = Array.from({ length: 50 }, (_, index) => index);
    expect(shuffleInPlace([...items], mulberry32(9))).toEqual(
      shuffleInPlace([...items], mulberry32(9)),
    );
  });
});

describe('sampleKey', () => {
  it('is 16 hex digits, stable per seed and uid', () => {
    const key = sampleKey(7, 'src.c1');
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(sampleKey(7, 'src.c1')).toBe(key);
    expect(sampleKey(8, 'src.c1')).not.toBe(key);
  });
});
