import { describe, expect, it } from 'vitest';

import { buildLabelHierarchy, targetsFromAssignments } from '../classifier/label-hierarchy.js';

import { coverageContributors, findInformativeLabels, uninformativeShare } from './coverage.js';

function labelMajor(labels: number, rows: number, cells: [number, number][]): Uint8Array {
  const out = new Uint8Array(labels * rows);
  for (const [label, row] of cells) {
    out[label * rows + row] = 1;
  }
  return out;
}

describe('findInformativeLabels', () => {
  it('marks container parents and modifiers as uninformative', () => {
    const hierarchy = buildLabelHierarchy(['Billing', 'Billing > Refund', 'Delivery', 'Urgent']);
    const rows = 40;
    const cells: [number, number][] = [];
    for (let row = 0; row < rows; row += 1) {
      // Billing is only ever assigned through Refund (rows 0–19); Delivery on rows 20–39.
      cells.push(row < 20 ? [1, row] : [2, row]);
      // Urgent (20 positives) always accompanies another label.
      if (row % 20 < 10) {
        cells.push([3, row]);
      }
    }
    const assigned = labelMajor(4, rows, cells);
    const targets = targetsFromAssignments(hierarchy, assigned, rows);
    const result = findInformativeLabels({ hierarchy, assigned, targets, rows });
    expect(Array.from(result.container)).toEqual([1, 0, 0, 0]);
    expect(Array.from(result.modifier)).toEqual([0, 0, 0, 1]);
    expect(Array.from(result.informative)).toEqual([0, 1, 1, 0]);
    expect(result.modifierRuleDropped).toBe(false);
    expect(result.hasUninformative).toBe(true);
    expect(uninformativeShare(targets, result.informative, rows)).toBe(0);
  });

  it('drops the modifier rule when informative labels would cover under half the labelled comments', () => {
    const hierarchy = buildLabelHierarchy(['Note', 'Topic']);
    const rows = 30;
    const cells: [number, number][] = [];
    for (let row = 0; row < rows; row += 1) {
      cells.push([0, row]);
      if (row < 3) {
        cells.push([1, row]);
      }
    }
    // Note is alone on 27 of 30 comments, so it is no modifier; Topic always has Note but n < 20.
    const assigned = labelMajor(2, rows, cells);
    const result = findInformativeLabels({ hierarchy, assigned, targets: assigned, rows });
    expect(Array.from(result.informative)).toEqual([1, 1]);
    // Make Note a modifier that covers most comments alone with the rare Topic: safeguard applies.
    const modifierCells: [number, number][] = [];
    for (let row = 0; row < rows; row += 1) {
      modifierCells.push([0, row], [1, row]);
    }
    const both = labelMajor(2, rows, modifierCells);
    const dropped = findInformativeLabels({ hierarchy, assigned: both, targets: both, rows });
    expect(Array.from(dropped.modifier)).toEqual([1, 1]);
    expect(dropped.modifierRuleDropped).toBe(true);
    expect(Array.from(dropped.informative)).toEqual([1, 1]);
  });
});

describe('coverageContributors', () => {
  it('computes the ml.md §5.8 contributors and the coverage ratio', () => {
    const hierarchy = buildLabelHierarchy(['A', 'A > B', 'C']);
    const rows = 4;
    // Label-major probabilities; C has no model (NaN) on purpose.
    const probabilities = Float64Array.from([
      0.9,
      0.2,
      0.6,
      0.1, // A
      0.8,
      0.1,
      0.3,
      0.1, // A > B
      Number.NaN,
      Number.NaN,
      Number.NaN,
      Number.NaN, // C
    ]);
    const result = coverageContributors({
      hierarchy,
      probabilities,
      rows,
      thresholds: [0.5, 0.5, 0.5],
      informative: Uint8Array.of(0, 1, 1),
      pUninformative: 0.2,
    });
    expect(result.coverage).toBe(0.25);
    expect(result.labelOnlyCoverage).toBe(0.5);
    expect(result.pAnyLabel).toBeCloseTo((0.8 + 0.1 + 0.3 + 0.1) / 4, 12);
    expect(result.expectedNumLabels).toBeCloseTo((0.8 + 0.1 + 0.3 + 0.1) / 4, 12);
    expect(result.ratio).toBeCloseTo(0.25 / 0.8, 12);
  });
});
