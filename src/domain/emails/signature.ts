import { norm } from './text-norm.js';

// ml.md §1.2 signature rules, applied to each message body after quote splitting. Pure and
// deterministic: the rules are versioned with the transform tag.

const DELIMITER_WINDOW = 15;
const SIGN_OFF_WINDOW = 12;
const MAX_SIGN_OFF_LINE = 40;
const MAX_BLOCK_LINES = 12;
const MAX_BLOCK_CHARACTERS = 600;

const SIGN_OFF =
  /^(best|kind|warm|warmest)?\s*(regards|wishes)\b|^(many\s+)?thanks(\s+again|\s+a lot)?[,.!]?$|^thank you[,.!]?$|^cheers\b|^sincerely\b|^yours (truly|sincerely|faithfully)\b|^best[,.!]?$|^br[,.]?$|^mit freundlichen grüßen|^viele grüße|^cordialement|^saludos/i;
const SENT_FROM_DEVICE = /^sent from my (iphone|ipad|android|mobile|blackberry|samsung)/i;

export type SignatureSplit = { body: string; signature?: string };

function isDelimiter(line: string): boolean {
  const text = norm(line);
  return text === '--' || text === '-- ';
}

function joinBlock(lines: readonly string[]): string {
  return lines
    .join('\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
}

/** Line index where the signature starts by rule 1 or 2 of ml.md §1.2, or `null`. */
function signatureStart(
  lines: readonly string[],
  keys: readonly string[],
  last: number,
): number | null {
  for (let index = Math.max(0, last - DELIMITER_WINDOW + 1); index <= last; index += 1) {
    if (isDelimiter(lines[index] ?? '')) {
      return index;
    }
  }
  const nonEmpty: number[] = [];
  for (let index = last; index >= 0 && nonEmpty.length < SIGN_OFF_WINDOW; index -= 1) {
    if (keys[index] !== '') {
      nonEmpty.push(index);
    }
  }
  const firstNonEmpty = keys.findIndex((key) => key !== '');
  let start: number | null = null;
  for (const index of nonEmpty) {
    const key = keys[index] ?? '';
    // A reply that is nothing but "Thanks!" keeps it as its body rather than becoming empty.
    if (index === firstNonEmpty || key.length > MAX_SIGN_OFF_LINE || !SIGN_OFF.test(key)) {
      continue;
    }
    const block = lines.slice(index, last + 1);
    if (block.length <= MAX_BLOCK_LINES && block.join('\n').length <= MAX_BLOCK_CHARACTERS) {
      start = index;
    }
  }
  return start;
}

/**
 * Moves the sign-off block of a message body to its signature (ml.md §1.2): a `-- ` delimiter in the
 * last 15 lines, else the highest sign-off line among the last 12 non-empty lines whose block is at most
 * 12 lines and 600 characters; "Sent from my …" lines always go to the signature.
 */
export function splitSignature(body: string): SignatureSplit {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const keys = lines.map((line) => norm(line).trim());
  let last = keys.length - 1;
  while (last >= 0 && keys[last] === '') {
    last -= 1;
  }
  if (last < 0) {
    return { body: joinBlock(lines) };
  }
  const start = signatureStart(lines, keys, last) ?? last + 1;
  const bodyLines: string[] = [];
  const deviceLines: string[] = [];
  for (let index = 0; index < start; index += 1) {
    const line = lines[index] ?? '';
    (SENT_FROM_DEVICE.test(keys[index] ?? '') ? deviceLines : bodyLines).push(line);
  }
  const signature = joinBlock([...deviceLines, ...lines.slice(start, last + 1)]);
  const result: SignatureSplit = { body: joinBlock(bodyLines) };
  if (signature !== '') {
    result.signature = signature;
  }
  return result;
}
