import type { ClassifierFile } from './classifier.js';
import type { WarmStart } from './one-vs-rest.js';

// ml.md §3.4 warm start: weights are mapped by bucket — buckets present in both compact vocabularies keep
// their weight, others start at 0; the dense block maps 1:1; labels are matched by full name.

/** Warm-start weights for `labels` from a previous version's classifier and vocabulary. */
export function mapWarmStart(input: {
  readonly previous: ClassifierFile;
  readonly previousVocabulary: Int32Array;
  readonly nextVocabulary: Int32Array;
  readonly labels: readonly string[];
}): (WarmStart | null)[] {
  const { params } = input.previous;
  const previousWidth = params.sparseDimensions + params.denseDimensions;
  const nextSparse = input.nextVocabulary.length;
  const modelledIndex = new Map<string, number>();
  let modelled = 0;
  params.labels.forEach((name, index) => {
    if (params.hasModel[index] === true) {
      modelledIndex.set(name, modelled);
      modelled += 1;
    }
  });
  // Both vocabularies ascend by bucket id, so one merge pass maps every shared bucket.
  const pairs: [number, number][] = [];
  let a = 0;
  let b = 0;
  while (a < input.previousVocabulary.length && b < nextSparse) {
    const bucketA = input.previousVocabulary[a]!;
    const bucketB = input.nextVocabulary[b]!;
    if (bucketA === bucketB) {
      pairs.push([a, b]);
      a += 1;
      b += 1;
    } else if (bucketA < bucketB) {
      a += 1;
    } else {
      b += 1;
    }
  }
  return input.labels.map((name) => {
    const index = modelledIndex.get(name);
    if (index === undefined) {
      return null;
    }
    const source = params.weights.subarray(index * previousWidth, (index + 1) * previousWidth);
    const weights = new Float32Array(nextSparse + params.denseDimensions);
    for (const [from, to] of pairs) {
      weights[to] = source[from]!;
    }
    weights.set(source.subarray(params.sparseDimensions), nextSparse);
    return { weights, intercept: params.intercepts[index]! };
  });
}
