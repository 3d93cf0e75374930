import { createHash } from 'node:crypto';

// ml.md §0.3: the only source of randomness in src/ml. Everything is derived from explicit seeds so
// that training and sampling are reproducible byte for byte (ml.md §3.7).

/** A seeded generator of floats in [0, 1). */
export type Random = () => number;

/** ml.md §0.3 mulberry32: 32-bit state, each call adds 0x6D2B79F5 and mixes. */
export function mulberry32(seed: number): Random {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** ml.md §0.3 seed of a job purpose: first 4 bytes of SHA-256("<dataset_id>:<purpose>:<fingerprint>"), big-endian. */
export function deriveSeed(datasetId: string, purpose: string, fingerprint: string): number {
  return sha256(`${datasetId}:${purpose}:${fingerprint}`).readUInt32BE(0);
}

/** ml.md §0.3 unit hash `u(uid)` in [0, 1): the first 52 bits of SHA-256(uid) over 2^52. */
export function unitHash(uid: string): number {
  const digest = sha256(uid);
  // 52 bits = 6 whole bytes + the high nibble of the 7th; exact in a double.
  const high = digest.readUIntBE(0, 6);
  const nibble = (digest[6] ?? 0) >>> 4;
  return (high * 16 + nibble) / 2 ** 52;
}

/** ml.md §6.2 shuffle key: the first 8 bytes of SHA-256("<seed>:<uid>") as 16 hex digits (compare as strings). */
export function sampleKey(seed: number, uid: string): string {
  return sha256(`${seed}:${uid}`).subarray(0, 8).toString('hex');
}

/** ml.md §0.3 Fisher–Yates from the last index down, swapping `i` with `floor(r · (i + 1))`. */
export function shuffleInPlace<T>(items: T[], random: Random): T[] {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    const held = items[index]!;
    items[index] = items[other]!;
    items[other] = held;
  }
  return items;
}
