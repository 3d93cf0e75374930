import { describe, expect, it } from 'vitest';

import { buildLabelHierarchy } from '../classifier/label-hierarchy.js';
import { sigmoid } from '../classifier/logistic.js';
import { mulberry32 } from '../random.js';

import { calibrateGroup, calibrationShifts, shiftScores } from './calibrate-group.js';

describe('shiftScores', () => {
  it('subtracts each label’s class-weight shift', () => {
    expect(Array.from(shiftScores(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, -1), 2))).toEqual(
      [0, 1, 4, 5],
    );
  });
});

describe('calibrationShifts', () => {
  it('pools labels under 50 positives and keeps the own shift of the others', () => {
    const shifts = calibrationShifts([
      { positives: 2, negatives: 998 },
      null,
      { positives: 8, negatives: 992 },
      { positives: 200, negatives: 800 },
    ]);
    expect(shifts[0]).toBeCloseTo(Math.log(995 / 5), 12);
    expect(shifts[1]).toBeNull();
    expect(shifts[2]).toBe(shifts[0]);
    expect(shifts[3]).toBeCloseTo(Math.log(4), 12);
  });
});

describe('calibrateGroup', () => {
  const hierarchy = buildLabelHierarchy(['A', 'A > B', 'A > C']);
  const rows = 400;
  const random = mulberry32(8);
  const scores = new Float64Array(2 * rows);
  const targets = new Uint8Array(3 * rows);
  for (let row = 0; row < rows; row += 1) {
    for (let m = 0; m < 2; m += 1) {
      const score = (random() - 0.5) * 6;
      scores[m * rows + row] = score;
      // Label B is frequent (≥ 50 positives); label C is rare.
      const rate = m === 0 ? sigmoid(2 * score) : sigmoid(score - 4);
      targets[(m + 1) * rows + row] = random() < rate ? 1 : 0;
    }
    targets[row] = targets[rows + row]! | targets[2 * rows + row]!;
  }
  const halves = Uint8Array.from({ length: rows }, (_, row) => row % 2);
  const result = calibrateGroup({
    hierarchy,
    modelled: Int32Array.of(1, 2),
    scores,
    shifts: Float64Array.of(0, 0),
    targets,
    rows,
    halves,
    goldLeaf: Int32Array.from({ length: rows }, () => -1),
  });

  it('fits per-label Platt only for labels with ≥ 50 positives', () => {
    const [frequent, rare] = result.calibrators.perLabel;
    expect(frequent).not.toEqual(result.calibrators.global);
    expect(rare).toEqual(result.calibrators.global);
  });

  it('returns calibrated probabilities with the parent consistent with its children', () => {
    for (let row = 0; row < rows; row += 1) {
      const parent = result.probabilities[row]!;
      expect(parent).toBe(
        Math.max(result.probabilities[rows + row]!, result.probabilities[2 * rows + row]!),
      );
    }
  });

  it('reports a cross-fitted ECE, the Brier score and 15 reliability bins', () => {
    expect(result.report.ece).toBeGreaterThanOrEqual(0);
    expect(result.report.ece).toBeLessThan(0.1);
    expect(result.report.brier).not.toBeNull();
    expect(result.report.reliability).toHaveLength(15);
    expect(result.report.reliability.reduce((sum, bin) => sum + bin.count, 0)).toBe(3 * rows);
    expect(result.report.topLabelEce).not.toBeNull();
  });
});
