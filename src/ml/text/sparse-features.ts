import { featureBucket, prefixedFeatureBucket } from './hashing.js';
import type { CommentStructure } from './prepare-text.js';
import { capCodeUnits } from './tokenize.js';

// ml.md §1.4: hashed sparse features of a comment's full text, counted per bucket.

/** Bucket counts of one comment: `buckets` strictly ascending, `counts` ≥ 1 parallel. */
export type FeatureCounts = { readonly buckets: Int32Array; readonly counts: Int32Array };

const MAX_CHARS_PER_TOKEN = 30;
const MAX_LENGTH_BUCKET = 12;
const MAX_MESSAGES_TOKEN = 5;

class BucketList {
  values = new Int32Array(256);
  length = 0;

  push(bucket: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length] = bucket;
    this.length += 1;
  }
}

function hasSurrogate(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdfff) {
      return true;
    }
  }
  return false;
}

/** Pushes the char 3-, 4- and 5-grams of `" " + token + " "`, counted in code points (first 30 only). */
function pushCharGrams(token: string, list: BucketList): void {
  if (!hasSurrogate(token)) {
    const padded = ` ${token.length > MAX_CHARS_PER_TOKEN ? token.slice(0, MAX_CHARS_PER_TOKEN) : token} `;
    for (let size = 3; size <= 5; size += 1) {
      for (let first = 0; first + size <= padded.length; first += 1) {
        list.push(prefixedFeatureBucket('c:', padded, first, first + size));
      }
    }
    return;
  }
  // Characters are code points, so a gram never splits a surrogate pair.
  const characters = [' ', ...Array.from(token).slice(0, MAX_CHARS_PER_TOKEN), ' '];
  const padded = characters.join('');
  const starts = new Int32Array(characters.length + 1);
  for (let index = 0; index < characters.length; index += 1) {
    starts[index + 1] = starts[index]! + characters[index]!.length;
  }
  for (let size = 3; size <= 5; size += 1) {
    for (let first = 0; first + size <= characters.length; first += 1) {
      list.push(prefixedFeatureBucket('c:', padded, starts[first]!, starts[first + size]!));
    }
  }
}

function countSorted(list: BucketList): FeatureCounts {
  const sorted = list.values.subarray(0, list.length).sort();
  let distinct = 0;
  for (let index = 0; index < sorted.length; index += 1) {
    if (index === 0 || sorted[index] !== sorted[index - 1]) {
      distinct += 1;
    }
  }
  const buckets = new Int32Array(distinct);
  const counts = new Int32Array(distinct);
  let slot = -1;
  for (let index = 0; index < sorted.length; index += 1) {
    if (index === 0 || sorted[index] !== sorted[index - 1]) {
      slot += 1;
      buckets[slot] = sorted[index]!;
    }
    counts[slot] = counts[slot]! + 1;
  }
  return { buckets, counts };
}

/**
 * ml.md §1.4: counts the `w:`, `b:`, `c:` features of `fullText` and, when given, the `s:` structure
 * tokens, per hashed bucket.
 */
export function countSparseFeatures(fullText: string, structure?: CommentStructure): FeatureCounts {
  const text = capCodeUnits(fullText.toLowerCase(), 20_000);
  const list = new BucketList();
  const pattern = /[\p{L}\p{M}\p{N}]+/gu;
  let previous: string | null = null;
  let tokenCount = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const token = match[0];
    tokenCount += 1;
    list.push(prefixedFeatureBucket('w:', token, 0, token.length));
    if (previous !== null) {
      const pair = `${previous} ${token}`;
      list.push(prefixedFeatureBucket('b:', pair, 0, pair.length));
    }
    pushCharGrams(token, list);
    previous = token;
  }
  if (structure !== undefined) {
    list.push(featureBucket(`s:msgs:${Math.min(structure.messageCount, MAX_MESSAGES_TOKEN)}`));
    if (structure.quoted) {
      list.push(featureBucket('s:quote'));
    }
    if (structure.forwarded) {
      list.push(featureBucket('s:fwd'));
    }
    if (structure.hasAttachments) {
      list.push(featureBucket('s:att'));
    }
    for (const extension of structure.attachmentExtensions) {
      list.push(featureBucket(`s:att:${extension}`));
    }
    const lengthBucket = Math.min(Math.floor(Math.log2(1 + tokenCount)), MAX_LENGTH_BUCKET);
    list.push(featureBucket(`s:len:${lengthBucket}`));
  }
  return countSorted(list);
}
