import { describe, expect, it } from 'vitest';

import { buildLabelHierarchy } from '../classifier/label-hierarchy.js';

import {
  findConfusedPairs,
  healthOfAveragePrecision,
  labelHealth,
  reviewCandidates,
  type LabelHealthInput,
} from './label-health.js';

const base: LabelHealthInput = {
  name: 'Billing',
  reviewedPositives: 40,
  hasModel: true,
  averagePrecision: 0.95,
  recallAtBalanced: 0.9,
  biased: false,
  confusedWith: [],
  hasCheckCandidates: false,
  hasMissedCandidates: false,
};

describe('healthOfAveragePrecision', () => {
  it('interpolates through (0,0), (0.5,50), (0.75,70), (0.9,90), (1,100)', () => {
    expect([0, 0.25, 0.5, 0.6, 0.75, 0.9, 0.95, 1].map(healthOfAveragePrecision)).toEqual([
      0, 25, 50, 58, 70, 90, 95, 100,
    ]);
  });
});

describe('labelHealth', () => {
  it('is good with enough examples and a high AP', () => {
    expect(labelHealth(base)).toEqual({
      score: 95,
      quality: 'good',
      warnings: [],
      actions: [],
      needPinned: null,
      needPinnedIncrement: null,
    });
  });

  it('caps very few examples at 49 and suggests teaching and searching', () => {
    const health = labelHealth({ ...base, reviewedPositives: 4 });
    expect(health).toMatchObject({
      score: 49,
      quality: 'poor',
      needPinned: 21,
      needPinnedIncrement: 5,
    });
    expect(health.warnings).toEqual([{ kind: 'very_low_reviewed_comments', label: 'Billing' }]);
    expect(health.actions.map((action) => action.kind)).toEqual([
      'teach_unreviewed',
      'search_for_examples',
    ]);
  });

  it('flags a low AP, prefers Check candidates, and takes the need from the learning curve', () => {
    const health = labelHealth({
      ...base,
      reviewedPositives: 30,
      averagePrecision: 0.6,
      hasCheckCandidates: true,
      hasMissedCandidates: true,
      neededForAp075: 12,
    });
    expect(health).toMatchObject({
      score: 58,
      quality: 'average',
      needPinned: 12,
      needPinnedIncrement: 6,
    });
    expect(health.warnings.map((warning) => warning.kind)).toEqual(['low_average_precision']);
    expect(health.actions).toEqual([{ kind: 'correct_label', label: 'Billing' }]);
  });

  it('caps a confused label at 69 and names the other label', () => {
    const health = labelHealth({ ...base, confusedWith: [{ label: 'Invoices', action: 'merge' }] });
    expect(health.score).toBe(69);
    expect(health.warnings).toEqual([{ kind: 'confused', label: 'Invoices' }]);
    expect(health.actions).toEqual([{ kind: 'merge', label: 'Invoices' }]);
  });

  it('reports poor coverage and bias, at most three actions', () => {
    const health = labelHealth({
      ...base,
      reviewedPositives: 12,
      averagePrecision: 0.3,
      recallAtBalanced: 0.4,
      biased: true,
      confusedWith: [{ label: 'Other', action: 'deconfuse' }],
      hasMissedCandidates: true,
    });
    expect(health.warnings.map((warning) => warning.kind)).toEqual([
      'low_reviewed_comments',
      'very_low_average_precision',
      'poor_coverage',
      'biased',
      'confused',
    ]);
    expect(health.actions.map((action) => action.kind)).toEqual([
      'teach_unreviewed',
      'missing_label',
      'confirm_top_predicted',
    ]);
  });

  it('treats a label without a model as very low with score 0', () => {
    const health = labelHealth({
      ...base,
      hasModel: false,
      averagePrecision: null,
      recallAtBalanced: null,
    });
    expect(health).toMatchObject({ score: 0, quality: 'poor' });
    expect(health.warnings[0]?.kind).toBe('very_low_reviewed_comments');
  });
});

describe('findConfusedPairs', () => {
  it('counts cross-errors at balanced thresholds and picks the action by rate', () => {
    const hierarchy = buildLabelHierarchy(['A', 'B', 'B > C']);
    const rows = 10;
    // A positive on rows 0–4, B on rows 5–9; C = B on rows 8–9.
    const targets = new Uint8Array(3 * rows);
    for (let row = 0; row < 5; row += 1) {
      targets[row] = 1;
      targets[rows + 5 + row] = 1;
    }
    targets[2 * rows + 8] = 1;
    targets[2 * rows + 9] = 1;
    const probabilities = new Float64Array(3 * rows).fill(0.1);
    // A fires on B rows 5, 6 and B fires on A rows 0, 1: e = 4 of N⁺ = 10 → 0.4 → deconfuse.
    for (const row of [0, 1, 2, 3, 4, 5, 6]) {
      probabilities[row] = 0.9;
    }
    for (const row of [0, 1, 5, 6, 7, 8, 9]) {
      probabilities[rows + row] = 0.9;
    }
    const pairs = findConfusedPairs({
      hierarchy,
      probabilities,
      targets,
      rows,
      thresholds: [0.5, 0.5, 0.5],
    });
    expect(pairs).toEqual([{ first: 0, second: 1, errors: 4, rate: 0.4, action: 'deconfuse' }]);
  });
});

describe('reviewCandidates', () => {
  it('counts positives below and negatives at or above the threshold', () => {
    expect(reviewCandidates([0.2, 0.6, 0.5, 0.1], [1, 1, 0, 0], 0.5)).toEqual({
      check: 1,
      missed: 1,
    });
  });
});
