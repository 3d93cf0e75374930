import type { FeatureMatrix } from '../embeddings/combine-channels.js';

import { packGrouped, unpackGroupedRegularized } from './kernels.js';
import { LBFGS_HISTORY, LbfgsMemory } from './lbfgs.js';
import { balancedClassWeights, classWeightShift, sigmoid } from './logistic.js';
import { axpy, type VectorOps } from './vector-ops.js';
import {
  createKernelArena,
  transposeInto,
  type KernelArena,
  type Kernels,
} from './wasm-kernels.js';

// ml.md §3.1–§3.4: one-vs-rest L2-regularised logistic regression with balanced class weights, fitted
// per label with L-BFGS. Labels run in lock-step batches: one pass over the rows computes X·p for every
// label of the batch, and one pass computes Xᵀ·r for every label that moved.

/** Default inverse regularisation strength `C` (ml.md §3.3). */
export const DEFAULT_C = 16;
/** Iteration cap per label (ml.md §3.4). */
export const MAX_ITERATIONS = 200;
const ARMIJO_C1 = 1e-4;
const MAX_HALVINGS = 20;
const GRADIENT_TOLERANCE = 1e-4;
const DEFAULT_MEMORY_BUDGET = 256 * 1024 * 1024;
const MAX_BATCH_LABELS = 64;

/** Starting weights of one label in the model layout (`d_s` sparse then dense, ml.md §3.4 warm start). */
export type WarmStart = { readonly weights: Float32Array; readonly intercept: number };

/** Inputs of {@link fitOneVsRest}. */
export type OvrTrainingInput = {
  /** Training rows in ascending uid order (ml.md §3.1). */
  readonly features: FeatureMatrix;
  /** Per label (ascending full-name order): `y_ij` for each row, 0 or 1. */
  readonly targets: readonly Uint8Array[];
  /** @default 16 */
  readonly C?: number | undefined;
  /** Per label, warm-start weights or null for a cold start. */
  readonly warmStart?: readonly (WarmStart | null | undefined)[] | undefined;
  /** @default 200 */
  readonly maxIterations?: number | undefined;
  /** Only these label indices are fitted (the others come back null); a way to shard labels. */
  readonly onlyLabels?: readonly number[] | undefined;
  /** Bytes of optimiser state per batch; decides how many labels run in lock-step. @default 256 MiB */
  readonly memoryBudgetBytes?: number | undefined;
};

/** How a label's optimisation ended (ml.md §3.4). */
export type LabelFitStatus = 'converged' | 'max_iterations' | 'stalled';

/** A fitted label: weights in the model layout, with the counts that define its shift. */
export type LabelFit = {
  /** `d_s` sparse weights, then `denseDimensions` dense weights. */
  readonly weights: Float32Array;
  readonly intercept: number;
  readonly positives: number;
  readonly negatives: number;
  /** `ln(N⁻ / N⁺)` of the training rows (ml.md §3.6 step 1). */
  readonly shift: number;
  readonly iterations: number;
  readonly status: LabelFitStatus;
};

/** Per label: the fit, or null when the label has no model (no positive or no negative, ml.md §3.1). */
export type OvrFit = { readonly labels: readonly (LabelFit | null)[] };

type Problem = {
  readonly features: FeatureMatrix;
  readonly rows: number;
  /** CSR columns mapped to active sparse columns (−1: column absent or value zero). */
  readonly activeColumns: Int32Array;
  /** Active sparse column → compact column. */
  readonly compactOfActive: Int32Array;
  readonly activeCount: number;
  readonly denseWidth: number;
  /** θ = [active sparse | dense | intercept]. */
  readonly parameters: number;
  readonly lambda: number;
  readonly tolerance: number;
  readonly maxIterations: number;
};

