// Cluster quality against gold labels (ml.md §7.3 quality report): normalised mutual information
// (arithmetic-mean normalisation) and the adjusted Rand index.

function contingency(
  clusters: ArrayLike<number>,
  labels: readonly string[],
): { table: Map<string, number>; a: Map<number, number>; b: Map<string, number>; n: number } {
  const table = new Map<string, number>();
  const a = new Map<number, number>();
  const b = new Map<string, number>();
  for (let index = 0; index < labels.length; index += 1) {
    const cluster = clusters[index]!;
    const label = labels[index]!;
    const key = `${cluster}\u0000${label}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    a.set(cluster, (a.get(cluster) ?? 0) + 1);
    b.set(label, (b.get(label) ?? 0) + 1);
  }
  return { table, a, b, n: labels.length };
}

export function normalizedMutualInformation(
  clusters: ArrayLike<number>,
  labels: readonly string[],
): number {
  const { table, a, b, n } = contingency(clusters, labels);
  const entropy = (counts: Iterable<number>) => {
    let h = 0;
    for (const count of counts) {
      h -= (count / n) * Math.log(count / n);
    }
    return h;
  };
  let mutual = 0;
  for (const [key, count] of table) {
    const [cluster, label] = key.split('\u0000');
    mutual += (count / n) * Math.log((count * n) / (a.get(Number(cluster))! * b.get(label!)!));
  }
  const denominator = (entropy(a.values()) + entropy(b.values())) / 2;
  return denominator === 0 ? 1 : mutual / denominator;
}

export function adjustedRandIndex(clusters: ArrayLike<number>, labels: readonly string[]): number {
  const { table, a, b, n } = contingency(clusters, labels);
  const pairs = (x: number) => (x * (x - 1)) / 2;
  let index = 0;
  for (const count of table.values()) {
    index += pairs(count);
  }
  let sumA = 0;
  for (const count of a.values()) {
    sumA += pairs(count);
  }
  let sumB = 0;
  for (const count of b.values()) {
    sumB += pairs(count);
  }
  const expected = (sumA * sumB) / pairs(n);
  const maximum = (sumA + sumB) / 2;
  return maximum === expected ? 1 : (index - expected) / (maximum - expected);
}
