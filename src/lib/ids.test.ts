import { describe, expect, it } from 'vitest';

import { HEX16, randomHexId } from './ids.js';

describe('randomHexId', () => {
  it('keeps producing distinct 16-hex ids across refills of its random pool', () => {
    const ids = Array.from({ length: 3000 }, randomHexId);
    expect(ids.every((id) => HEX16.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