type LabelState = {
  readonly label: number;
  readonly targets: Uint8Array;
  readonly positiveWeight: number;
  readonly negativeWeight: number;
  readonly positives: number;
  readonly negatives: number;
  readonly theta: Float64Array;
  gradient: Float64Array;
  previousGradient: Float64Array;
  readonly direction: Float64Array;
  readonly z: Float64Array;
  readonly q: Float64Array;
  readonly memory: LbfgsMemory;
  readonly ops: VectorOps;
  /** `max_k |∂J/∂θ_k|` at the current θ (the stopping test of ml.md §3.4). */
  gradientMax: number;
  loss: number;
  step: number;
  iterations: number;
  restarting: boolean;
  status: LabelFitStatus | null;
};

/** Per-label optimiser vectors of one batch position, reused by successive batches. */
type Slot = {
  readonly theta: Float64Array;
  readonly gradient: Float64Array;
  readonly previousGradient: Float64Array;
  readonly direction: Float64Array;
  readonly steps: Float32Array[];
  readonly changes: Float32Array[];
};

/** The design matrix, the batch buffers and the label slots, in one kernel arena. */
type Workspace = {
  readonly kernels: Kernels;
  readonly vectors: VectorOps;
  readonly slots: readonly Slot[];
  readonly rowOffsets: Int32Array;
  readonly activeColumns: Int32Array;
  readonly values: Float32Array;
  readonly dense: Float32Array;
  readonly transposed: Float32Array;
  readonly sparseWeights: Float64Array;
  readonly denseWeights: Float64Array;
  readonly products: Float64Array;
  readonly residuals: Float64Array;
  readonly sparseGradient: Float64Array;
  readonly denseGradient: Float64Array;
};

function buildProblem(input: OvrTrainingInput): Problem {
  const { features } = input;
  const C = input.C ?? DEFAULT_C;
  if (!(C > 0)) {
    throw new RangeError('C must be positive');
  }
  // ml.md §3.3: only columns occurring in the training rows can have non-zero weight.
  const { columns, values } = features;
  const occurrences = new Int32Array(features.sparseDimensions);
  for (let entry = 0; entry < columns.length; entry += 1) {
    if (values[entry] !== 0) {
      occurrences[columns[entry]!] = occurrences[columns[entry]!]! + 1;
    }
  }
  const present: number[] = [];
  for (let column = 0; column < occurrences.length; column += 1) {
    if (occurrences[column]! > 0) {
      present.push(column);
    }
  }
  // Frequent columns first keeps the hot part of the grouped weight buffers in cache.
  present.sort((a, b) => occurrences[b]! - occurrences[a]! || a - b);
  const activeCount = present.length;
  const compactOfActive = Int32Array.from(present);
  const activeOfCompact = new Int32Array(features.sparseDimensions).fill(-1);
  for (let active = 0; active < activeCount; active += 1) {
    activeOfCompact[compactOfActive[active]!] = active;
  }
  const activeColumns = new Int32Array(columns.length);
  for (let entry = 0; entry < columns.length; entry += 1) {
    activeColumns[entry] = values[entry] === 0 ? -1 : activeOfCompact[columns[entry]!]!;
  }
  return {
    features,
    rows: features.rows,
    activeColumns,
    compactOfActive,
    activeCount,
    denseWidth: features.denseDimensions,
    parameters: activeCount + features.denseDimensions + 1,
    lambda: 1 / C,
    tolerance: GRADIENT_TOLERANCE * features.rows,
    maxIterations: input.maxIterations ?? MAX_ITERATIONS,
  };
}

/** Bytes of the arena holding the design matrix and the buffers of a batch of `batch` labels. */
function arenaBytes(problem: Problem, batch: number): number {
  const { rows, denseWidth, activeCount } = problem;
  const nonZeros = problem.activeColumns.length;
  const matrix = 4 * (rows + 1 + 2 * nonZeros + 2 * rows * denseWidth);
  const buffers = 8 * batch * (2 * activeCount + 2 * denseWidth + 2 * rows);
  const slots = batch * problem.parameters * (4 * 8 + 2 * LBFGS_HISTORY * 4);
  return matrix + buffers + slots + 16 * (16 + batch * (4 + 2 * LBFGS_HISTORY));
}

