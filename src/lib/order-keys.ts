import { createHash } from 'node:crypto';

// Query-order keys that the store persists and the domain ranks by (docs/adr/2026-12-06-store-side-query.md).
// They live here because both sides compute them: the store when it writes, the domain in its tests and
// the in-memory paths.

/** 2^52: sample keys stay exact as JavaScript numbers and as SQL integers on both dialects. */
export const SAMPLE_KEY_RANGE = 2 ** 52;

function first52Bits(text: string): number {
  return Number.parseInt(createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 13), 16);
}

/** A comment's stored shuffle key: the first 52 bits of SHA-256(UTF-8(uid)). */
export function commentSampleKey(uid: string): number {
  return first52Bits(uid);
}

/** Where a seed starts the walk over the sample keys: the first 52 bits of SHA-256("sample:<seed>"). */
export function sampleOffset(seed: number): number {
  return first52Bits(`sample:${seed}`);
}

/**
 * The rank of a comment under `sample` with this seed: its key's distance past the seed's offset,
 * modulo 2^52 (ascending, ties by uid). Each seed is a rotation of one uniformly random permutation.
 */
export function sampleRank(seed: number, uid: string): number {
  const rank = commentSampleKey(uid) - sampleOffset(seed);
  return rank < 0 ? rank + SAMPLE_KEY_RANGE : rank;
}

/** The stored names' group prefix (`<group>::`), empty for the default group. */
export function groupPrefix(stored: string): string {
  const at = stored.indexOf('::');
  return at < 0 ? '' : stored.slice(0, at + 2);
}

/** Whether one label is the other or an ancestor or descendant of it (`A > B` is under `A`). */
export function sameLine(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b} > `) || b.startsWith(`${a} > `);
}

/**
 * The highest probability among `labels` of a label of the same group that
 * is neither `label` nor one of its ancestors or descendants (those move with it): the best rival.
 */
export function rivalProbability(labels: readonly [string, number][], label: string): number {
  const prefix = groupPrefix(label);
  let best = 0;
  for (const [name, probability] of labels) {
    if (
      probability > best &&
      groupPrefix(name) === prefix &&
      !sameLine(name.slice(prefix.length), label.slice(prefix.length))
    ) {
      best = probability;
    }
  }
  return best;
}

/** Teach's key in a single-label group: the distance between the label and its best rival. */
export function teachGap(labels: readonly [string, number][], label: string): number {
  const own = labels.find(([name]) => name === label)?.[1] ?? 0;
  return Math.abs(own - rivalProbability(labels, label));
}
