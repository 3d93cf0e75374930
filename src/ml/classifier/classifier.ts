import type { FeatureMatrix } from '../embeddings/combine-channels.js';

import { createLinearScorer, type ScoreMatrix } from './linear-scorer.js';
import {
  DEFAULT_C,
  fitOneVsRestAsync,
  type LabelFitStatus,
  type WarmStart,
} from './one-vs-rest.js';

// architecture.md §9 spec pattern for classifiers: `fit` returns a trained object with `predict` and
// `toFile`. Shared code reads the capability fields and never asks which implementation it holds.

/** A label group's training data (ml.md §3.1); rows in ascending uid order, labels in name order. */
export type ClassifierTrainingData = {
  readonly features: FeatureMatrix;
  readonly labels: readonly string[];
  /** Per label, `y_ij` for every row. */
  readonly targets: readonly Uint8Array[];
};

/** Options of `Classifier.fit`. */
export type ClassifierFitOptions = {
  /** Per label (parallel to `labels`), starting weights in the new layout (see `mapWarmStart`). */
  readonly warmStart?: readonly (WarmStart | null)[] | undefined;
  /** @default 16 */
  readonly C?: number | undefined;
  readonly signal?: AbortSignal | undefined;
};

/** The serialisable parameters of a trained one-vs-rest classifier (modelled labels only in arrays). */
export type ClassifierFile = {
  readonly formatVersion: 1;
  readonly kind: 'ovr-logreg';
  readonly params: {
    readonly labels: readonly string[];
    readonly hasModel: readonly boolean[];
    readonly sparseDimensions: number;
    readonly denseDimensions: number;
    /** Label-major: per modelled label `d_s` sparse then dense weights. */
    readonly weights: Float32Array;
    readonly intercepts: Float64Array;
    /** `ln(N⁻/N⁺)` per modelled label (ml.md §3.6 step 1). */
    readonly shifts: Float64Array;
  };
};

/** A trained classifier of one label group. */
export type TrainedClassifier = {
  readonly kind: 'ovr-logreg';
  readonly labels: readonly string[];
  readonly hasModel: readonly boolean[];
  /** Iterations and status per label (the training log, ml.md §3.4); empty after `fromFile`. */
  readonly trainingLog: readonly { label: string; iterations: number; status: LabelFitStatus }[];
  /** Raw scores of the modelled labels (label-major, modelled order). */
  predict(features: FeatureMatrix): ScoreMatrix;
  toFile(): ClassifierFile;
};

/** The classifier spec (architecture.md §9). */
export type Classifier = {
  readonly specVersion: 1;
  readonly kind: 'ovr-logreg';
  readonly multiLabel: true;
  readonly supportsWarmStart: true;
  fit(data: ClassifierTrainingData, options?: ClassifierFitOptions): Promise<TrainedClassifier>;
  fromFile(file: ClassifierFile): TrainedClassifier;
};

function trained(
  file: ClassifierFile,
  trainingLog: TrainedClassifier['trainingLog'],
): TrainedClassifier {
  const { params } = file;
  let scorer: ReturnType<typeof createLinearScorer> | null = null;
  return {
    kind: 'ovr-logreg',
    labels: params.labels,
    hasModel: params.hasModel,
    trainingLog,
    predict(features) {
      scorer ??= createLinearScorer({
        sparseDimensions: params.sparseDimensions,
        denseDimensions: params.denseDimensions,
        labelCount: params.intercepts.length,
        weights: params.weights,
        intercepts: params.intercepts,
      });
      return scorer.score(features);
    },
    toFile: () => file,
  };
}

/** ml.md §3 one-vs-rest logistic regression as a {@link Classifier}. */
export const oneVsRestLogisticRegression: Classifier = {
  specVersion: 1,
  kind: 'ovr-logreg',
  multiLabel: true,
  supportsWarmStart: true,
  async fit(data, options = {}) {
    if (data.targets.length !== data.labels.length) {
      throw new RangeError('targets must be parallel to labels');
    }
    const fit = await fitOneVsRestAsync(
      {
        features: data.features,
        targets: data.targets,
        C: options.C ?? DEFAULT_C,
        warmStart: options.warmStart,
      },
      { signal: options.signal },
    );
    const { sparseDimensions, denseDimensions } = data.features;
    const width = sparseDimensions + denseDimensions;
    const modelled = fit.labels.filter((label) => label !== null);
    const weights = new Float32Array(modelled.length * width);
    const intercepts = new Float64Array(modelled.length);
    const shifts = new Float64Array(modelled.length);
    modelled.forEach((label, index) => {
      weights.set(label.weights, index * width);
      intercepts[index] = label.intercept;
      shifts[index] = label.shift;
    });
    const trainingLog = data.labels.flatMap((name, index) => {
      const label = fit.labels[index];
      return label === null || label === undefined
        ? []
        : [{ label: name, iterations: label.iterations, status: label.status }];
    });
    return trained(
      {
        formatVersion: 1,
        kind: 'ovr-logreg',
        params: {
          labels: [...data.labels],
          hasModel: fit.labels.map((label) => label !== null),
          sparseDimensions,
          denseDimensions,
          weights,
          intercepts,
          shifts,
        },
      },
      trainingLog,
    );
  },
  fromFile(file) {
    if (file.formatVersion !== 1 || file.kind !== 'ovr-logreg') {
      throw new Error(
        `unsupported classifier file ${String(file.kind)} v${String(file.formatVersion)}`,
      );
    }
    return trained(file, []);
  },
};