function createWorkspace(problem: Problem, batch: number): Workspace {
  const { rows, denseWidth, activeCount, features } = problem;
  const arena: KernelArena = createKernelArena(arenaBytes(problem, batch));
  const rowOffsets = arena.int32(rows + 1);
  rowOffsets.set(features.rowOffsets);
  const activeColumns = arena.int32(problem.activeColumns.length);
  activeColumns.set(problem.activeColumns);
  const values = arena.float32(features.values.length);
  values.set(features.values);
  const dense = arena.float32(rows * denseWidth);
  dense.set(features.dense);
  const transposed = arena.float32(rows * denseWidth);
  transposeInto(features.dense, rows, denseWidth, transposed);
  const { parameters } = problem;
  const slots = Array.from({ length: batch }, () => ({
    theta: arena.float64(parameters),
    gradient: arena.float64(parameters),
    previousGradient: arena.float64(parameters),
    direction: arena.float64(parameters),
    steps: Array.from({ length: LBFGS_HISTORY }, () => arena.float32(parameters)),
    changes: Array.from({ length: LBFGS_HISTORY }, () => arena.float32(parameters)),
  }));
  return {
    kernels: arena.kernels,
    vectors: arena.vectors,
    slots,
    rowOffsets,
    activeColumns,
    values,
    dense,
    transposed,
    sparseWeights: arena.float64(activeCount * batch),
    denseWeights: arena.float64(denseWidth * batch),
    products: arena.float64(rows * batch),
    residuals: arena.float64(rows * batch),
    sparseGradient: arena.float64(activeCount * batch),
    denseGradient: arena.float64(denseWidth * batch),
  };
}

function createState(
  problem: Problem,
  workspace: Workspace,
  slot: Slot,
  label: number,
  targets: Uint8Array,
  warmStart: WarmStart | null | undefined,
): LabelState | null {
  if (targets.length !== problem.rows) {
    throw new RangeError(
      `targets of label ${label} have ${targets.length} rows, expected ${problem.rows}`,
    );
  }
  let positives = 0;
  for (let row = 0; row < targets.length; row += 1) {
    positives += targets[row] === 1 ? 1 : 0;
  }
  const negatives = problem.rows - positives;
  if (positives === 0 || negatives === 0) {
    return null;
  }
  const weights = balancedClassWeights(positives, negatives);
  const theta = slot.theta.fill(0);
  if (warmStart !== null && warmStart !== undefined) {
    const expected = problem.features.sparseDimensions + problem.denseWidth;
    if (warmStart.weights.length !== expected) {
      throw new RangeError(
        `warm start of label ${label} has ${warmStart.weights.length} weights, expected ${expected}`,
      );
    }
    // Columns outside the training rows stay at exactly 0 (ml.md §3.3).
    for (let active = 0; active < problem.activeCount; active += 1) {
      theta[active] = warmStart.weights[problem.compactOfActive[active]!]!;
    }
    const denseOffset = problem.features.sparseDimensions;
    for (let k = 0; k < problem.denseWidth; k += 1) {
      theta[problem.activeCount + k] = warmStart.weights[denseOffset + k]!;
    }
    theta[problem.parameters - 1] = warmStart.intercept;
  }
  return {
    label,
    targets,
    positiveWeight: weights.positive,
    negativeWeight: weights.negative,
    positives,
    negatives,
    theta,
    gradient: slot.gradient,
    previousGradient: slot.previousGradient,
    direction: slot.direction,
    z: new Float64Array(problem.rows),
    q: new Float64Array(problem.rows),
    memory: new LbfgsMemory(problem.parameters, workspace.vectors, slot.steps, slot.changes),
    ops: workspace.vectors,
    gradientMax: Number.POSITIVE_INFINITY,
    loss: 0,
    step: 0,
    iterations: 0,
    restarting: false,
    status: null,
  };
}

