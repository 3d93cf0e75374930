import { averagePrecision, precisionRecallCurve } from '../src/ml/index.js';

// ml.md §10.2 metrics: accuracy and macro-F1 of the top leaf label for single-label sets; MAP over labels
// with a training and a test positive, and micro-F1 at p ≥ 0.5, for multi-label sets. Percentages.

export type Scored = { gold: readonly string[]; probabilities: ReadonlyMap<string, number> };

/** The leaf label with the highest probability among `leaves`, ties by name. */
export function topLabel(
  probabilities: ReadonlyMap<string, number>,
  leaves: readonly string[],
): string {
  let best = leaves[0]!;
  let bestP = -Infinity;
  for (const label of leaves) {
    const p = probabilities.get(label) ?? 0;
    if (p > bestP || (p === bestP && label < best)) {
      best = label;
      bestP = p;
    }
  }
  return best;
}

export function accuracy(gold: readonly string[], predicted: readonly string[]): number {
  const correct = gold.filter((label, index) => predicted[index] === label).length;
  return (100 * correct) / Math.max(1, gold.length);
}

/** Mean F1 over the given labels (a label never gold nor predicted counts F1 = 0 only if listed). */
export function macroF1(
  gold: readonly string[],
  predicted: readonly string[],
  labels: readonly string[],
): number {
  const scores = labels.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((g, index) => {
      const p = predicted[index];
      if (g === label && p === label) {
        tp += 1;
      } else if (p === label) {
        fp += 1;
      } else if (g === label) {
        fn += 1;
      }
    });
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  return (100 * scores.reduce((sum, value) => sum + value, 0)) / Math.max(1, scores.length);
}

/** MAP over labels with ≥ 1 training positive and ≥ 1 test positive (ml.md §10.2 "Benchmark MAP"). */
export function meanAveragePrecision(
  rows: readonly Scored[],
  labels: readonly string[],
  trained: ReadonlySet<string>,
): number {
  const aps = labels.flatMap((label) => {
    const targets = rows.map((row) => (row.gold.includes(label) ? 1 : 0));
    if (!trained.has(label) || !targets.some((target) => target === 1)) {
      return [];
    }
    const scores = rows.map((row) => row.probabilities.get(label) ?? 0);
    const ap = averagePrecision(precisionRecallCurve(scores, targets));
    return ap === null ? [] : [ap];
  });
  return (100 * aps.reduce((sum, value) => sum + value, 0)) / Math.max(1, aps.length);
}

/** Micro-F1 at p ≥ threshold over every (record, label) pair; untrained labels can only be misses. */
export function microF1(
  rows: readonly Scored[],
  labels: readonly string[],
  threshold = 0.5,
): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const row of rows) {
    for (const label of labels) {
      const gold = row.gold.includes(label);
      const predicted = (row.probabilities.get(label) ?? 0) >= threshold;
      if (gold && predicted) {
        tp += 1;
      } else if (predicted) {
        fp += 1;
      } else if (gold) {
        fn += 1;
      }
    }
  }
  return tp === 0 ? 0 : (100 * 2 * tp) / (2 * tp + fp + fn);
}

/** Population mean and standard deviation. */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  const variance =
    values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, values.length);
  return { mean, std: Math.sqrt(variance) };
}
