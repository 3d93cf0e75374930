import { deriveSeed, mulberry32 } from '../random.js';

// ml.md §2.6 `random` model family: a chance-level baseline used in tests and as a sanity floor.

/** `p_ij` = the first draw of `mulberry32(seed("random:" + uid + ":" + label))` for the job's dataset and fingerprint. */
export function randomBaselineProbability(
  datasetId: string,
  fingerprint: string,
  uid: string,
  label: string,
): number {
  return mulberry32(deriveSeed(datasetId, `random:${uid}:${label}`, fingerprint))();
}