/** q = X·v (+ v's intercept) for each state's vector `pick(state)`, in one pass over the rows. */
function forwardPass(
  problem: Problem,
  workspace: Workspace,
  states: readonly LabelState[],
  pick: (state: LabelState) => Float64Array,
): void {
  const batch = states.length;
  const { activeCount, denseWidth, rows } = problem;
  const { sparseWeights, denseWeights, products, kernels } = workspace;
  const vectors = states.map(pick);
  packGrouped(vectors, 0, activeCount, sparseWeights);
  for (let slot = 0; slot < batch; slot += 1) {
    const vector = vectors[slot]!;
    const denseOffset = slot * denseWidth;
    for (let k = 0; k < denseWidth; k += 1) {
      denseWeights[denseOffset + k] = vector[activeCount + k]!;
    }
  }
  kernels.sparseForward(
    workspace.rowOffsets,
    workspace.activeColumns,
    workspace.values,
    rows,
    sparseWeights,
    activeCount,
    batch,
    products,
  );
  kernels.denseForward(
    workspace.dense,
    workspace.transposed,
    rows,
    denseWidth,
    denseWeights,
    denseWidth,
    batch,
    products,
  );
  for (let slot = 0; slot < batch; slot += 1) {
    const state = states[slot]!;
    const intercept = pick(state)[problem.parameters - 1]!;
    const offset = slot * rows;
    for (let row = 0; row < rows; row += 1) {
      state.q[row] = products[offset + row]! + intercept;
    }
  }
}

/** Recomputes each state's gradient at its current θ (the previous one is kept for the L-BFGS pair). */
function backwardPass(problem: Problem, workspace: Workspace, states: readonly LabelState[]): void {
  const batch = states.length;
  const { activeCount, denseWidth, rows, lambda } = problem;
  const { residuals, sparseGradient, denseGradient, kernels } = workspace;
  for (let slot = 0; slot < batch; slot += 1) {
    const state = states[slot]!;
    const offset = slot * rows;
    const { z, targets, positiveWeight, negativeWeight } = state;
    for (let row = 0; row < rows; row += 1) {
      const residual =
        targets[row] === 1
          ? positiveWeight * (sigmoid(z[row]!) - 1)
          : negativeWeight * sigmoid(z[row]!);
      residuals[offset + row] = residual;
    }
  }
  sparseGradient.fill(0, 0, activeCount * batch);
  denseGradient.fill(0, 0, denseWidth * batch);
  kernels.sparseBackward(
    workspace.rowOffsets,
    workspace.activeColumns,
    workspace.values,
    rows,
    residuals,
    batch,
    sparseGradient,
    activeCount,
  );
  kernels.denseBackward(
    workspace.dense,
    rows,
    denseWidth,
    residuals,
    batch,
    denseGradient,
    denseWidth,
  );
  for (let slot = 0; slot < batch; slot += 1) {
    const state = states[slot]!;
    const swap = state.previousGradient;
    state.previousGradient = state.gradient;
    state.gradient = swap;
  }
  const maxima = new Float64Array(batch);
  unpackGroupedRegularized(
    sparseGradient,
    activeCount,
    states.map((state) => state.gradient),
    states.map((state) => state.theta),
    lambda,
    maxima,
  );
  for (let slot = 0; slot < batch; slot += 1) {
    const state = states[slot]!;
    const { gradient, theta } = state;
    const denseOffset = slot * denseWidth;
    let max = maxima[slot]!;
    for (let k = 0; k < denseWidth; k += 1) {
      const index = activeCount + k;
      const value = denseGradient[denseOffset + k]! + lambda * theta[index]!;
      gradient[index] = value;
      max = Math.max(max, Math.abs(value));
    }
    let interceptGradient = 0;
    const offset = slot * rows;
    for (let row = 0; row < rows; row += 1) {
      interceptGradient += residuals[offset + row]!;
    }
    gradient[problem.parameters - 1] = interceptGradient;
    state.gradientMax = Math.max(max, Math.abs(interceptGradient));
  }
}

