import { describe, expect, it } from 'vitest';

import {
  formatPeriod,
  labelRows,
  rowsToCsv,
  topLabels,
  type LabelVolumeRecord,
} from './label-volume-series';

const volume: LabelVolumeRecord = {
  basis: 'predicted',
  time_resolution: 'week',
  model_version: 1,
  num_comments: 12,
  num_reviewed: 1,
  labels: [
    { name: 'A', threshold: 0.5, threshold_kind: 'default', count: 3 },
    { name: 'B', threshold: 0.7, threshold_kind: 'balanced', count: 8 },
    { name: 'C', threshold: 0.7, threshold_kind: 'balanced', count: 0 },
    { name: 'D', threshold: 0.7, threshold_kind: 'balanced', count: 3 },
  ],
  periods: [
    {
      period: '2025-01-06',
      num_comments: 10,
      num_reviewed: 1,
      label_counts: [
        { name: 'A', count: 3 },
        { name: 'B', count: 6 },
      ],
    },
    { period: '2025-01-13', num_comments: 0, num_reviewed: 0, label_counts: [] },
    {
      period: '2025-01-20',
      num_comments: 2,
      num_reviewed: 0,
      label_counts: [
        { name: 'B', count: 2 },
        { name: 'D', count: 3 },
      ],
    },
  ],
};

describe('label volume series', () => {
  it('keeps the busiest labels, ties in taxonomy order, and drops empty ones', () => {
    expect(topLabels(volume)).toEqual(['B', 'A', 'D']);
    expect(topLabels(volume, 1)).toEqual(['B']);
  });

  it('gives every period a row, the empty week with zeros', () => {
    expect(labelRows(volume, ['B', 'A'])).toEqual([
      { period: '2025-01-06', B: 6, A: 3 },
      { period: '2025-01-13', B: 0, A: 0 },
      { period: '2025-01-20', B: 2, A: 0 },
    ]);
  });

  it('formats periods as dates for people, in UTC', () => {
    const day = new Date('2025-01-06T00:00:00Z').toLocaleDateString(undefined, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
    expect(formatPeriod('2025-01-06', 'day')).toBe(day);
    expect(formatPeriod('2025-01-06', 'week')).toBe(`Week of ${day}`);
    expect(formatPeriod('2025-01-01', 'month')).toBe(
      new Date('2025-01-01T00:00:00Z').toLocaleDateString(undefined, {
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      }),
    );
  });

  it('writes RFC 4180 CSV with quoted names', () => {
    expect(rowsToCsv([{ period: '2025-01-06', 'x, "y"': 2 }], ['x, "y"'])).toBe(
      'period_start,"x, ""y"""\r\n2025-01-06,2\r\n',
    );
  });
});
