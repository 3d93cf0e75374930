/**
 * The one keyword-search syntax of `text_search` (docs/keyword-search.md), parsed once and rendered for
 * each backend: an FTS5 MATCH expression for SQLite and a `to_tsquery('english', …)` input for
 * PostgreSQL. Both renderings are passed as bound parameters; user text only ever reaches them as runs
 * of letters and digits (FTS5 strings are double-quoted besides), so no operator can be smuggled in.
 */

/** A word or a "quoted phrase": consecutive runs of letters/digits, the last one a prefix when `*`. */
export type SearchTerm = { runs: string[]; prefix: boolean };

/** Every group must match (AND); a group matches when any of its terms does (OR). */
export type ParsedSearch = { all: SearchTerm[][]; none: SearchTerm[] };

// PostgreSQL's english stopword list (Snowball, tsearch_data/english.stop). PostgreSQL drops these
// words from both the index and the query; SQLite's FTS5 index keeps them, so the parser drops them
// from the query for both backends, or "the refund" would need a "the" on SQLite only.
const STOPWORDS = new Set(
  (
    'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her ' +
    'hers herself it its itself they them their theirs themselves what which who whom this that these ' +
    'those am is are was were be been being have has had having do does did doing a an the and but if ' +
    'or because as until while of at by for with about against between into through during before ' +
    'after above below to from up down in out on off over under again further then once here there ' +
    'when where why how all any both each few more most other some such no nor not only own same so ' +
    'than too very s t can will just don should now'
  ).split(' '),
);

const RUN = /[\p{L}\p{N}]+/gu;
const TOKEN = /(-?)(?:"([^"]*)"?(\*?)|([^\s"]+))/gu;

/** Runs of a word or phrase with stopwords trimmed from both ends (the middle ones keep positions). */
function termOf(text: string, prefix: boolean): SearchTerm | null {
  const runs = (text.toLowerCase().match(RUN) ?? []).slice();
  while (runs.length > 0 && STOPWORDS.has(runs[0]!)) {
    runs.shift();
  }
  while (runs.length > 0 && STOPWORDS.has(runs[runs.length - 1]!)) {
    runs.pop();
    // A trailing stopword that was dropped was the prefix; what is left is a plain phrase.
    prefix = false;
  }
  return runs.length === 0 ? null : { runs, prefix };
}

/** Parses a search; null when nothing positive remains to match (the search then matches nothing). */
export function parseTextSearch(query: string): ParsedSearch | null {
  const all: SearchTerm[][] = [];
  const none: SearchTerm[] = [];
  // Set after `OR` between two positive terms: the next term joins the previous group.
  let joinNext = false;
  let previousPositive = false;
  for (const match of query.matchAll(TOKEN)) {
    const [, minus, phrase, phraseStar, word] = match;
    if (phrase === undefined && minus === '' && word === 'OR') {
      joinNext = previousPositive;
      continue;
    }
    const text = phrase ?? word ?? '';
    const prefix = phrase === undefined ? text.endsWith('*') : phraseStar === '*';
    const term = termOf(text, prefix);
    if (minus === '-') {
      if (term !== null) {
        none.push(term);
      }
      joinNext = false;
      previousPositive = false;
      continue;
    }
    if (term === null) {
      // A dropped alternative ("refund OR the") leaves the group as it was.
      continue;
    }
    if (joinNext && all.length > 0) {
      all[all.length - 1]!.push(term);
    } else {
      all.push([term]);
    }
    joinNext = false;
    previousPositive = true;
  }
  return all.length === 0 ? null : { all, none };
}

function fts5Term(term: SearchTerm): string {
  // Runs hold no `"`, so quoting cannot be broken out of; a quoted string is an FTS5 phrase.
  return `"${term.runs.join(' ')}"${term.prefix ? ' *' : ''}`;
}

/** An FTS5 MATCH expression: `("a" OR "b") AND "c d" NOT "e"`. */
export function toFts5Match(search: ParsedSearch): string {
  const groups = search.all.map((group) =>
    group.length === 1 ? fts5Term(group[0]!) : `(${group.map(fts5Term).join(' OR ')})`,
  );
  const positive = groups.length === 1 ? groups[0]! : groups.join(' AND ');
  return search.none.reduce(
    (expression, term) => `(${expression}) NOT ${fts5Term(term)}`,
    positive,
  );
}

function tsTerm(term: SearchTerm): string {
  // Quoted lexemes; `<->` is adjacency, and to_tsquery turns a stopword in the middle into a gap.
  const chain = term.runs.map((run) => `'${run}'`).join(' <-> ');
  return term.prefix ? `${chain.slice(0, -1)}':*` : chain;
}

/** Input of `to_tsquery('english', …)`: `('a' | 'b') & ('c' <-> 'd') & !'e'`. */
export function toTsQuery(search: ParsedSearch): string {
  const groups = search.all.map(
    (group) => `(${group.map((term) => `(${tsTerm(term)})`).join(' | ')})`,
  );
  return [...groups, ...search.none.map((term) => `!(${tsTerm(term)})`)].join(' & ');
}