/** ml.md §3.3 data term `Σ_i c_ij·[log(1 + e^{z_i}) − y_ij·z_i]` at `z + t·q`, rows in order. */
function dataLoss(state: LabelState, t: number, rows: number): number {
  const { z, q, targets, positiveWeight, negativeWeight } = state;
  let sum = 0;
  for (let row = 0; row < rows; row += 1) {
    const value = z[row]! + t * q[row]!;
    const softplus = Math.max(value, 0) + Math.log1p(Math.exp(-Math.abs(value)));
    sum += targets[row] === 1 ? positiveWeight * (softplus - value) : negativeWeight * softplus;
  }
  return sum;
}

function weightNormSquared(problem: Problem, state: LabelState): number {
  return state.ops.dot(state.theta, state.theta, problem.parameters - 1);
}

function prepareDirection(state: LabelState): void {
  const { gradient, direction, memory } = state;
  if (!state.restarting && memory.length > 0) {
    memory.direction(gradient, direction);
    if (state.ops.dot(gradient, direction, gradient.length) < 0) {
      return;
    }
    memory.reset();
  }
  for (let index = 0; index < gradient.length; index += 1) {
    direction[index] = -gradient[index]!;
  }
}

/** ml.md §3.4 backtracking Armijo search along the direction; true when a step was taken. */
function lineSearch(problem: Problem, state: LabelState): boolean {
  const { theta, direction, gradient } = state;
  const { lambda, rows } = problem;
  const { ops } = state;
  const slope = ops.dot(gradient, direction, problem.parameters);
  const thetaDotDirection = ops.dot(theta, direction, problem.parameters - 1);
  const directionSquared = ops.dot(direction, direction, problem.parameters - 1);
  const thetaSquared = weightNormSquared(problem, state);
  // The very first step (and the retry along −∇J) has length 1 in parameter space.
  let t =
    state.iterations === 0 || state.restarting
      ? 1 / Math.sqrt(ops.dot(gradient, gradient, gradient.length))
      : 1;
  for (let attempt = 0; attempt <= MAX_HALVINGS; attempt += 1) {
    const regulariser =
      (lambda / 2) * (thetaSquared + 2 * t * thetaDotDirection + t * t * directionSquared);
    const loss = dataLoss(state, t, rows) + regulariser;
    if (loss <= state.loss + ARMIJO_C1 * t * slope) {
      ops.axpy(t, direction, theta, problem.parameters);
      axpy(t, state.q, state.z, rows);
      state.loss = loss;
      state.step = t;
      return true;
    }
    t /= 2;
  }
  return false;
}

function initialLoss(problem: Problem, state: LabelState): number {
  return (
    dataLoss(state, 0, problem.rows) + (problem.lambda / 2) * weightNormSquared(problem, state)
  );
}

function finish(problem: Problem, state: LabelState): LabelFit {
  const sparseDimensions = problem.features.sparseDimensions;
  const weights = new Float32Array(sparseDimensions + problem.denseWidth);
  for (let active = 0; active < problem.activeCount; active += 1) {
    weights[problem.compactOfActive[active]!] = state.theta[active]!;
  }
  for (let k = 0; k < problem.denseWidth; k += 1) {
    weights[sparseDimensions + k] = state.theta[problem.activeCount + k]!;
  }
  return {
    weights,
    intercept: state.theta[problem.parameters - 1]!,
    positives: state.positives,
    negatives: state.negatives,
    shift: classWeightShift(state.positives, state.negatives),
    iterations: state.iterations,
    status: state.status ?? 'converged',
  };
}

