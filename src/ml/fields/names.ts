import type compromise from 'compromise';

import type { Extraction } from './types.js';

// ml.md §8.2 `person`, `org`: compromise's people and organisations. The library takes about a second
// to load, so it is imported on first use by a dataset that has such a field, not at startup.

type Nlp = typeof compromise;
type Match = { offset?: { start: number; length: number } };

let nlp: Nlp | null = null;
let loading: Promise<Nlp> | null = null;

export async function loadNameTagger(): Promise<void> {
  loading ??= import('compromise').then((module) => (nlp = module.default));
  await loading;
}

export function nameTaggerLoaded(): boolean {
  return nlp !== null;
}

// Abbreviations whose dot belongs to the name (`Acme Inc.`); any other trailing dot ends a sentence.
const ABBREVIATION = /(?<![\p{L}])(inc|co|corp|ltd|bros|jr|sr)\.$/iu;

function spansOf(text: string, matches: readonly Match[], kind: string): Extraction[] {
  const out: Extraction[] = [];
  for (const match of matches) {
    if (match.offset === undefined) {
      continue;
    }
    // compromise offsets are JavaScript string indices (UTF-16 code units), checked by the unit
    // tests on emoji and CJK text; its spans carry adjacent punctuation (`IBM.`, `Zhang,`).
    let start = match.offset.start;
    let end = start + match.offset.length;
    const raw = text.slice(start, end);
    const leading = /^[^\p{L}\p{N}]+/u.exec(raw)?.[0].length ?? 0;
    const body = raw.slice(leading);
    const trimmed = ABBREVIATION.test(body) ? body : body.replace(/[^\p{L}\p{N}]+$/u, '');
    if (trimmed === '') {
      continue;
    }
    start += leading;
    end = start + trimmed.length;
    out.push({ kind, start, end, formatted_value: text.slice(start, end) });
  }
  return out;
}

/** People and organisations of a text part; `loadNameTagger()` must have resolved. */
export function extractNames(text: string, kinds: { person: boolean; org: boolean }): Extraction[] {
  if (nlp === null) {
    throw new Error('the name tagger is not loaded (call loadNameTagger first)');
  }
  if (!kinds.person && !kinds.org) {
    return [];
  }
  const doc = nlp(text);
  return [
    ...(kinds.person
      ? spansOf(text, doc.people().json({ offset: true }) as Match[], 'person')
      : []),
    ...(kinds.org
      ? spansOf(text, doc.organizations().json({ offset: true }) as Match[], 'org')
      : []),
  ];
}
