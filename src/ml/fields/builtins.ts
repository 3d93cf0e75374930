import {
  extractBics,
  extractCusips,
  extractIbans,
  extractIsins,
  extractLeis,
  extractSedols,
  extractUkPostcodes,
} from './accounts.js';
import { extractEmailAddresses, extractPhoneNumbers, extractUrls } from './contacts.js';
import { extractDates } from './date.js';
import { extractIdentifiers } from './identifiers.js';
import { extractMoney } from './money.js';
import { extractNames } from './names.js';
import type { Extraction, FieldContext } from './types.js';

/**
 * Built-in field types (ml.md §8.1): ids in the reserved `f…` range. The SHOULD kinds take the ids
 * after the eleven the spec lists.
 */
export const BUILTIN_FIELD_KINDS: ReadonlyMap<string, string> = new Map([
  ['f000000000000001', 'date'],
  ['f000000000000002', 'money'],
  ['f000000000000003', 'iban'],
  ['f000000000000004', 'email_address'],
  ['f000000000000005', 'url'],
  ['f000000000000006', 'phone_number'],
  ['f000000000000007', 'order_id'],
  ['f000000000000008', 'invoice_id'],
  ['f000000000000009', 'reference_number'],
  ['f00000000000000a', 'person'],
  ['f00000000000000b', 'org'],
  ['f00000000000000c', 'bic'],
  ['f00000000000000d', 'isin'],
  ['f00000000000000e', 'cusip'],
  ['f00000000000000f', 'sedol'],
  ['f000000000000010', 'lei'],
  ['f000000000000011', 'uk_postcode'],
]);

/**
 * Overlap priority, highest first (ml.md §8.2). The check-digit identifiers rank with the IBAN (a
 * passed checksum is strong evidence); `bic` ranks above phone numbers, `uk_postcode` below them.
 */
export const KIND_PRIORITY: readonly string[] = [
  'iban',
  'lei',
  'isin',
  'email_address',
  'url',
  'money',
  'date',
  'bic',
  'cusip',
  'sedol',
  'phone_number',
  'uk_postcode',
  'order_id',
  'invoice_id',
  'reference_number',
  'org',
  'person',
];
const RANK = new Map(KIND_PRIORITY.map((kind, index) => [kind, index]));

/**
 * Keeps the higher-priority span of any overlapping pair; within a kind the longer span, then the
 * earlier one. Output in text order.
 */
export function resolveOverlaps(candidates: readonly Extraction[]): Extraction[] {
  const ordered = [...candidates].sort(
    (a, b) =>
      (RANK.get(a.kind) ?? KIND_PRIORITY.length) - (RANK.get(b.kind) ?? KIND_PRIORITY.length) ||
      b.end - b.start - (a.end - a.start) ||
      a.start - b.start,
  );
  return keepNonOverlapping(ordered);
}

/**
 * Takes candidates in preference order and keeps each one that overlaps nothing kept so far; the
 * kept spans stay sorted by start, so each check is a binary search. Output in text order.
 */
export function keepNonOverlapping<T extends { start: number; end: number }>(
  ordered: readonly T[],
): T[] {
  const kept: T[] = [];
  for (const candidate of ordered) {
    let low = 0;
    let high = kept.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (kept[middle]!.start < candidate.start) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    const before = kept[low - 1];
    const after = kept[low];
    if (
      (before === undefined || before.end <= candidate.start) &&
      (after === undefined || after.start >= candidate.end)
    ) {
      kept.splice(low, 0, candidate);
    }
  }
  return kept;
}

/**
 * Every built-in extraction of one text part after the overlap rule. The regex kinds always run
 * (a phone candidate inside a date is dropped whether or not the dataset extracts dates); the name
 * tagger runs only for the kinds asked for, being slow.
 */
export function extractBuiltins(
  text: string,
  context: FieldContext,
  names: { person: boolean; org: boolean } = { person: false, org: false },
): Extraction[] {
  if (text === '') {
    return [];
  }
  return resolveOverlaps([
    ...extractIbans(text),
    ...extractLeis(text),
    ...extractIsins(text),
    ...extractEmailAddresses(text),
    ...extractUrls(text),
    ...extractMoney(text, context),
    ...extractDates(text, context),
    ...extractBics(text),
    ...extractCusips(text),
    ...extractSedols(text),
    ...extractPhoneNumbers(text),
    ...extractUkPostcodes(text),
    ...extractIdentifiers(text),
    ...(names.person || names.org ? extractNames(text, names) : []),
  ]);
}