function* fitBatch(
  problem: Problem,
  workspace: Workspace,
  states: LabelState[],
): Generator<void, void, void> {
  const warm = states.filter((state) => state.theta.some((value) => value !== 0));
  if (warm.length > 0) {
    forwardPass(problem, workspace, warm, (state) => state.theta);
    for (const state of warm) {
      state.z.set(state.q);
    }
  }
  for (const state of states) {
    state.loss = initialLoss(problem, state);
  }
  backwardPass(problem, workspace, states);
  for (;;) {
    for (const state of states) {
      if (state.status !== null) {
        continue;
      }
      if (state.gradientMax <= problem.tolerance) {
        state.status = 'converged';
      } else if (state.iterations >= problem.maxIterations) {
        state.status = 'max_iterations';
      }
    }
    const active = states.filter((state) => state.status === null);
    if (active.length === 0) {
      return;
    }
    for (const state of active) {
      prepareDirection(state);
    }
    forwardPass(problem, workspace, active, (state) => state.direction);
    const moved: LabelState[] = [];
    for (const state of active) {
      if (lineSearch(problem, state)) {
        state.iterations += 1;
        state.restarting = false;
        moved.push(state);
      } else if (state.restarting) {
        // No decrease along −∇J either: converged to numerical precision (ml.md §3.4).
        state.status = 'stalled';
      } else {
        state.memory.reset();
        state.restarting = true;
      }
    }
    if (moved.length > 0) {
      backwardPass(problem, workspace, moved);
      for (const state of moved) {
        state.memory.push(state.step, state.direction, state.gradient, state.previousGradient);
      }
    }
    yield;
  }
}

function countPositives(targets: Uint8Array): number {
  let positives = 0;
  for (let row = 0; row < targets.length; row += 1) {
    positives += targets[row] === 1 ? 1 : 0;
  }
  return positives;
}

function* fitGenerator(input: OvrTrainingInput): Generator<void, OvrFit, void> {
  const problem = buildProblem(input);
  const labelCount = input.targets.length;
  const wanted = input.onlyLabels ?? Array.from({ length: labelCount }, (_, index) => index);
  const trainable: number[] = [];
  for (const label of [...new Set(wanted)].sort((a, b) => a - b)) {
    const targets = input.targets[label];
    if (targets === undefined) {
      throw new RangeError(`label index ${label} out of range`);
    }
    const positives = countPositives(targets);
    if (positives > 0 && positives < problem.rows) {
      trainable.push(label);
    }
  }
  // Per label: θ, gradients, direction (Float64), the L-BFGS pairs (Float32), z and q, and its share
  // of the kernel buffers.
  const perLabelBytes =
    8 * problem.parameters * 4 +
    4 * problem.parameters * 2 * LBFGS_HISTORY +
    8 * problem.rows * 4 +
    8 * (2 * problem.activeCount + 2 * problem.denseWidth);
  const budget = input.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET;
  const batchSize = Math.max(1, Math.min(MAX_BATCH_LABELS, Math.floor(budget / perLabelBytes)));
  const results: (LabelFit | null)[] = new Array<LabelFit | null>(labelCount).fill(null);
  if (trainable.length === 0) {
    return { labels: results };
  }
  const workspace = createWorkspace(problem, Math.min(batchSize, trainable.length));
  for (let start = 0; start < trainable.length; start += batchSize) {
    // States are created per batch and dropped after it, so memory stays bounded by the budget.
    const batch = trainable.slice(start, start + batchSize).map((label, position) => {
      const slot = workspace.slots[position]!;
      const warmStart = input.warmStart?.[label];
      return createState(problem, workspace, slot, label, input.targets[label]!, warmStart)!;
    });
    yield* fitBatch(problem, workspace, batch);
    for (const state of batch) {
      results[state.label] = finish(problem, state);
    }
  }
  return { labels: results };
}

/** Fits every label of a group (ml.md §3.3–§3.4); deterministic for the same inputs (ml.md §3.7). */
export function fitOneVsRest(input: OvrTrainingInput): OvrFit {
  const run = fitGenerator(input);
  for (;;) {
    const next = run.next();
    if (next.done === true) {
      return next.value;
    }
  }
}

/**
 * Same as {@link fitOneVsRest}, yielding to the event loop between lock-step rounds so that a job can
 * heartbeat and be aborted.
 */
export async function fitOneVsRestAsync(
  input: OvrTrainingInput,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<OvrFit> {
  const run = fitGenerator(input);
  for (;;) {
    options.signal?.throwIfAborted();
    const next = run.next();
    if (next.done === true) {
      return next.value;
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
