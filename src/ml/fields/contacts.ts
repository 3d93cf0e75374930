import { AFTER, BEFORE, matchesOf, type Extraction } from './types.js';

// ml.md §8.2 `email_address`, `url`, `phone_number`.

const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;
const DOMAIN = new RegExp(`((?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,63})${AFTER}`, 'uy');

/**
 * `[A-Za-z0-9._%+-]+@domain`, not preceded by a local-part character. Scanning from each `@` keeps
 * this linear: a regex starting with the local part would retry at every letter of every word.
 */
export function extractEmailAddresses(text: string): Extraction[] {
  const out: Extraction[] = [];
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && LOCAL_CHAR.test(text[start - 1]!)) {
      start -= 1;
    }
    if (start === at) {
      continue;
    }
    DOMAIN.lastIndex = at + 1;
    const domain = DOMAIN.exec(text);
    if (domain === null) {
      continue;
    }
    out.push({
      kind: 'email_address',
      start,
      end: at + 1 + domain[0].length,
      formatted_value: `${text.slice(start, at)}@${domain[1]!.toLowerCase()}`,
    });
  }
  return out;
}

const URL_PATTERN = new RegExp(`${BEFORE}(?:https?://|www\\.)[^\\s<>"']+`, 'giu');
const CLOSERS: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };

function count(text: string, char: string): number {
  let total = 0;
  for (const item of text) {
    if (item === char) {
      total += 1;
    }
  }
  return total;
}

/** Trailing sentence punctuation, and a closing bracket the URL never opened, are not part of it. */
function trimUrl(url: string): string {
  let value = url;
  for (;;) {
    const last = value[value.length - 1] ?? '';
    if ('.,;:!?\'"'.includes(last) && value.length > 0) {
      value = value.slice(0, -1);
      continue;
    }
    const opener = CLOSERS[last];
    if (opener !== undefined && count(value, last) > count(value, opener)) {
      value = value.slice(0, -1);
      continue;
    }
    return value;
  }
}

export function extractUrls(text: string): Extraction[] {
  const out: Extraction[] = [];
  for (const match of matchesOf(URL_PATTERN, text)) {
    const value = trimUrl(match[0]);
    if (/^(https?:\/\/|www\.)$/i.test(value)) {
      continue;
    }
    out.push({
      kind: 'url',
      start: match.index,
      end: match.index + value.length,
      formatted_value: value,
    });
  }
  return out;
}

// Horizontal whitespace only: a phone number does not continue onto the next line.
const PHONE = new RegExp(`${BEFORE}(?:\\+|00)?\\(?\\d[\\d \\t\\u00a0().-]{5,18}\\d${AFTER}`, 'gu');
const PHONE_KEYWORD = /(?<![\p{L}])(tel|phone|mobile|mob|cell|call|fax|ph|whatsapp)/iu;
const GROUPED_SHAPES = [/^\(\d{3}\) ?\d{3}-\d{4}$/, /^\d{3}-\d{3}-\d{4}$/, /^\d{4} \d{3} \d{3}$/];

/**
 * Phone numbers: 7–15 digits, kept when international (`+`, `00`), announced by a keyword within 20
 * characters before, or written in a grouped shape. A leading `(` is only part of the number when
 * it closes again inside it.
 */
export function extractPhoneNumbers(text: string): Extraction[] {
  const out: Extraction[] = [];
  for (const match of matchesOf(PHONE, text)) {
    let value = match[0];
    let start = match.index;
    if (value.startsWith('(') && !value.includes(')')) {
      value = value.slice(1);
      start += 1;
    }
    const digits = value.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) {
      continue;
    }
    const international = value.startsWith('+') || value.startsWith('00');
    const keyword = PHONE_KEYWORD.test(text.slice(Math.max(0, start - 20), start));
    if (!international && !keyword && !GROUPED_SHAPES.some((shape) => shape.test(value))) {
      continue;
    }
    out.push({
      kind: 'phone_number',
      start,
      end: start + value.length,
      formatted_value: international
        ? `+${value.startsWith('00') ? digits.slice(2) : digits}`
        : digits,
    });
  }
  return out;
}
