import { sparseTokens } from '../text/tokenize.js';

import { STOPWORDS } from './stopwords.js';

// ml.md §7.2: keyword names of clusters by class-based TF-IDF (BERTopic's c-TF-IDF) over unigrams and
// bigrams of the members' primary texts.

const KEYWORDS = 10;
const NAME_TERMS = 3;

/** The unigram and bigram terms of one text, with stopword rules applied. */
export function clusterTerms(text: string): string[] {
  const tokens = sparseTokens(text.toLowerCase());
  const terms: string[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (!STOPWORDS.has(token) && !/^\p{N}+$/u.test(token)) {
      terms.push(token);
    }
    const next = tokens[index + 1];
    if (next !== undefined && !STOPWORDS.has(token) && !STOPWORDS.has(next)) {
      terms.push(`${token} ${next}`);
    }
  }
  return terms;
}

export type ClusterKeywords = {
  /** Top terms by c-TF-IDF, ties by term. */
  readonly keywords: string[];
  /** c-TF-IDF of each keyword, parallel to `keywords`. */
  readonly weights: number[];
  /** The first three keywords joined with ", ", skipping unigrams inside a chosen bigram. */
  readonly name: string;
};

/** Keywords of every cluster; `texts[c]` are the primary texts of cluster c's members. */
export function classTfidfKeywords(texts: readonly (readonly string[])[]): ClusterKeywords[] {
  const counts = texts.map((members) => {
    const tf = new Map<string, number>();
    for (const text of members) {
      for (const term of clusterTerms(text)) {
        tf.set(term, (tf.get(term) ?? 0) + 1);
      }
    }
    return tf;
  });
  const totals = counts.map((tf) => [...tf.values()].reduce((sum, value) => sum + value, 0));
  const average = totals.reduce((sum, value) => sum + value, 0) / Math.max(1, counts.length);
  const frequency = new Map<string, number>();
  for (const tf of counts) {
    for (const [term, value] of tf) {
      frequency.set(term, (frequency.get(term) ?? 0) + value);
    }
  }
  return counts.map((tf, cluster) => {
    const scored = [...tf].map(
      ([term, value]) =>
        [term, (value / totals[cluster]!) * Math.log(1 + average / frequency.get(term)!)] as const,
    );
    scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const top = scored.slice(0, KEYWORDS);
    const chosen: string[] = [];
    for (const [term] of top) {
      if (chosen.length === NAME_TERMS) {
        break;
      }
      const insideBigram = !term.includes(' ') && chosen.some((c) => c.split(' ').includes(term));
      if (!insideBigram) {
        chosen.push(term);
      }
    }
    return {
      keywords: top.map(([term]) => term),
      weights: top.map(([, weight]) => weight),
      name: chosen.join(', '),
    };
  });
}
