import { AFTER, BEFORE, matchesOf, type Extraction } from './types.js';

// ml.md §8.2 `order_id`, `invoice_id`, `reference_number`: a keyword, an optional `number`/`no.`/
// `#`/`id`, optional `:`/`-`/spaces, then the value (the span is the value only).

const KEYWORDS: readonly [string, string][] = [
  ['order_id', 'order|purchase|ord'],
  ['invoice_id', 'invoice|inv|bill|bil|receipt'],
  [
    'reference_number',
    'reference|ref|ticket|case|claim|policy|account|acct|booking|confirmation|tracking|po',
  ],
];

const PATTERNS = KEYWORDS.map(
  ([kind, words]) =>
    [
      kind,
      new RegExp(
        `${BEFORE}(?:${words})${AFTER}(?:[ \\t]*(?:number|num|no\\.?|id)${AFTER})?[ \\t]*[:-]?[ \\t]*(#?[A-Z0-9][A-Z0-9-]{2,24})${AFTER}`,
        'giu',
      ),
    ] as const,
);

export function extractIdentifiers(text: string): Extraction[] {
  const out: Extraction[] = [];
  for (const [kind, pattern] of PATTERNS) {
    for (const match of matchesOf(pattern, text)) {
      const written = match[1]!;
      // A trailing hyphen is punctuation (`order 123- thanks`), not part of the id.
      const value = written.replace(/-+$/, '');
      if (!/\d/.test(value) || value.replace(/^#/, '').length < 3) {
        continue;
      }
      const start = match.index + match[0].length - written.length;
      // `#` is part of the span; only invoice ids keep it in the formatted value (ml.md §8.1).
      const upper = value.toUpperCase();
      out.push({
        kind,
        start,
        end: start + value.length,
        formatted_value: kind === 'invoice_id' ? upper : upper.replace(/^#/, ''),
      });
    }
  }
  return out;
}
