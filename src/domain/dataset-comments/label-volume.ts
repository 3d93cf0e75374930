import type { LabelVolume, LabelVolumeBody } from '../../contracts/statistics.js';
import { parseTimestamp } from '../../lib/timestamps.js';
import type { CallContext } from '../context.js';
import { loadTaxonomy, resolveDataset, type DatasetRef } from '../datasets/dataset-access.js';
import { invalid } from '../errors.js';
import type { StoredValidation } from '../models/stored-validation.js';

// Reports on predictions (docs/reports.md): how many comments carry each label per period, counting
// every comment — a reviewed one by its annotations, any other by its predictions at the label's
// threshold — or, as an option, the reviewed comments alone. The store aggregates per UTC day; this
// module chooses the thresholds, rolls days up into weeks or months and fills empty periods with zeros
// so that charts have a true time axis.

/** A label without validation thresholds (too few examples) counts from this probability. */
export const DEFAULT_THRESHOLD = 0.5;

/** Longest run of periods returned, so that a range of years at day resolution stays bounded. */
export const MAX_PERIODS = 3660;

type Resolution = LabelVolume['time_resolution'];

function periodOf(day: string, resolution: Resolution): string {
  if (resolution === 'day') {
    return day;
  }
  if (resolution === 'month') {
    return `${day.slice(0, 7)}-01`;
  }
  // ISO weeks start on Monday.
  const date = new Date(`${day}T00:00:00Z`);
  const monday = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000);
  return monday.toISOString().slice(0, 10);
}

function nextPeriod(period: string, resolution: Resolution): string {
  const date = new Date(`${period}T00:00:00Z`);
  if (resolution === 'month') {
    date.setUTCMonth(date.getUTCMonth() + 1);
  } else {
    date.setUTCDate(date.getUTCDate() + (resolution === 'week' ? 7 : 1));
  }
  return date.toISOString().slice(0, 10);
}

function bound(value: string | undefined, key: 'minimum' | 'maximum'): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  const parsed = parseTimestamp(value, { allowDateOnly: true });
  if (!parsed.ok) {
    throw invalid(`timestamp.${key}: ${parsed.error}`);
  }
  // A date-only maximum means the whole day.
  if (key === 'maximum' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return `${parsed.value.slice(0, 10)}T23:59:59.999999Z`;
  }
  return parsed.value;
}

export async function labelVolume(
  context: CallContext,
  ref: DatasetRef,
  body: LabelVolumeBody,
): Promise<LabelVolume> {
  const store = context.deps.store;
  const dataset = await resolveDataset(context, store, ref, 'voc-readonly');
  const basis = body.basis ?? 'predicted';
  const resolution = body.time_resolution ?? 'day';
  for (const id of body.source_ids ?? []) {
    if (!dataset.source_ids.includes(id)) {
      throw invalid(`source_ids: '${id}' is not a source of this dataset`);
    }
  }
  const from = bound(body.timestamp?.minimum, 'minimum');
  const to = bound(body.timestamp?.maximum, 'maximum');
  if (from !== undefined && to !== undefined && from > to) {
    throw invalid('timestamp: minimum is after maximum');
  }

  // Each label counts at the balanced threshold of the newest version's validation (the threshold the
  // Validation page suggests); labels it could not validate fall back to the default.
  const latest = await store.models.latest(dataset.id);
  const stored =
    latest === null ? null : await store.models.getValidation(dataset.id, latest.version);
  const validated = (stored?.validation as StoredValidation | undefined)?.labels ?? {};
  const taxonomy = await loadTaxonomy(store, dataset.id);
  const labels = taxonomy.label_groups.flatMap((group) =>
    group.label_defs.map((def) => {
      const balanced = validated[def.name]?.optimal_thresholds?.balanced;
      return balanced === undefined
        ? { name: def.name, threshold: DEFAULT_THRESHOLD, threshold_kind: 'default' as const }
        : { name: def.name, threshold: balanced, threshold_kind: 'balanced' as const };
    }),
  );

  const volume = await store.predictions.labelVolume({
    datasetId: dataset.id,
    sourceIds: body.source_ids ?? dataset.source_ids,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    labels,
    basis,
  });

  type Period = { comments: number; reviewed: number; counts: Map<string, number> };
  const periods = new Map<string, Period>();
  const periodEntry = (day: string) => {
    const key = periodOf(day, resolution);
    let entry = periods.get(key);
    if (entry === undefined) {
      entry = { comments: 0, reviewed: 0, counts: new Map() };
      periods.set(key, entry);
    }
    return entry;
  };
  for (const row of volume.days) {
    const entry = periodEntry(row.day);
    entry.comments += row.comments;
    entry.reviewed += row.reviewed;
  }
  const totals = new Map<string, number>();
  for (const row of volume.counts) {
    const entry = periodEntry(row.day);
    entry.counts.set(row.label, (entry.counts.get(row.label) ?? 0) + row.count);
    totals.set(row.label, (totals.get(row.label) ?? 0) + row.count);
  }

  const keys = [...periods.keys()].sort();
  const filled: LabelVolume['periods'] = [];
  if (keys.length > 0) {
    const last = keys[keys.length - 1]!;
    for (let period = keys[0]!; period <= last; period = nextPeriod(period, resolution)) {
      if (filled.length >= MAX_PERIODS) {
        throw invalid(
          `time_resolution: more than ${MAX_PERIODS} periods; choose a coarser resolution or a shorter range`,
        );
      }
      const entry = periods.get(period);
      filled.push({
        period,
        num_comments: entry?.comments ?? 0,
        num_reviewed: entry?.reviewed ?? 0,
        label_counts: labels
          .filter((label) => (entry?.counts.get(label.name) ?? 0) > 0)
          .map((label) => ({ name: label.name, count: entry!.counts.get(label.name)! })),
      });
    }
  }

  return {
    basis,
    time_resolution: resolution,
    model_version: latest?.version ?? null,
    num_comments: volume.days.reduce((sum, row) => sum + row.comments, 0),
    num_reviewed: volume.days.reduce((sum, row) => sum + row.reviewed, 0),
    labels: labels.map((label) => ({ ...label, count: totals.get(label.name) ?? 0 })),
    periods: filled,
  };
}
