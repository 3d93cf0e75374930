import { AFTER, BEFORE, matchesOf, type Extraction, type FieldContext } from './types.js';

// ml.md §8.2 `money`: an amount next to a currency indicator. Bare numbers are never money.

/** Minor units of the ~40 most traded currencies (ISO 4217). */
export const CURRENCY_MINOR_UNITS: ReadonlyMap<string, number> = new Map([
  ['USD', 2],
  ['EUR', 2],
  ['JPY', 0],
  ['GBP', 2],
  ['CNY', 2],
  ['AUD', 2],
  ['CAD', 2],
  ['CHF', 2],
  ['HKD', 2],
  ['SGD', 2],
  ['SEK', 2],
  ['KRW', 0],
  ['NOK', 2],
  ['NZD', 2],
  ['INR', 2],
  ['MXN', 2],
  ['TWD', 2],
  ['ZAR', 2],
  ['BRL', 2],
  ['DKK', 2],
  ['PLN', 2],
  ['THB', 2],
  ['ILS', 2],
  ['IDR', 2],
  ['CZK', 2],
  ['AED', 2],
  ['TRY', 2],
  ['HUF', 2],
  ['CLP', 0],
  ['SAR', 2],
  ['PHP', 2],
  ['MYR', 2],
  ['COP', 2],
  ['RUB', 2],
  ['RON', 2],
  ['PEN', 2],
  ['BHD', 3],
  ['KWD', 3],
  ['VND', 0],
  ['UAH', 2],
  ['NGN', 2],
  ['EGP', 2],
  ['PKR', 2],
  ['ISK', 0],
  ['BGN', 2],
]);

const SYMBOLS: Readonly<Record<string, string>> = {
  '£': 'GBP',
  '€': 'EUR',
  '¥': 'JPY',
  '₹': 'INR',
  '₩': 'KRW',
  '₽': 'RUB',
  '₺': 'TRY',
  '₪': 'ILS',
  '₫': 'VND',
  '₴': 'UAH',
  '₦': 'NGN',
  '₱': 'PHP',
  '฿': 'THB',
  US$: 'USD',
  C$: 'CAD',
  A$: 'AUD',
  HK$: 'HKD',
};

const WORDS: readonly [RegExp, string][] = [
  [/^(dollars?|bucks?)$/i, 'USD'],
  [/^euros?$/i, 'EUR'],
  [/^(pounds?|quid|sterling)$/i, 'GBP'],
  [/^yen$/i, 'JPY'],
  [/^rupees?$/i, 'INR'],
  [/^francs?$/i, 'CHF'],
];

const SYMBOL = '(?:US\\$|C\\$|A\\$|HK\\$|[$£€¥₹₩₽₺₪₫₴₦₱฿])';
const CODE = `(?:${[...CURRENCY_MINOR_UNITS.keys()].join('|')})`;
const WORD = '(?:dollars?|bucks?|euros?|pounds?|quid|sterling|yen|rupees?|francs?)';
const AMOUNT = "(\\d{1,3}(?:[,.'\\u00a0\\u202f ]\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?)";
const SUFFIX = '(?:\\s?(k|mn|m|million|bn|billion))?';

const BEFORE_AMOUNT = new RegExp(
  `${BEFORE}(${SYMBOL}|${CODE})[ \\u00a0]?${AMOUNT}${SUFFIX}${AFTER}`,
  'giu',
);
const AFTER_AMOUNT = new RegExp(
  `${BEFORE}${AMOUNT}${SUFFIX}[ \\u00a0]?(${SYMBOL}|${CODE}|${WORD})(?![\\p{L}\\p{N}])`,
  'giu',
);

/** ISO codes count only as written upper-case: lower-case `try 5` or `cop 20` are words. */
function lowerCaseCode(indicator: string): boolean {
  return (
    /^[a-z]{3}$/i.test(indicator) &&
    indicator !== indicator.toUpperCase() &&
    CURRENCY_MINOR_UNITS.has(indicator.toUpperCase())
  );
}

function currencyOf(indicator: string, context: FieldContext): string {
  if (indicator === '$') {
    return context.dollar;
  }
  const symbol = SYMBOLS[indicator];
  if (symbol !== undefined) {
    return symbol;
  }
  if (CURRENCY_MINOR_UNITS.has(indicator)) {
    return indicator;
  }
  return WORDS.find(([pattern]) => pattern.test(indicator))?.[1] ?? 'USD';
}

/**
 * The numeric value of an amount as written: with both `,` and `.` the last one is the decimal
 * separator; with one kind only, it is decimal iff it occurs once followed by 1–2 digits.
 */
export function parseAmount(raw: string): number {
  const compact = raw.replace(/['\u00a0\u202f ]/g, '');
  const lastComma = compact.lastIndexOf(',');
  const lastDot = compact.lastIndexOf('.');
  let decimal: number;
  if (lastComma >= 0 && lastDot >= 0) {
    decimal = Math.max(lastComma, lastDot);
  } else {
    const separator = lastComma >= 0 ? ',' : '.';
    const at = compact.indexOf(separator);
    const once = at >= 0 && at === compact.lastIndexOf(separator);
    decimal = once && /^\d{1,2}$/.test(compact.slice(at + 1)) ? at : -1;
  }
  const integer = (decimal < 0 ? compact : compact.slice(0, decimal)).replace(/[,.]/g, '');
  const fraction = decimal < 0 ? '' : compact.slice(decimal + 1);
  return Number(fraction === '' ? integer : `${integer}.${fraction}`);
}

const MULTIPLIERS: Readonly<Record<string, number>> = {
  k: 1e3,
  m: 1e6,
  mn: 1e6,
  million: 1e6,
  bn: 1e9,
  billion: 1e9,
};

function formatMoney(amount: string, suffix: string | undefined, currency: string): string {
  const value =
    parseAmount(amount) * (suffix === undefined ? 1 : MULTIPLIERS[suffix.toLowerCase()]!);
  return `${value.toFixed(CURRENCY_MINOR_UNITS.get(currency) ?? 2)} ${currency}`;
}

// Quick tests for any indicator at all: most texts have none, and then neither amount scan runs.
const SYMBOL_OR_CODE_HINT = new RegExp(
  `[$£€¥₹₩₽₺₪₫₴₦₱฿]|\\b(?:${[...CURRENCY_MINOR_UNITS.keys()].join('|')})\\b`,
);
const WORD_HINT = /dollar|buck|euro|pound|quid|sterling|yen|rupee|franc/i;

export function extractMoney(text: string, context: FieldContext): Extraction[] {
  const out: Extraction[] = [];
  if (!SYMBOL_OR_CODE_HINT.test(text) && !WORD_HINT.test(text)) {
    return out;
  }
  for (const match of matchesOf(BEFORE_AMOUNT, text)) {
    if (lowerCaseCode(match[1]!)) {
      continue;
    }
    const currency = currencyOf(match[1]!, context);
    out.push({
      kind: 'money',
      start: match.index,
      end: match.index + match[0].length,
      formatted_value: formatMoney(match[2]!, match[3], currency),
    });
  }
  for (const match of matchesOf(AFTER_AMOUNT, text)) {
    if (lowerCaseCode(match[3]!)) {
      continue;
    }
    const currency = currencyOf(match[3]!, context);
    out.push({
      kind: 'money',
      start: match.index,
      end: match.index + match[0].length,
      formatted_value: formatMoney(match[1]!, match[2], currency),
    });
  }
  return out;
}
