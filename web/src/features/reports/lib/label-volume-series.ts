import type { Static } from 'typebox';

import type { LabelVolume } from '../../../../../src/contracts/statistics.js';
import { toCsv } from '../../../lib/csv';

export type LabelVolumeRecord = Static<typeof LabelVolume>;
export type Resolution = LabelVolumeRecord['time_resolution'];

/** How many labels get their own bars before the chart gets unreadable. */
export const MAX_LABEL_BARS = 6;

const UTC = 'UTC';

/** A period's first day (`YYYY-MM-DD`, UTC) as people read it at that resolution. */
export function formatPeriod(period: string, resolution: Resolution): string {
  const date = new Date(`${period}T00:00:00Z`);
  if (resolution === 'month') {
    return date.toLocaleDateString(undefined, { month: 'short', year: 'numeric', timeZone: UTC });
  }
  const day = date.toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: UTC,
  });
  return resolution === 'week' ? `Week of ${day}` : day;
}

/** The labels with the most comments, in that order (ties in taxonomy order). */
export function topLabels(volume: LabelVolumeRecord, limit = MAX_LABEL_BARS): string[] {
  return volume.labels
    .map((label, index) => ({ ...label, index }))
    .filter((label) => label.count > 0)
    .sort((a, b) => b.count - a.count || a.index - b.index)
    .slice(0, limit)
    .map((label) => label.name);
}

export type ChartRow = Record<string, number | string> & { period: string };

export function volumeRows(volume: LabelVolumeRecord): ChartRow[] {
  return volume.periods.map((p) => ({
    period: p.period,
    comments: p.num_comments,
    reviewed: p.num_reviewed,
  }));
}

export function labelRows(volume: LabelVolumeRecord, labels: readonly string[]): ChartRow[] {
  return volume.periods.map((p) => {
    const row: ChartRow = { period: p.period };
    for (const name of labels) {
      row[name] = p.label_counts.find((c) => c.name === name)?.count ?? 0;
    }
    return row;
  });
}

/** A chart's rows as CSV: the period's first day, then one column per series. */
export function rowsToCsv(rows: readonly ChartRow[], series: readonly string[]): string {
  return toCsv(
    ['period_start', ...series],
    rows.map((row) => [row.period, ...series.map((name) => row[name] ?? 0)]),
  );
}
