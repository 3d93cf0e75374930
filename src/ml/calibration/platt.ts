// ml.md §3.6 Platt scaling `p = σ(A·s' + B)` on shift-corrected scores, fitted by Newton's method on the
// 2×2 system with Platt's smoothed targets, optionally shrunk towards a prior (the global fit).

/** A Platt calibrator `p = σ(slope · s' + intercept)`. */
export type PlattParameters = { readonly slope: number; readonly intercept: number };

/** Options of {@link fitPlatt}. */
export type PlattOptions = {
  /** Newton's starting point. @default (1, 0) */
  readonly start?: PlattParameters | undefined;
  /** Adds `(strength/2)·[(A − A₀)² + (B − B₀)²]` to the objective. */
  readonly prior?: { readonly center: PlattParameters; readonly strength: number } | undefined;
  /** Lower bound on the slope so calibration stays increasing. @default 0.05 */
  readonly minSlope?: number | undefined;
};

/** The identity-like calibrator used when there is nothing to fit (ml.md §3.6 step 3). */
export const IDENTITY_PLATT: PlattParameters = { slope: 1, intercept: 0 };
const MAX_NEWTON_ITERATIONS = 50;
const STEP_TOLERANCE = 1e-9;
const MIN_SLOPE = 0.05;

/** Platt's smoothed targets `(N₊ + 1)/(N₊ + 2)` and `1/(N₋ + 2)`. */
export function plattTargets(
  positives: number,
  negatives: number,
): { positive: number; negative: number } {
  return { positive: (positives + 1) / (positives + 2), negative: 1 / (negatives + 2) };
}

/** One data source of a Platt fit: scores with 0/1 outcomes, optionally only the rows where `mask` is 1. */
export type PlattData = {
  readonly scores: Float64Array;
  readonly targets: Uint8Array;
  readonly mask?: Uint8Array | undefined;
};

type Sums = { value: number; gradA: number; gradB: number; hAA: number; hAB: number; hBB: number };

function evaluate(
  parts: readonly PlattData[],
  slope: number,
  intercept: number,
  smoothed: { positive: number; negative: number },
  withDerivatives: boolean,
): Sums {
  const sums: Sums = { value: 0, gradA: 0, gradB: 0, hAA: 0, hAB: 0, hBB: 0 };
  for (const part of parts) {
    const { scores, targets, mask } = part;
    for (let index = 0; index < scores.length; index += 1) {
      if (mask !== undefined && mask[index] !== 1) {
        continue;
      }
      const score = scores[index]!;
      const a = slope * score + intercept;
      const target = targets[index] === 1 ? smoothed.positive : smoothed.negative;
      // ml.md §0.2: log(1 + e^a) = max(a, 0) + log1p(e^(−|a|)).
      sums.value += Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a))) - target * a;
      if (withDerivatives) {
        const p = a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a));
        const residual = p - target;
        const curvature = p * (1 - p);
        sums.gradA += residual * score;
        sums.gradB += residual;
        sums.hAA += curvature * score * score;
        sums.hAB += curvature * score;
        sums.hBB += curvature;
      }
    }
  }
  return sums;
}

function counts(parts: readonly PlattData[]): { positives: number; negatives: number } {
  let positives = 0;
  let negatives = 0;
  for (const { targets, mask } of parts) {
    for (let index = 0; index < targets.length; index += 1) {
      if (mask !== undefined && mask[index] !== 1) {
        continue;
      }
      if (targets[index] === 1) {
        positives += 1;
      } else {
        negatives += 1;
      }
    }
  }
  return { positives, negatives };
}

/**
 * Fits `(A, B)` by Newton's method (at most 50 iterations, stop when the step is below 1e-9), with step
 * halving whenever a full step would not decrease the objective. Without a positive and a negative the
 * start (or the prior's center) is returned.
 */
export function fitPlatt(parts: readonly PlattData[], options: PlattOptions = {}): PlattParameters {
  const minSlope = options.minSlope ?? MIN_SLOPE;
  const start = options.start ?? options.prior?.center ?? IDENTITY_PLATT;
  const { positives, negatives } = counts(parts);
  if (positives === 0 || negatives === 0) {
    return start;
  }
  const smoothed = plattTargets(positives, negatives);
  const strength = options.prior?.strength ?? 0;
  const center = options.prior?.center ?? IDENTITY_PLATT;
  const objective = (slope: number, intercept: number, withDerivatives: boolean): Sums => {
    const sums = evaluate(parts, slope, intercept, smoothed, withDerivatives);
    if (strength > 0) {
      const da = slope - center.slope;
      const db = intercept - center.intercept;
      sums.value += (strength / 2) * (da * da + db * db);
      sums.gradA += strength * da;
      sums.gradB += strength * db;
      sums.hAA += strength;
      sums.hBB += strength;
    }
    return sums;
  };
  let slope = start.slope;
  let intercept = start.intercept;
  let current = objective(slope, intercept, true);
  for (let iteration = 0; iteration < MAX_NEWTON_ITERATIONS; iteration += 1) {
    // A tiny ridge keeps the system solvable when all scores are equal (Lin, Lin & Weng 2007).
    const hAA = current.hAA + 1e-12;
    const hBB = current.hBB + 1e-12;
    const determinant = hAA * hBB - current.hAB * current.hAB;
    if (!(determinant > 0)) {
      break;
    }
    const stepA = -(hBB * current.gradA - current.hAB * current.gradB) / determinant;
    const stepB = -(-current.hAB * current.gradA + hAA * current.gradB) / determinant;
    let scale = 1;
    let next = objective(slope + stepA, intercept + stepB, false);
    while (next.value > current.value && scale > 1e-10) {
      scale /= 2;
      next = objective(slope + scale * stepA, intercept + scale * stepB, false);
    }
    if (next.value > current.value) {
      break;
    }
    slope += scale * stepA;
    intercept += scale * stepB;
    const moved = Math.max(Math.abs(scale * stepA), Math.abs(scale * stepB));
    if (moved < STEP_TOLERANCE) {
      break;
    }
    current = objective(slope, intercept, true);
  }
  return { slope: Math.max(slope, minSlope), intercept };
}

/** `σ(A·s' + B)`, computed stably. */
export function applyPlatt(parameters: PlattParameters, shiftedScore: number): number {
  const a = parameters.slope * shiftedScore + parameters.intercept;
  if (a >= 0) {
    return 1 / (1 + Math.exp(-a));
  }
  const e = Math.exp(a);
  return e / (1 + e);
}
