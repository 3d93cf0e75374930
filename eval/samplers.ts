import { mulberry32, shuffleInPlace } from '../src/ml/index.js';

// ml.md §10.2 training-set samplers. Both are deterministic for a seed.

export type EvalRecord = {
  id: string;
  text: string;
  labels: string[];
  split: string;
  meta?: Record<string, unknown>;
};

function byId(a: EvalRecord, b: EvalRecord): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Single-label k-shot: for each leaf label in name order, its pool records sorted by id, shuffled with
 * the seed's stream, the first k (all when fewer).
 */
export function kShot(pool: readonly EvalRecord[], k: number | 'full', seed: number): EvalRecord[] {
  if (k === 'full') {
    return [...pool];
  }
  const random = mulberry32(seed);
  const labels = [...new Set(pool.map((record) => record.labels[0]!))].sort();
  return labels.flatMap((label) => {
    const records = pool.filter((record) => record.labels[0] === label).sort(byId);
    shuffleInPlace(records, random);
    return records.slice(0, k);
  });
}

/**
 * Multi-label greedy k-shot: labels by ascending pool frequency (ties by name); for each, add records
 * in the seed's shuffled pool order that carry it until it has k positives among the selection.
 */
export function greedyMultiLabel(
  pool: readonly EvalRecord[],
  k: number,
  seed: number,
): EvalRecord[] {
  const order = [...pool].sort(byId);
  shuffleInPlace(order, mulberry32(seed));
  const frequency = new Map<string, number>();
  for (const record of pool) {
    for (const label of record.labels) {
      frequency.set(label, (frequency.get(label) ?? 0) + 1);
    }
  }
  const labels = [...frequency.keys()].sort(
    (a, b) => frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : 1),
  );
  const selected = new Set<EvalRecord>();
  const positives = new Map<string, number>();
  const add = (record: EvalRecord) => {
    selected.add(record);
    record.labels.forEach((label) => positives.set(label, (positives.get(label) ?? 0) + 1));
  };
  for (const label of labels) {
    for (const record of order) {
      if ((positives.get(label) ?? 0) >= k) {
        break;
      }
      if (!selected.has(record) && record.labels.includes(label)) {
        add(record);
      }
    }
  }
  return order.filter((record) => selected.has(record));
}
