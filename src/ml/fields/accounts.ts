import { ibanChecksumValid, cusipValid, isinValid, leiValid, sedolValid } from './check-digits.js';
import { AFTER, BEFORE, matchesOf, type Extraction } from './types.js';

// ml.md §8.2 `iban` and the SHOULD kinds of §8.1 (`bic`, `isin`, `cusip`, `sedol`, `lei`,
// `uk_postcode`): shape, country and check digits.

/** IBAN length per country (the SWIFT registry). */
export const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    AD: 24,
    AE: 23,
    AL: 28,
    AT: 20,
    AZ: 28,
    BA: 20,
    BE: 16,
    BG: 22,
    BH: 22,
    BI: 27,
    BR: 29,
    BY: 28,
    CH: 21,
    CR: 22,
    CY: 28,
    CZ: 24,
    DE: 22,
    DJ: 27,
    DK: 18,
    DO: 28,
    EE: 20,
    EG: 29,
    ES: 24,
    FI: 18,
    FK: 18,
    FO: 18,
    FR: 27,
    GB: 22,
    GE: 22,
    GI: 23,
    GL: 18,
    GR: 27,
    GT: 28,
    HN: 28,
    HR: 21,
    HU: 28,
    IE: 22,
    IL: 23,
    IQ: 23,
    IS: 26,
    IT: 27,
    JO: 30,
    KW: 30,
    KZ: 20,
    LB: 28,
    LC: 32,
    LI: 21,
    LT: 20,
    LU: 20,
    LV: 21,
    LY: 25,
    MC: 27,
    MD: 24,
    ME: 22,
    MK: 19,
    MN: 20,
    MR: 27,
    MT: 31,
    MU: 30,
    NI: 28,
    NL: 18,
    NO: 15,
    OM: 23,
    PK: 24,
    PL: 28,
    PS: 29,
    PT: 25,
    QA: 29,
    RO: 24,
    RS: 22,
    RU: 33,
    SA: 24,
    SC: 31,
    SD: 18,
    SE: 24,
    SI: 19,
    SK: 24,
    SM: 27,
    SO: 23,
    ST: 25,
    SV: 28,
    TL: 23,
    TN: 24,
    TR: 26,
    UA: 29,
    VA: 22,
    VG: 24,
    XK: 20,
    YE: 30,
  }),
);

/** ISO 3166-1 alpha-2 codes (the country part of a BIC and of an ISIN). */
const COUNTRIES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS ' +
    'BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE ' +
    'EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM ' +
    'HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC ' +
    'LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA ' +
    'NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO ' +
    'TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'
  ).split(' '),
);
// ISINs also use these non-country prefixes (international and supranational issuers).
const ISIN_PREFIXES = new Set([...COUNTRIES, 'XS', 'EU', 'XA', 'XB', 'XC', 'XD', 'QS', 'QT']);

const IBAN_CANDIDATE = new RegExp(
  `${BEFORE}[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?`,
  'giu',
);
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * IBANs: the greedy candidate is cut to the country's length (it may have swallowed a following
 * short word), the cut must fall on a word boundary, and the mod-97 check must hold.
 */
export function extractIbans(text: string): Extraction[] {
  const out: Extraction[] = [];
  for (const match of matchesOf(IBAN_CANDIDATE, text)) {
    const candidate = match[0].toUpperCase();
    const length = IBAN_LENGTHS.get(candidate.slice(0, 2));
    if (length === undefined) {
      continue;
    }
    let taken = 0;
    let end = 0;
    while (end < candidate.length && taken < length) {
      if (candidate[end] !== ' ') {
        taken += 1;
      }
      end += 1;
    }
    const absoluteEnd = match.index + end;
    if (taken < length || WORD_CHAR.test(text[absoluteEnd] ?? '')) {
      continue;
    }
    const compact = candidate.slice(0, end).replaceAll(' ', '');
    if (ibanChecksumValid(compact)) {
      out.push({ kind: 'iban', start: match.index, end: absoluteEnd, formatted_value: compact });
    }
  }
  return out;
}

// Identifiers written in capitals: matching them case-insensitively would turn ordinary words into
// BICs or postcodes. They are whole words of capitals and digits, so one character loop finds the
// candidates of every kind: a regex per kind, retried at every capital and digit, costs far more on
// digit-heavy email.
const BIC = /^([A-Z]{4})([A-Z]{2})([A-Z0-9]{2})([A-Z0-9]{3})?$/;
const ISIN = /^[A-Z]{2}[A-Z0-9]{9}\d$/;
const CUSIP = /^[0-9A-Z]{8}\d$/;
const SEDOL = /^[0-9BCDFGHJKLMNPQRSTVWXYZ]{6}\d$/;
const LEI = /^[A-Z0-9]{18}\d{2}$/;
const UK_POSTCODE = new RegExp(
  `${BEFORE}(?:([A-Z]{1,2}\\d[A-Z\\d]?) ?(\\d[A-Z]{2})|(GIR) ?(0AA))${AFTER}`,
  'gu',
);

