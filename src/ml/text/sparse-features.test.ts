import { describe, expect, it } from 'vitest';

import { featureBucket } from './hashing.js';
import { countSparseFeatures, type FeatureCounts } from './sparse-features.js';

function expectedCounts(features: string[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const feature of features) {
    const bucket = featureBucket(feature);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  return counts;
}

function asMap(counts: FeatureCounts): Map<number, number> {
  return new Map(Array.from(counts.buckets, (bucket, index) => [bucket, counts.counts[index]!]));
}

describe('countSparseFeatures', () => {
  it('counts word, bigram and char 3–5-gram features of the lower-cased tokens', () => {
    const features = [
      'w:my',
      'w:refund',
      'b:my refund',
      // " my " → 3-grams " my", "my "; 4-gram " my "
      'c: my',
      'c:my ',
      'c: my ',
      // " refund " (8 characters) → six 3-grams, five 4-grams, four 5-grams
      ...[' re', 'ref', 'efu', 'fun', 'und', 'nd '].map((gram) => `c:${gram}`),
      ...[' ref', 'refu', 'efun', 'fund', 'und '].map((gram) => `c:${gram}`),
      ...[' refu', 'refun', 'efund', 'fund '].map((gram) => `c:${gram}`),
    ];
    expect(asMap(countSparseFeatures('My REFUND!'))).toEqual(expectedCounts(features));
  });

  it('returns ascending unique buckets with counts', () => {
    const counts = countSparseFeatures('refund refund refund');
    expect(Array.from(counts.buckets)).toEqual([...counts.buckets].sort((a, b) => a - b));
    expect(asMap(counts).get(featureBucket('w:refund'))).toBe(3);
    expect(asMap(counts).get(featureBucket('b:refund refund'))).toBe(2);
  });

  it('uses the first 30 characters of long tokens and never splits surrogate pairs', () => {
    const long = 'a'.repeat(40);
    const map = asMap(countSparseFeatures(long));
    expect(map.get(featureBucket(`w:${long}`))).toBe(1);
    // 32 padded characters → 30 + 29 + 28 grams, all of "a"/"a " shapes.
    const grams = [...map.entries()].filter(([bucket]) => bucket !== featureBucket(`w:${long}`));
    expect(grams.reduce((sum, [, count]) => sum + count, 0)).toBe(30 + 29 + 28);
    expect(map.get(featureBucket('c:aa '))).toBe(1);
    const emoji = asMap(countSparseFeatures('x😀y'));
    expect(emoji.get(featureBucket('c:x😀y'))).toBeUndefined();
  });

  it('adds structure tokens', () => {
    const map = asMap(
      countSparseFeatures('hello', {
        messageCount: 7,
        quoted: true,
        forwarded: true,
        hasAttachments: true,
        attachmentExtensions: ['pdf'],
      }),
    );
    for (const token of ['s:msgs:5', 's:quote', 's:fwd', 's:att', 's:att:pdf', 's:len:1']) {
      expect(map.get(featureBucket(token)), token).toBe(1);
    }
  });
});
