import { describe, expect, it } from 'vitest';

import { sigmoid } from '../classifier/logistic.js';
import { mulberry32 } from '../random.js';

import { applyPlatt, fitPlatt, plattTargets } from './platt.js';

function sample(count: number, slope: number, intercept: number, seed: number) {
  const random = mulberry32(seed);
  const scores = new Float64Array(count);
  const targets = new Uint8Array(count);
  for (let index = 0; index < count; index += 1) {
    const score = (random() - 0.5) * 8;
    scores[index] = score;
    targets[index] = random() < sigmoid(slope * score + intercept) ? 1 : 0;
  }
  return { scores, targets };
}

describe('fitPlatt', () => {
  it('recovers the generating slope and intercept', () => {
    const fitted = fitPlatt([sample(20_000, 2, -1, 1)]);
    expect(fitted.slope).toBeCloseTo(2, 1);
    expect(fitted.intercept).toBeCloseTo(-1, 1);
  });

  it('uses Platt’s smoothed targets', () => {
    expect(plattTargets(8, 98)).toEqual({ positive: 0.9, negative: 0.01 });
    // Perfectly separated data stays finite because targets are never exactly 0 or 1.
    const fitted = fitPlatt([
      { scores: Float64Array.of(-1, -1, 1, 1), targets: Uint8Array.of(0, 0, 1, 1) },
    ]);
    expect(Number.isFinite(fitted.slope)).toBe(true);
    expect(applyPlatt(fitted, 1)).toBeCloseTo(0.75, 6);
  });

  it('returns the start without a positive and a negative', () => {
    const only = { scores: Float64Array.of(1, 2), targets: Uint8Array.of(1, 1) };
    expect(fitPlatt([only])).toEqual({ slope: 1, intercept: 0 });
    expect(fitPlatt([only], { start: { slope: 2, intercept: 3 } })).toEqual({
      slope: 2,
      intercept: 3,
    });
  });

  it('shrinks towards the prior and clamps the slope at 0.05', () => {
    const data = sample(200, 3, 0, 2);
    const center = { slope: 1, intercept: 0 };
    const strong = fitPlatt([data], { start: center, prior: { center, strength: 1e9 } });
    expect(strong.slope).toBeCloseTo(1, 4);
    const free = fitPlatt([data]);
    const shrunk = fitPlatt([data], { start: center, prior: { center, strength: 10 } });
    expect(Math.abs(shrunk.slope - 1)).toBeLessThan(Math.abs(free.slope - 1));
    const decreasing = sample(2000, -2, 0, 3);
    expect(fitPlatt([decreasing]).slope).toBe(0.05);
  });

  it('fits only masked rows', () => {
    const data = sample(4000, 2, 0, 4);
    const mask = Uint8Array.from(data.targets, (_, index) => (index < 2000 ? 1 : 0));
    const masked = fitPlatt([{ ...data, mask }]);
    const prefix = fitPlatt([
      { scores: data.scores.subarray(0, 2000), targets: data.targets.subarray(0, 2000) },
    ]);
    expect(masked.slope).toBeCloseTo(prefix.slope, 10);
  });
});
