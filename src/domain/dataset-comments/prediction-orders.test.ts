import { describe, expect, it } from 'vitest';

import type { AnnotationRecord, CommentPredictionRecord } from '../../store/store.js';

import { isSingleLabelGroup, predictionOrderKey, teachMode } from './prediction-orders.js';

function annotation(...groups: [string, string[]][]): AnnotationRecord {
  return {
    dataset_id: 'd',
    source_id: 's',
    comment_id: 'c',
    labelling: groups.map(([group, names]) => ({
      group,
      assigned: names.map((name) => ({ name, sentiment: 'positive' as const })),
      dismissed: [],
    })),
    entities: null,
    moon_forms: null,
    reviewed: true,
    updated_at: '2026-11-29T00:00:00.000000Z',
    retrieval_method: null,
  };
}

function prediction(labels: [string, number][]): CommentPredictionRecord {
  return {
    dataset_id: 'd',
    source_id: 's',
    comment_id: 'c',
    version: 1,
    context: '',
    labels: [...labels].sort((a, b) => b[1] - a[1]),
    max_informative: Math.max(...labels.map(([, p]) => p)),
    check_key: null,
    missed_key: null,
    rebalance_key: null,
  };
}

describe('isSingleLabelGroup', () => {
  it('counts leaf-most labels, so a parent assigned with its child is still one label', () => {
    const single = [
      annotation(['default', ['Billing', 'Billing > Refund']]),
      annotation(['default', ['Travel']]),
      annotation(['default', []]),
      annotation(['other', ['A', 'B']]),
    ];
    expect(isSingleLabelGroup(single, 'default')).toBe(true);
    expect(isSingleLabelGroup(single, 'other')).toBe(false);
    expect(isSingleLabelGroup([annotation(['default', ['Billing', 'Travel']])], 'default')).toBe(
      false,
    );
    expect(isSingleLabelGroup([annotation(['default', []])], 'default')).toBe(false);
  });
});

describe('Teach (learning with a label)', () => {
  const order = { kind: 'learning' as const, label: 'Billing > Refund' };
  const key = (labels: [string, number][], mode: { hasSentiment: boolean; singleLabel: boolean }) =>
    predictionOrderKey(order, prediction(labels), undefined, mode);

  it('ranks by the distance to the best rival in a single-label group, ignoring the label’s own line', () => {
    const mode = { hasSentiment: false, singleLabel: true };
    // A close race with Travel comes before a comment at 0.5 with no rival; the parent is not a rival.
    const race = key(
      [
        ['Billing > Refund', 0.3],
        ['Billing', 0.3],
        ['Travel', 0.28],
      ],
      mode,
    )!;
    const alone = key(
      [
        ['Billing > Refund', 0.5],
        ['Billing', 0.5],
        ['Travel', 0.02],
      ],
      mode,
    )!;
    expect(Number(race)).toBeCloseTo(0.02, 10);
    expect(Number(alone)).toBeCloseTo(0.48, 10);
    expect(race < alone).toBe(true);
    // Not stored (below 0.01): last.
    expect(key([['Travel', 0.9]], mode)! > alone).toBe(true);
  });

  it('keeps |p − 0.5| for multi-label groups and |p − 0.66| with sentiment', () => {
    const labels: [string, number][] = [
      ['Billing > Refund', 0.5],
      ['Travel', 0.02],
    ];
    expect(Number(key(labels, { hasSentiment: false, singleLabel: false }))).toBeCloseTo(0, 10);
    expect(Number(key(labels, { hasSentiment: true, singleLabel: false }))).toBeCloseTo(0.16, 10);
  });

  it('decides the mode from the annotations of the label’s group', () => {
    const reviewed = [
      annotation(['default', ['Billing > Refund']]),
      annotation(['default', ['Travel']]),
    ];
    expect(teachMode(order, reviewed, false)).toEqual({ hasSentiment: false, singleLabel: true });
    expect(teachMode(order, reviewed, true)).toEqual({ hasSentiment: true, singleLabel: false });
    expect(teachMode({ kind: 'learning' }, reviewed, false).singleLabel).toBe(false);
    expect(
      teachMode(
        order,
        [...reviewed, annotation(['default', ['Billing > Refund', 'Travel']])],
        false,
      ).singleLabel,
    ).toBe(false);
  });
});

describe('Check label and Missed label', () => {
  const teach = { hasSentiment: false, singleLabel: false };
  const scores = prediction([
    ['Refund', 0.9],
    ['Order > Cancel', 0.2],
    ['Order', 0.25],
  ]);
  const check = (label: string, record: AnnotationRecord) =>
    predictionOrderKey({ kind: 'check', label }, scores, record, teach);
  const missed = (label: string, record: AnnotationRecord) =>
    predictionOrderKey({ kind: 'missed', label }, scores, record, teach);

  it('Check lists only the reviewed comments that carry the label, least likely first', () => {
    expect(check('Refund', annotation(['default', ['Order > Cancel']]))).toBeNull();
    expect(Number(check('Order > Cancel', annotation(['default', ['Order > Cancel']])))).toBe(0.2);
    // A parent is carried through its assigned child.
    expect(Number(check('Order', annotation(['default', ['Order > Cancel']])))).toBe(0.25);
    const unlikely = check('Order > Cancel', annotation(['default', ['Order > Cancel']]))!;
    const likely = check('Refund', annotation(['default', ['Refund']]))!;
    expect(unlikely < likely).toBe(true);
  });

  it('Missed lists only the reviewed comments that lack the label, most likely first', () => {
    expect(missed('Refund', annotation(['default', ['Refund']]))).toBeNull();
    expect(missed('Order', annotation(['default', ['Order > Cancel']]))).toBeNull();
    const forgotten = missed('Refund', annotation(['default', ['Order > Cancel']]))!;
    const unlikely = missed('Order > Cancel', annotation(['default', ['Refund']]))!;
    expect(forgotten < unlikely).toBe(true);
    const unreviewed = { ...annotation(['default', []]), reviewed: false };
    expect(missed('Refund', unreviewed)).toBeNull();
  });

  it('reads the label’s own group only', () => {
    const grouped = annotation(['other', ['Refund']]);
    expect(check('Refund', grouped)).toBeNull();
    expect(check('other::Refund', grouped)).not.toBeNull();
    expect(missed('other::Refund', grouped)).toBeNull();
    expect(missed('Refund', grouped)).not.toBeNull();
  });
});
