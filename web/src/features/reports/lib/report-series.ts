import type { Statistics } from '../hooks/use-dataset-statistics';

/** How many labels get their own line before the chart gets unreadable. */
export const MAX_LABEL_SERIES = 6;

export type ReportSeries = {
  volume: { period: string; comments: number }[];
  labels: Record<string, number | string>[];
  labelNames: string[];
  sentiment: { period: string; positive: number; negative: number }[];
};

/** Reshapes `label_timeseries` (api.md §6.8) into chart rows keyed by period. */
export function reportSeries(statistics: Statistics): ReportSeries {
  const labelNames = Object.entries(statistics.label_counts)
    .sort(([, a], [, b]) => b.positive + b.negative - (a.positive + a.negative))
    .slice(0, MAX_LABEL_SERIES)
    .map(([name]) => name);
  const rows = statistics.label_timeseries;
  return {
    volume: rows.map((row) => ({ period: row.timestamp_str, comments: row.expected_count_any })),
    labels: rows.map((row) => {
      const entry: Record<string, number | string> = { period: row.timestamp_str };
      for (const name of labelNames) {
        const counts = row.label_sentiment_counts.find((c) => c.name === name);
        entry[name] = counts === undefined ? 0 : counts.positive + counts.negative;
      }
      return entry;
    }),
    labelNames,
    sentiment: rows.map((row) => ({
      period: row.timestamp_str,
      positive: row.expected_count_positive,
      negative: row.expected_count_negative,
    })),
  };
}
