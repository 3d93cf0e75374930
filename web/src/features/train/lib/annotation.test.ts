import { describe, expect, it } from 'vitest';

import { initialSelection, labellingBody } from './annotation';

describe('labellingBody', () => {
  it('sends the retrieval method with every assigned and dismissed label', () => {
    const body = labellingBody(['Billing'], ['Delivery', 'Billing'], 'teach_label');
    expect(body).toEqual({
      labelling: [
        {
          group: 'default',
          assigned: [{ name: 'Billing', metadata: { ui: { retrieval_method: 'teach_label' } } }],
          // A label cannot be both assigned and dismissed.
          dismissed: [{ name: 'Delivery', metadata: { ui: { retrieval_method: 'teach_label' } } }],
        },
      ],
    });
  });
});

describe('initialSelection', () => {
  it('keeps a reviewed comment’s labels and ignores its predictions', () => {
    expect(
      initialSelection({
        assigned: ['A'],
        dismissed: [],
        predicted: [{ name: 'B', probability: 0.99 }],
      }),
    ).toEqual(['A']);
  });

  it('pre-selects predictions of at least 50 % on an unreviewed comment', () => {
    expect(
      initialSelection({
        assigned: [],
        dismissed: [],
        predicted: [
          { name: 'B', probability: 0.5 },
          { name: 'C', probability: 0.49 },
        ],
      }),
    ).toEqual(['B']);
  });
});
