import { createHash } from 'node:crypto';

import { classTfidfKeywords } from './class-tfidf.js';
import { sphericalKMeans } from './spherical-kmeans.js';

// ml.md §7.1–§7.2: Discover themes from a population of unreviewed comments whose vectors are already
// L2-normalised rows of one matrix. Pure and deterministic: same rows, texts and seed → same themes.

export const MIN_POPULATION = 24;
const MAX_CLUSTERS = 60;
const PER_CLUSTER = 12;
const MIN_SIZE = 5;
const SHOWN = 30;
const NEAR_DUPLICATE = 0.98;

export type DiscoverInput = {
  readonly uids: readonly string[];
  readonly primaryTexts: readonly string[];
  /** Row-major `uids.length × dimensions`, rows L2-normalised. */
  readonly vectors: Float32Array;
  readonly dimensions: number;
  /** Whether each comment has an informative label predicted at or above its threshold. */
  readonly covered: readonly boolean[];
  readonly seed: number;
};

export type DiscoveredTheme = {
  /** From the sorted member uids, so the same cluster keeps its id across runs. */
  readonly id: string;
  readonly name: string;
  readonly keywords: string[];
  readonly keywordWeights: number[];
  readonly size: number;
  readonly score: number;
  readonly cohesion: number;
  /** Up to 12 representative uids, most central first. */
  readonly representatives: string[];
  /** Every member uid by cosine to the centroid, descending (for labelling the whole cluster). */
  readonly members: string[];
};

export type DiscoverResult = {
  readonly themes: DiscoveredTheme[];
  /** The k-means cluster of every input row (quality reports compare it with gold labels). */
  readonly assignments: Int32Array;
  readonly k: number;
};

function normalisedText(text: string): string {
  return text.toLowerCase().replace(/\s+/gu, ' ').trim();
}

export function discoverThemes(input: DiscoverInput): DiscoverResult {
  const count = input.uids.length;
  if (count < MIN_POPULATION) {
    return { themes: [], assignments: new Int32Array(count), k: 0 };
  }
  const { dimensions, vectors } = input;
  const k = Math.min(MAX_CLUSTERS, Math.floor(count / PER_CLUSTER));
  const clustering = sphericalKMeans(vectors, dimensions, k, input.seed);
  const members: number[][] = Array.from({ length: k }, () => []);
  clustering.assignments.forEach((cluster, row) => members[cluster]!.push(row));
  const keywords = classTfidfKeywords(
    members.map((rows) => rows.map((row) => input.primaryTexts[row]!)),
  );
  const candidates = members.flatMap((rows, cluster) => {
    if (rows.length < MIN_SIZE) {
      return [];
    }
    const byCentrality = [...rows].sort(
      (a, b) =>
        clustering.similarities[b]! - clustering.similarities[a]! ||
        (input.uids[a]! < input.uids[b]! ? -1 : 1),
    );
    const cohesion =
      rows.reduce((sum, row) => sum + clustering.similarities[row]!, 0) / rows.length;
    const covered = rows.filter((row) => input.covered[row]).length / rows.length;
    const representatives: number[] = [];
    const seenTexts = new Set<string>();
    for (const row of byCentrality) {
      if (representatives.length === PER_CLUSTER) {
        break;
      }
      const text = normalisedText(input.primaryTexts[row]!);
      const nearDuplicate = representatives.some((chosen) => {
        let cosine = 0;
        for (let index = 0; index < dimensions; index += 1) {
          cosine += vectors[row * dimensions + index]! * vectors[chosen * dimensions + index]!;
        }
        return cosine >= NEAR_DUPLICATE;
      });
      if (!nearDuplicate && !seenTexts.has(text)) {
        representatives.push(row);
        seenTexts.add(text);
      }
    }
    const sortedUids = rows.map((row) => input.uids[row]!).sort();
    const theme: DiscoveredTheme = {
      id: createHash('sha256').update(sortedUids.join('\n')).digest('hex').slice(0, 16),
      name: keywords[cluster]!.name,
      keywords: keywords[cluster]!.keywords,
      keywordWeights: keywords[cluster]!.weights,
      size: rows.length,
      cohesion,
      score: cohesion * Math.log(1 + rows.length) * (1 - 0.5 * covered),
      representatives: representatives.map((row) => input.uids[row]!),
      members: byCentrality.map((row) => input.uids[row]!),
    };
    return [theme];
  });
  candidates.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  return { themes: candidates.slice(0, SHOWN), assignments: clustering.assignments, k };
}
