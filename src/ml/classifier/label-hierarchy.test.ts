import { describe, expect, it } from 'vitest';

import {
  applyHierarchyConsistency,
  buildLabelHierarchy,
  isAncestor,
  targetsFromAssignments,
} from './label-hierarchy.js';

const labels = ['Billing', 'Billing > Refund', 'Billing > Refund > Late', 'Delivery'];
const hierarchy = buildLabelHierarchy(labels);

describe('buildLabelHierarchy', () => {
  it('links each label to its nearest listed ancestor and orders deepest first', () => {
    expect(Array.from(hierarchy.parent)).toEqual([-1, 0, 1, -1]);
    expect(Array.from(hierarchy.bottomUp)).toEqual([2, 1, 0, 3]);
    expect(Array.from(hierarchy.hasChildren)).toEqual([1, 1, 0, 0]);
    expect(isAncestor(hierarchy, 0, 2)).toBe(true);
    expect(isAncestor(hierarchy, 2, 0)).toBe(false);
  });
});

describe('targetsFromAssignments', () => {
  it('makes a label positive when it or a descendant is assigned (ml.md §3.1)', () => {
    // Three comments: Late assigned; Billing assigned; Delivery assigned.
    const reshaped = new Uint8Array(12);
    // label-major: [Billing ×3, Refund ×3, Late ×3, Delivery ×3]
    reshaped.set([0, 1, 0], 0);
    reshaped.set([0, 0, 0], 3);
    reshaped.set([1, 0, 0], 6);
    reshaped.set([0, 0, 1], 9);
    expect(Array.from(targetsFromAssignments(hierarchy, reshaped, 3))).toEqual([
      1, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1,
    ]);
  });
});

describe('applyHierarchyConsistency', () => {
  it('makes parents at least as probable as their children, bottom-up (ml.md §3.5)', () => {
    const probabilities = Float64Array.from([0.2, 0.5, 0.9, 0.3]);
    applyHierarchyConsistency(hierarchy, probabilities, 1);
    expect(Array.from(probabilities)).toEqual([0.9, 0.9, 0.9, 0.3]);
  });

  it('gives a parent without a model its children’s maximum and leaves absent labels absent', () => {
    const probabilities = Float64Array.from([Number.NaN, Number.NaN, 0.4, Number.NaN]);
    applyHierarchyConsistency(hierarchy, probabilities, 1);
    expect(probabilities[0]).toBe(0.4);
    expect(probabilities[1]).toBe(0.4);
    expect(probabilities[3]).toBeNaN();
  });
});
