// ml.md §0.3 feature hashing: MurmurHash3 x86 32-bit, seed 0, over the UTF-8 bytes, unsigned.
// The hash consumes UTF-16 code units and emits UTF-8 bytes on the fly, so hashing a feature never
// allocates (the sparse channel hashes ~3 features per input character, ml.md §1.4).

/** Number of hashed feature buckets, `D = 2^18` (ml.md §1.4). */
export const FEATURE_BUCKETS = 1 << 18;
const BUCKET_MASK = FEATURE_BUCKETS - 1;

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

let hash = 0;
let block = 0;
let blockBytes = 0;
let totalBytes = 0;

function pushByte(byte: number): void {
  block |= byte << (blockBytes * 8);
  blockBytes += 1;
  totalBytes += 1;
  if (blockBytes === 4) {
    let k = Math.imul(block, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    hash ^= k;
    hash = (hash << 13) | (hash >>> 19);
    hash = (Math.imul(hash, 5) + 0xe6546b64) | 0;
    block = 0;
    blockBytes = 0;
  }
}

function pushCodePoint(codePoint: number): void {
  if (codePoint < 0x80) {
    pushByte(codePoint);
  } else if (codePoint < 0x800) {
    pushByte(0xc0 | (codePoint >>> 6));
    pushByte(0x80 | (codePoint & 0x3f));
  } else if (codePoint < 0x10000) {
    pushByte(0xe0 | (codePoint >>> 12));
    pushByte(0x80 | ((codePoint >>> 6) & 0x3f));
    pushByte(0x80 | (codePoint & 0x3f));
  } else {
    pushByte(0xf0 | (codePoint >>> 18));
    pushByte(0x80 | ((codePoint >>> 12) & 0x3f));
    pushByte(0x80 | ((codePoint >>> 6) & 0x3f));
    pushByte(0x80 | (codePoint & 0x3f));
  }
}

function pushText(text: string, start: number, end: number): void {
  for (let index = start; index < end; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < end) {
      const low = text.charCodeAt(index + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        pushCodePoint(0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00));
        index += 1;
        continue;
      }
    }
    // Lone surrogates encode as U+FFFD, exactly as TextEncoder does.
    pushCodePoint(unit >= 0xd800 && unit <= 0xdfff ? 0xfffd : unit);
  }
}

function begin(seed: number): void {
  hash = seed | 0;
  block = 0;
  blockBytes = 0;
  totalBytes = 0;
}

function finish(): number {
  if (blockBytes > 0) {
    let k = Math.imul(block, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    hash ^= k;
  }
  hash ^= totalBytes;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** MurmurHash3 x86 32-bit of the UTF-8 bytes of `text`, as an unsigned integer. */
export function murmur3(text: string, seed = 0): number {
  begin(seed);
  pushText(text, 0, text.length);
  return finish();
}

/** MurmurHash3 of the UTF-8 bytes of `prefix + text.slice(start, end)`, without building the string. */
export function murmur3Prefixed(prefix: string, text: string, start: number, end: number): number {
  begin(0);
  pushText(prefix, 0, prefix.length);
  pushText(text, start, end);
  return finish();
}

/** ml.md §1.4 step 4: the bucket of a feature string, `murmur3(UTF-8(feature)) mod 2^18`. */
export function featureBucket(feature: string): number {
  return murmur3(feature) & BUCKET_MASK;
}

/** The bucket of `prefix + text.slice(start, end)` (see {@link murmur3Prefixed}). */
export function prefixedFeatureBucket(
  prefix: string,
  text: string,
  start: number,
  end: number,
): number {
  return murmur3Prefixed(prefix, text, start, end) & BUCKET_MASK;
}
