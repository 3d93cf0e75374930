// ml.md §5.9 balance inputs that need only numbers: the bias model's AUC and its noise allowance, the
// annotation-source ratios, and the per-label `biased` test of §5.6.

/** Below this many reviewed or unreviewed comments the bias model is not computed. */
export const MIN_BIAS_SAMPLE = 20;

/** Mann–Whitney AUC of scores for positives (target 1) over negatives, ties counting ½; null if a class is empty. */
export function mannWhitneyAuc(
  scores: ArrayLike<number>,
  targets: ArrayLike<number>,
): number | null {
  const count = scores.length;
  const order = Int32Array.from({ length: count }, (_, index) => index).sort(
    (a, b) => scores[a]! - scores[b]! || a - b,
  );
  let positives = 0;
  let rankSum = 0;
  let start = 0;
  while (start < count) {
    let end = start;
    const value = scores[order[start]!]!;
    while (end < count && scores[order[end]!] === value) {
      end += 1;
    }
    // Tied scores share their average rank (1-based), which counts each positive–negative tie as ½.
    const averageRank = (start + 1 + end) / 2;
    for (let index = start; index < end; index += 1) {
      if (targets[order[index]!] === 1) {
        positives += 1;
        rankSum += averageRank;
      }
    }
    start = end;
  }
  const negatives = count - positives;
  if (positives === 0 || negatives === 0) {
    return null;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * ml.md §5.9 `bias_model_score = 1 − 2·(AUC_adj − 0.5)` with `AUC_adj = max(0.5, AUC − 2·s₀)`; null with
 * fewer than 20 reviewed (`n₁`) or unreviewed (`n₀`) comments in the sample.
 */
export function biasModelScore(
  auc: number | null,
  reviewed: number,
  unreviewed: number,
): number | null {
  if (auc === null || reviewed < MIN_BIAS_SAMPLE || unreviewed < MIN_BIAS_SAMPLE) {
    return null;
  }
  const noise = Math.sqrt((unreviewed + reviewed + 1) / (12 * unreviewed * reviewed));
  const adjusted = Math.max(0.5, auc - 2 * noise);
  return 1 - 2 * (adjusted - 0.5);
}

/** ml.md §5.9 shares of reviewed comments by the retrieval method of their first annotation. */
export type AnnotationSourceRatios = {
  readonly shuffleRatio: number;
  readonly rebalanceRatio: number;
  readonly textSearchRatio: number;
};

/** Ratios over the first-annotation retrieval methods of the reviewed comments (ml.md §6.3 values). */
export function annotationSourceRatios(methods: readonly string[]): AnnotationSourceRatios {
  if (methods.length === 0) {
    return { shuffleRatio: 0, rebalanceRatio: 0, textSearchRatio: 0 };
  }
  let shuffle = 0;
  let rebalance = 0;
  let textSearch = 0;
  for (const method of methods) {
    if (method === 'shuffle') {
      shuffle += 1;
    } else if (method === 'rebalance') {
      rebalance += 1;
    } else if (method === 'text_search' || method === 'attachment_text_search') {
      textSearch += 1;
    }
  }
  return {
    shuffleRatio: shuffle / methods.length,
    rebalanceRatio: rebalance / methods.length,
    textSearchRatio: textSearch / methods.length,
  };
}

/**
 * ml.md §5.6 `biased`: reviewed share `r = n_j/|R|` and predicted unreviewed share `q` satisfy `q ≥ 0.01`
 * and `max(r/q, q/r) > 2`.
 */
export function isBiasedLabel(reviewedShare: number, predictedShare: number): boolean {
  if (!(predictedShare >= 0.01)) {
    return false;
  }
  if (reviewedShare <= 0) {
    return true;
  }
  return Math.max(reviewedShare / predictedShare, predictedShare / reviewedShare) > 2;
}
