import { describe, expect, it } from 'vitest';

import { addReviewKey, emptyReviewKeys } from './review-keys.js';

describe('review keys (ml.md §6.1 Check and Missed)', () => {
  it('keeps the weakest leaf-most assigned label and the strongest non-positive one', () => {
    const keys = emptyReviewKeys();
    // "Billing" is assigned through its child only: positive, but not leaf-most.
    addReviewKey(keys, 0.2, { leafMostAssigned: false, positive: true });
    addReviewKey(keys, 0.7, { leafMostAssigned: true, positive: true });
    addReviewKey(keys, 0.4, { leafMostAssigned: true, positive: true });
    addReviewKey(keys, 0.3, { leafMostAssigned: false, positive: false });
    addReviewKey(keys, 0.6, { leafMostAssigned: false, positive: false });
    addReviewKey(keys, Number.NaN, { leafMostAssigned: true, positive: false });
    expect(keys).toEqual({ check: 0.4, missed: 0.6 });
  });

  it('has no keys for a comment reviewed with no label and no scored labels', () => {
    expect(emptyReviewKeys()).toEqual({ check: null, missed: null });
  });
});
