/** The parallel arrays of a label's validation (api.md §4.9 LabelMetrics). */
export type PrCurve = {
  thresholds: readonly number[];
  precisions: readonly number[];
  recalls: readonly number[];
};

export type PrPoint = { threshold: number; precision: number | null; recall: number };

/**
 * Precision and recall when comments with probability ≥ `threshold` count as predicted. `thresholds` is
 * strictly descending, so the operating point is the last one still ≥ `threshold`; above the highest
 * threshold nothing is predicted (recall 0, precision undefined).
 */
export function precisionRecallAt(curve: PrCurve, threshold: number): PrPoint {
  let chosen = -1;
  for (let i = 0; i < curve.thresholds.length; i++) {
    const t = curve.thresholds[i];
    if (t === undefined || t < threshold) {
      break;
    }
    chosen = i;
  }
  if (chosen < 0) {
    return { threshold, precision: null, recall: 0 };
  }
  return {
    threshold,
    precision: curve.precisions[chosen] ?? null,
    recall: curve.recalls[chosen] ?? 0,
  };
}

/** Recharts-ready points, recall on x. */
export function curvePoints(
  curve: PrCurve,
): { recall: number; precision: number; threshold: number }[] {
  return curve.thresholds.map((threshold, i) => ({
    threshold,
    precision: curve.precisions[i] ?? 0,
    recall: curve.recalls[i] ?? 0,
  }));
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}
