import { describe, expect, it } from 'vitest';

import { mulberry32 } from '../random.js';

import { classTfidfKeywords } from './class-tfidf.js';
import { adjustedRandIndex, normalizedMutualInformation } from './clustering-metrics.js';
import { discoverThemes } from './discover-themes.js';
import { normaliseRows } from './spherical-kmeans.js';

// Three well-separated topics in 8 dimensions, 20 comments each, with their own vocabulary.
function population(seed: number) {
  const random = mulberry32(seed);
  const topics = [
    { axis: 0, words: 'refund card payment declined' },
    { axis: 3, words: 'password reset login locked' },
    { axis: 6, words: 'delivery parcel courier late' },
  ];
  const uids: string[] = [];
  const texts: string[] = [];
  const gold: string[] = [];
  const dimensions = 8;
  const vectors = new Float32Array(60 * dimensions);
  topics.forEach((topic, t) => {
    for (let index = 0; index < 20; index += 1) {
      const row = t * 20 + index;
      uids.push(`src.c${String(row).padStart(3, '0')}`);
      texts.push(`${topic.words} number ${index} ${index % 2 === 0 ? 'please help' : 'today'}`);
      gold.push(topic.words);
      for (let d = 0; d < dimensions; d += 1) {
        vectors[row * dimensions + d] = (d === topic.axis ? 5 : 0) + random() * 0.5;
      }
    }
  });
  normaliseRows(vectors, dimensions);
  return { uids, texts, gold, vectors, dimensions };
}

describe('discover themes (ml.md §7)', () => {
  it('recovers separated topics, names them by their words, and is deterministic', () => {
    const { uids, texts, gold, vectors, dimensions } = population(7);
    const input = {
      uids,
      primaryTexts: texts,
      vectors,
      dimensions,
      covered: uids.map(() => false),
      seed: 11,
    };
    const result = discoverThemes(input);
    expect(result.k).toBe(5);
    // Five clusters over three topics: every cluster is pure, so NMI is high and ARI positive.
    const purity = result.themes.every(
      (theme) => new Set(theme.members.map((uid) => gold[uids.indexOf(uid)])).size === 1,
    );
    expect(purity).toBe(true);
    expect(normalizedMutualInformation(result.assignments, gold)).toBeGreaterThan(0.75);
    expect(adjustedRandIndex(result.assignments, gold)).toBeGreaterThan(0.4);
    const refunds = result.themes.find((theme) => theme.keywords.includes('refund'));
    expect(refunds?.name).toMatch(/refund|card|payment|declined/);
    expect(refunds!.representatives.length).toBeLessThanOrEqual(12);
    expect(discoverThemes(input)).toEqual(result);
  });

  it('has no themes below 24 comments and prefers clusters the model does not cover yet', () => {
    const { uids, texts, vectors, dimensions } = population(3);
    expect(
      discoverThemes({
        uids: uids.slice(0, 23),
        primaryTexts: texts.slice(0, 23),
        vectors: vectors.slice(0, 23 * dimensions),
        dimensions,
        covered: [],
        seed: 1,
      }).themes,
    ).toEqual([]);
    const base = { uids, primaryTexts: texts, vectors, dimensions, seed: 5 };
    const plain = discoverThemes({ ...base, covered: uids.map(() => false) });
    const coveredRefunds = discoverThemes({
      ...base,
      covered: texts.map((text) => text.startsWith('refund')),
    });
    const rank = (themes: typeof plain.themes) =>
      themes.findIndex((theme) => theme.keywords.includes('refund'));
    expect(rank(coveredRefunds.themes)).toBeGreaterThanOrEqual(rank(plain.themes));
    const refundTheme = coveredRefunds.themes.find((theme) => theme.keywords.includes('refund'))!;
    const plainTheme = plain.themes.find((theme) => theme.id === refundTheme.id)!;
    expect(refundTheme.score).toBeCloseTo(plainTheme.score / 2, 10);
  });

  it('scores terms by class-based TF-IDF with stopwords and digits dropped', () => {
    const [first, second] = classTfidfKeywords([
      ['the refund is late', 'refund please', 'refund 42'],
      ['the login is broken', 'login fails again'],
    ]);
    expect(first!.keywords[0]).toBe('refund');
    expect(first!.keywords).not.toContain('the');
    expect(first!.keywords).not.toContain('42');
    expect(second!.keywords[0]).toBe('login');
    expect(second!.keywords).toContain('login fails');
  });

  it('computes NMI and ARI of hand-checked cases', () => {
    expect(normalizedMutualInformation([0, 0, 1, 1], ['a', 'a', 'b', 'b'])).toBeCloseTo(1, 10);
    expect(adjustedRandIndex([0, 0, 1, 1], ['a', 'a', 'b', 'b'])).toBeCloseTo(1, 10);
    expect(adjustedRandIndex([1, 1, 0, 0], ['a', 'a', 'b', 'b'])).toBeCloseTo(1, 10);
    // Independent partitions: ARI = -0.5 for this 2×2 case (expected index 1/3 of max 1).
    expect(adjustedRandIndex([0, 1, 0, 1], ['a', 'a', 'b', 'b'])).toBeCloseTo(-0.5, 10);
    expect(normalizedMutualInformation([0, 1, 0, 1], ['a', 'a', 'b', 'b'])).toBeCloseTo(0, 10);
  });
});
