import { describe, expect, it } from 'vitest';

import { denseDot, vectorNorm } from '../sparse-vector.js';

import { MockEmbedder } from './mock-embedder.js';

describe('MockEmbedder', () => {
  it('records calls and returns deterministic unit vectors', async () => {
    const embedder = new MockEmbedder(8);
    const { vectors } = await embedder.embed({ texts: ['refund my order', 'refund my order', ''] });
    expect(embedder.embedCalls).toEqual([['refund my order', 'refund my order', '']]);
    expect(vectorNorm(vectors[0]!)).toBeCloseTo(1, 6);
    expect(denseDot(vectors[0]!, vectors[1]!)).toBeCloseTo(1, 6);
    expect(vectorNorm(vectors[2]!)).toBe(0);
    expect(embedder).toMatchObject({ kind: 'dense', dimensions: 8, id: 'mock@1;d=8' });
  });
});