type Word = { index: number; text: string };

function isWordCode(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    (code > 127 && WORD_CHAR.test(String.fromCharCode(code)))
  );
}

let cachedText: string | null = null;
let cachedWords: Word[] = [];

/** Whole words of 7–20 capitals and digits (the lengths these identifiers have). */
function capitalWordsOf(text: string): Word[] {
  if (cachedText === text) {
    return cachedWords;
  }
  const words: Word[] = [];
  let runStart = -1;
  let runFree = false;
  for (let index = 0; index <= text.length; index += 1) {
    const code = index < text.length ? text.charCodeAt(index) : 32;
    if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90)) {
      if (runStart < 0) {
        runStart = index;
        runFree = index === 0 || !isWordCode(text.charCodeAt(index - 1));
      }
      continue;
    }
    if (runStart >= 0) {
      const length = index - runStart;
      if (runFree && length >= 7 && length <= 20 && !isWordCode(code)) {
        words.push({ index: runStart, text: text.slice(runStart, index) });
      }
      runStart = -1;
    }
  }
  cachedText = text;
  cachedWords = words;
  return words;
}

function keywordBefore(text: string, index: number, keyword: RegExp, window = 30): boolean {
  return keyword.test(text.slice(Math.max(0, index - window), index));
}

function checked(
  text: string,
  kind: string,
  length: number,
  shape: RegExp,
  accept: (value: string, index: number) => boolean,
): Extraction[] {
  const out: Extraction[] = [];
  for (const word of capitalWordsOf(text)) {
    if (word.text.length === length && shape.test(word.text) && accept(word.text, word.index)) {
      out.push({
        kind,
        start: word.index,
        end: word.index + length,
        formatted_value: word.text,
      });
    }
  }
  return out;
}

/**
 * BICs: ISO 9362 shape with a real country code. An all-letter eight-character word (`DOCUMENT`) is
 * only a BIC after `bic`/`swift`; with a digit in the location or branch, the shape alone suffices.
 */
export function extractBics(text: string): Extraction[] {
  const accept = (value: string, index: number) => {
    const match = BIC.exec(value)!;
    if (!COUNTRIES.has(match[2]!)) {
      return false;
    }
    return (
      /\d/.test(match[3]! + (match[4] ?? '')) || keywordBefore(text, index, /\b(bic|swift)\b/i)
    );
  };
  return [...checked(text, 'bic', 8, BIC, accept), ...checked(text, 'bic', 11, BIC, accept)].sort(
    (a, b) => a.start - b.start,
  );
}

export function extractIsins(text: string): Extraction[] {
  return checked(
    text,
    'isin',
    12,
    ISIN,
    (value) => ISIN_PREFIXES.has(value.slice(0, 2)) && isinValid(value),
  );
}

export function extractLeis(text: string): Extraction[] {
  return checked(text, 'lei', 20, LEI, leiValid);
}

/**
 * CUSIPs and SEDOLs are short and often all digits: a random 9- or 7-digit number passes the check
 * one time in ten, so they need their name within 30 characters before them.
 */
export function extractCusips(text: string): Extraction[] {
  if (!/cusip/i.test(text)) {
    return [];
  }
  return checked(
    text,
    'cusip',
    9,
    CUSIP,
    (value, index) => cusipValid(value) && keywordBefore(text, index, /cusip/i),
  );
}

export function extractSedols(text: string): Extraction[] {
  if (!/sedol/i.test(text)) {
    return [];
  }
  return checked(
    text,
    'sedol',
    7,
    SEDOL,
    (value, index) => sedolValid(value) && keywordBefore(text, index, /sedol/i),
  );
}

/** UK postcodes (outward code, optional space, inward code), formatted with one space. */
export function extractUkPostcodes(text: string): Extraction[] {
  const out: Extraction[] = [];
  for (const match of matchesOf(UK_POSTCODE, text)) {
    const outward = match[1] ?? match[3]!;
    const inward = match[2] ?? match[4]!;
    out.push({
      kind: 'uk_postcode',
      start: match.index,
      end: match.index + match[0].length,
      formatted_value: `${outward} ${inward}`,
    });
  }
  return out;
}
