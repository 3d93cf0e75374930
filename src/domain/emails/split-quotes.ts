import { parseEmailDate } from './email-date.js';
import { norm } from './text-norm.js';

// ml.md §1.2: reply headers and `>`-quoted blocks split an email body into the new content (message 0)
// and the quoted earlier emails, newest first. Pure and deterministic: the rules are versioned with the
// transform tag, so any change here needs a new tag version.

/** At most this many messages per email; the remainder stays in the last one (ml.md §1.2). */
export const MAX_MESSAGES_PER_EMAIL = 20;

/** What a quoted reply header says about the email below it. */
export type QuotedHeader = {
  from?: string;
  to?: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string;
  /** Canonical UTC timestamp. */
  sentAt?: string;
};

export type SplitMessage = QuotedHeader & { body: string };

const ORIGINAL_MESSAGE = /^-{2,}\s*original message\s*-{2,}$/i;
// ml.md writes `forwarded (message|by\b.*)-*$`; `\s*` before the trailing dashes also admits Gmail's
// `---------- Forwarded message ---------`, which the literal pattern misses by one space.
const FORWARDED = /^-{2,}\s*forwarded (message|by\b.*)\s*-*$/i;
const FORWARDED_BY = /^-{5,}\s*forwarded by .+$/i;
const ON_WROTE = /^on .{1,200}(wrote|schrieb|a écrit|escribió|ha scritto):$/i;
const ON_START = /^on /i;
const WROTE_END = /wrote:$/i;
const FROM_LINE = /^from:\s+\S/i;
const SENT_LINE = /^(sent|date):\s+\S/i;
const TO_OR_SUBJECT_LINE = /^(to|subject):/i;
const UNDERSCORES = /^_{10,}$/;
const LOTUS = /^.{1,120}\s+on\s+\d{1,2}\/\d{1,2}\/\d{2,4}\s+\d{1,2}:\d{2}(:\d{2})?\s*(am|pm)?$/i;
const TO_LINE = /^to:/i;
const LOTUS_SUFFIX =
  /^(.*?)\s+on\s+(\d{1,2}\/\d{1,2}\/\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?)$/i;
// Lotus Notes wraps its long "Forwarded by" rule; the second half is only a time and dashes.
const WRAPPED_RULE_TAIL = /^[\d:apm\s]{0,20}-{5,}$/i;
const HEADER_KEY = /^([a-z][a-z -]{0,15}?)\s*:\s*(.*)$/i;
const HEADER_KEYS = new Set([
  'from',
  'sent',
  'date',
  'to',
  'cc',
  'bcc',
  'subject',
  'sent by',
  'reply-to',
  'importance',
  'priority',
  'attachments',
]);
const ADDRESS_LIST_KEYS = new Set(['to', 'cc', 'bcc']);

type Line = { text: string; key: string; quoted: boolean };
type ReplyHeader = { fields: QuotedHeader; end: number; introducesQuote: boolean };
type Draft = {
  header: string[];
  fields: QuotedHeader;
  body: string[];
  quotes: QuoteGroup[];
  /** Its header is an "On … wrote:" line, which only ever introduces a quote. */
  introducesQuote: boolean;
  /** Its first words are quoted (`>` lines right below the header). */
  opensWithQuote: boolean;
};
type QuoteGroup = { intro: string[]; fields: QuotedHeader; lines: string[] };
type Piece = { header: string; fields: QuotedHeader; body: string };

// Quote markers some mail clients and people use instead of `>` ("--]", "|", "#", "=>"). They count as
// quotes only in an email where such a marker starts the line right after an "On … wrote:" header: there
// the email itself says that the marker quotes (sa-easy-ham-1-00028 quotes with "--]" and replies below).
const OTHER_QUOTE_MARKERS = ['--]', '=>', '|', '#'] as const;

function toLines(texts: readonly string[]): Line[] {
  const lines = texts.map((text) => ({ text, key: norm(text).trim(), quoted: false }));
  const marker = otherQuoteMarker(lines);
  for (const line of lines) {
    line.quoted = line.key.startsWith('>') || (marker !== undefined && line.key.startsWith(marker));
  }
  return lines;
}

function otherQuoteMarker(lines: readonly Line[]): string | undefined {
  for (let index = 0; index < lines.length; index += 1) {
    const key = keyAt(lines, index);
    const next = ON_WROTE.test(key)
      ? index + 1
      : ON_START.test(key) && WROTE_END.test(keyAt(lines, index + 1))
        ? index + 2
        : -1;
    if (next < 0) {
      continue;
    }
    const first = keyAt(lines, nextNonBlank(lines, next));
    const marker = OTHER_QUOTE_MARKERS.find((candidate) => first.startsWith(candidate));
    if (marker !== undefined) {
      return marker;
    }
  }
  return undefined;
}

function isBlank(line: Line | undefined): boolean {
  return line !== undefined && line.key === '';
}

function isQuoted(line: Line | undefined): boolean {
  return line !== undefined && line.quoted;
}

function keyAt(lines: readonly Line[], index: number): string {
  return lines[index]?.key ?? '';
}

function anyWithin(lines: readonly Line[], from: number, count: number, pattern: RegExp): boolean {
  for (let index = from; index < Math.min(lines.length, from + count); index += 1) {
    if (pattern.test(keyAt(lines, index))) {
      return true;
    }
  }
  return false;
}

function isOutlookFrom(lines: readonly Line[], index: number): boolean {
  return (
    FROM_LINE.test(keyAt(lines, index)) &&
    anyWithin(lines, index + 1, 5, SENT_LINE) &&
    anyWithin(lines, index + 1, 5, TO_OR_SUBJECT_LINE)
  );
}

function isLotusLine(lines: readonly Line[], index: number): boolean {
  return LOTUS.test(keyAt(lines, index)) && anyWithin(lines, index + 1, 3, TO_LINE);
}

function stripQuotes(value: string): string {
  return value.replace(/^["'\s]+|["'\s]+$/g, '');
}

/** One address of a quoted header: the bare address when one is visible, else the name as written. */
function quotedAddress(value: string): string {
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(value);
  if (angle?.[1] !== undefined) {
    return angle[1];
  }
  const mailto = /\[mailto:([^\]\s]+)\]/i.exec(value);
  if (mailto?.[1] !== undefined) {
    return mailto[1];
  }
  return stripQuotes(value.replace(/<\s*>/g, ''));
}

function quotedAddressList(value: string): string[] {
  // Outlook separates recipients with `;` because its display names ("Doe, Jane") contain commas.
  const separator = value.includes(';') ? ';' : ',';
  const items = value.split(separator);
  const merged: string[] = [];
  for (let index = 0; index < items.length; index += 1) {
    let item = items[index] ?? '';
    const next = items[index + 1];
    // "Doe, Jane <jd@x.com>" split on commas: the surname joins the part that holds the address.
    if (separator === ',' && !item.includes('@') && next !== undefined && /[<[]/.test(next)) {
      item = `${item},${next}`;
      index += 1;
    }
    merged.push(item);
  }
  return merged.map(quotedAddress).filter((address) => address !== '');
}

function setDate(fields: QuotedHeader, value: string): void {
  if (fields.sentAt !== undefined) {
    return;
  }
  const parsed = parseEmailDate(value);
  if (parsed.ok) {
    fields.sentAt = parsed.value;
  }
}

function setFrom(fields: QuotedHeader, value: string): void {
  const lotus = LOTUS_SUFFIX.exec(value.trim());
  const name = lotus?.[1] ?? value;
  if (lotus?.[2] !== undefined) {
    setDate(fields, lotus[2]);
  }
  const address = quotedAddress(name.replace(/^from:\s*/i, ''));
  if (address !== '') {
    fields.from = address;
  }
}

function applyHeaderField(fields: QuotedHeader, name: string, value: string): void {
  const trimmed = value.trim();
  if (name === 'from') {
    setFrom(fields, trimmed);
  } else if (name === 'sent' || name === 'date') {
    setDate(fields, trimmed);
  } else if (name === 'subject') {
    if (trimmed !== '') {
      fields.subject = trimmed;
    }
  } else if (name === 'to' || name === 'cc' || name === 'bcc') {
    const addresses = quotedAddressList(trimmed);
    if (addresses.length > 0) {
      fields[name] = addresses;
    }
  }
}

function headerKeyLine(line: Line | undefined): { name: string; value: string } | null {
  if (line === undefined) {
    return null;
  }
  const match = HEADER_KEY.exec(line.key);
  const name = match?.[1]?.toLowerCase().replace(/\s+/g, ' ');
  if (match === null || name === undefined || !HEADER_KEYS.has(name)) {
    return null;
  }
  return { name, value: match[2] ?? '' };
}

/** Reads an Outlook or Lotus Notes header block starting at `start`; returns its fields and end. */
function readHeaderBlock(
  lines: readonly Line[],
  start: number,
): { fields: QuotedHeader; end: number } {
  const values = new Map<string, string>();
  let lastName: string | null = null;
  let index = start;
  if (headerKeyLine(lines[start]) === null && LOTUS.test(keyAt(lines, start))) {
    values.set('from', keyAt(lines, start));
    index += 1;
  }
  while (index < lines.length) {
    const line = lines[index];
    const keyLine = headerKeyLine(line);
    if (keyLine !== null && !values.has(keyLine.name)) {
      values.set(keyLine.name, keyLine.value);
      lastName = keyLine.name;
      index += 1;
      continue;
    }
    if (
      line !== undefined &&
      !isBlank(line) &&
      keyLine === null &&
      lastName !== null &&
      ADDRESS_LIST_KEYS.has(lastName)
    ) {
      const previous = values.get(lastName) ?? '';
      // Wrapped recipient lists: indented, or the previous line ended mid-list.
      if (/^\s/.test(line.text) || /[,;]\s*$/.test(previous)) {
        values.set(lastName, `${previous} ${line.key}`);
        index += 1;
        continue;
      }
    }
    if (isBlank(line)) {
      // Lotus Notes leaves blank lines inside its header block ("Sent by:" ⏎⏎ "To:", "cc:" ⏎⏎ "Subject:").
      let next = index;
      while (next < lines.length && next - index < 3 && isBlank(lines[next])) {
        next += 1;
      }
      const ahead = headerKeyLine(lines[next]);
      if (ahead !== null && !values.has(ahead.name) && next - index < 3) {
        index = next;
        continue;
      }
    }
    break;
  }
  const fields: QuotedHeader = {};
  for (const [name, value] of values) {
    applyHeaderField(fields, name, value);
  }
  return { fields, end: index };
}

function onWroteFields(text: string): QuotedHeader {
  const inner = text
    .replace(/^on\s+/i, '')
    .replace(/\s*(wrote|schrieb|a écrit|escribió|ha scritto):$/i, '');
  const fields: QuotedHeader = {};
  const address =
    /<([^<>\s]+@[^<>\s]+)>/.exec(inner)?.[1] ??
    /[^\s<>"',;:()[\]]+@[^\s<>"',;:()[\]]+/.exec(inner)?.[0];
  if (address !== undefined) {
    fields.from = address;
  } else {
    const comma = inner.lastIndexOf(',');
    const name = comma >= 0 ? stripQuotes(inner.slice(comma + 1)) : '';
    // Without a comma the date and the name cannot be told apart; a segment with digits is a date.
    if (name !== '' && !/\d/.test(name)) {
      fields.from = name;
    }
  }
  setDate(fields, inner);
  return fields;
}

/** A separator line: absorb a wrapped tail and the header block that follows it, if any. */
function afterSeparator(lines: readonly Line[], index: number): ReplyHeader {
  let end = index + 1;
  if (WRAPPED_RULE_TAIL.test(keyAt(lines, end))) {
    end += 1;
  }
  let next = end;
  while (next < lines.length && next - end < 3 && isBlank(lines[next])) {
    next += 1;
  }
  if (headerKeyLine(lines[next]) !== null || isLotusLine(lines, next)) {
    const block = readHeaderBlock(lines, next);
    return { fields: block.fields, end: block.end, introducesQuote: false };
  }
  return { fields: {}, end, introducesQuote: false };
}

/** ml.md §1.2 reply-header table, in its order; `null` when no header starts at `index`. */
function replyHeaderAt(lines: readonly Line[], index: number): ReplyHeader | null {
  const key = keyAt(lines, index);
  if (ORIGINAL_MESSAGE.test(key) || FORWARDED.test(key) || FORWARDED_BY.test(key)) {
    return afterSeparator(lines, index);
  }
  if (ON_WROTE.test(key)) {
    return { fields: onWroteFields(key), end: index + 1, introducesQuote: true };
  }
  const nextKey = keyAt(lines, index + 1);
  if (ON_START.test(key) && WROTE_END.test(nextKey) && !isQuoted(lines[index + 1])) {
    return { fields: onWroteFields(`${key} ${nextKey}`), end: index + 2, introducesQuote: true };
  }
  if (isOutlookFrom(lines, index)) {
    const block = readHeaderBlock(lines, index);
    return { fields: block.fields, end: block.end, introducesQuote: false };
  }
  if (UNDERSCORES.test(key)) {
    for (const offset of [1, 2]) {
      if (FROM_LINE.test(keyAt(lines, index + offset))) {
        const block = readHeaderBlock(lines, index + offset);
        return { fields: block.fields, end: block.end, introducesQuote: false };
      }
    }
  }
  if (isLotusLine(lines, index)) {
    const block = readHeaderBlock(lines, index);
    return { fields: block.fields, end: block.end, introducesQuote: false };
  }
  return null;
}

/** End (exclusive) of the `>` block at `start`: blank lines between quoted lines belong to it. */
function quotedBlockEnd(lines: readonly Line[], start: number): number {
  let lastQuoted = start;
  for (let index = start; index < lines.length; index += 1) {
    if (isQuoted(lines[index])) {
      lastQuoted = index;
    } else if (!isBlank(lines[index])) {
      break;
    }
  }
  return lastQuoted + 1;
}

function dequote(line: Line): string {
  const marker = line.key.startsWith('>')
    ? '>'
    : OTHER_QUOTE_MARKERS.find((candidate) => line.key.startsWith(candidate));
  if (marker === undefined) {
    return line.text;
  }
  const at = line.text.indexOf(marker);
  return at < 0 ? line.text : line.text.slice(at + marker.length).replace(/^ /, '');
}

function nextNonBlank(lines: readonly Line[], from: number): number {
  let index = from;
  while (index < lines.length && isBlank(lines[index])) {
    index += 1;
  }
  return index;
}

function joinBody(texts: readonly string[]): string {
  return texts
    .join('\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
}

function splitLevel(texts: readonly string[], depth: number): Piece[] {
  // Only 20 messages survive anyway; the bound also keeps a line of thousands of `>` off the call stack.
  if (depth >= MAX_MESSAGES_PER_EMAIL) {
    return [{ header: '', fields: {}, body: joinBody(texts) }];
  }
  const lines = toLines(texts);
  const first: Draft = {
    header: [],
    fields: {},
    body: [],
    quotes: [],
    introducesQuote: false,
    opensWithQuote: false,
  };
  const drafts: Draft[] = [first];
  let current = first;
  let intro: { lines: string[]; fields: QuotedHeader } | null = null;
  let index = 0;
  while (index < lines.length) {
    const line = lines[index];
    if (line === undefined) {
      break;
    }
    if (isQuoted(line)) {
      const end = quotedBlockEnd(lines, index);
      const block = lines.slice(index, end).map(dequote);
      if (current.quotes.length === 0 && !hasWords(current.body)) {
        current.opensWithQuote = true;
      }
      const last = current.quotes[current.quotes.length - 1];
      // Interleaved replies quote one email in fragments: fragments without their own "On … wrote:"
      // line join the previous quote instead of each posing as a separate earlier email.
      if (intro === null && last !== undefined) {
        last.lines.push('', ...block);
      } else {
        current.quotes.push({
          intro: intro?.lines ?? [],
          fields: intro?.fields ?? {},
          lines: block,
        });
      }
      intro = null;
      // Blank lines on both sides of a removed block would leave a double gap in the remaining text.
      const previous = current.body[current.body.length - 1];
      index =
        previous !== undefined && previous.trim() === '' && isBlank(lines[end]) ? end + 1 : end;
      continue;
    }
    const header = replyHeaderAt(lines, index);
    if (header !== null) {
      const quoteStart = nextNonBlank(lines, header.end);
      // An "On … wrote:" line directly above `>` lines only introduces them; elsewhere it starts a message.
      if (header.introducesQuote && isQuoted(lines[quoteStart])) {
        intro = { lines: texts.slice(index, header.end), fields: header.fields };
        index = quoteStart;
        continue;
      }
      current = {
        header: texts.slice(index, header.end),
        fields: header.fields,
        body: [],
        quotes: [],
        introducesQuote: header.introducesQuote,
        opensWithQuote: false,
      };
      drafts.push(current);
      index = header.end;
      continue;
    }
    current.body.push(line.text);
    index += 1;
  }
  bottomPosted(drafts);
  const pieces: Piece[] = [];
  for (const draft of drafts) {
    pieces.push({
      header: draft.header.join('\n'),
      fields: draft.fields,
      body: joinBody(draft.body),
    });
    for (const quote of draft.quotes) {
      const nested = splitLevel(quote.lines, depth + 1);
      const [own, ...older] = nested;
      // The first piece of a level is never headed, so the intro's fields describe it.
      if (own !== undefined) {
        pieces.push({ header: quote.intro.join('\n'), fields: quote.fields, body: own.body });
      }
      pieces.push(...older);
    }
  }
  return pieces;
}

function hasWords(texts: readonly string[]): boolean {
  return texts.some((text) => /[\p{L}\p{N}]/u.test(text));
}

/**
 * A reply written below or between the lines it quotes, under a reply header at the very top ("On …
 * wrote:" followed by an aside before the first quote, or Outlook Express's "Original Message" block
 * above `>` lines): the header starts a second draft that holds both the author's lines and the quoted
 * ones, and message 0 would be empty. The author's lines are the new content, so they move up to
 * message 0; the header's fields go to the quote it introduces. A forward keeps its structure: there the
 * unquoted lines are the forwarded email, not the forwarder's, and so does an "Original Message" block
 * whose first lines are not quoted (Outlook's forward of a reply: its `>` lines are older mail).
 */
function bottomPosted(drafts: Draft[]): void {
  const [first, second] = drafts;
  if (
    first === undefined ||
    second === undefined ||
    hasWords(first.body) ||
    first.quotes.length > 0 ||
    second.quotes.length === 0 ||
    !hasWords(second.body) ||
    !(second.introducesQuote || second.opensWithQuote) ||
    FORWARDED.test(norm(second.header[0] ?? '').trim()) ||
    FORWARDED_BY.test(norm(second.header[0] ?? '').trim())
  ) {
    return;
  }
  first.body = second.body;
  const [introduced, ...rest] = second.quotes;
  first.quotes =
    introduced !== undefined && introduced.intro.length === 0
      ? [{ intro: second.header, fields: second.fields, lines: introduced.lines }, ...rest]
      : second.quotes;
  drafts.splice(1, 1);
}

/**
 * Splits an email body into its new content (message 0) and the quoted earlier emails, newest first,
 * each with the fields its reply header gives (ml.md §1.2). Bodies keep their original characters;
 * matching uses `norm` and ignores leading and trailing blanks of a line.
 */
export function splitQuotedHistory(text: string): SplitMessage[] {
  const pieces = splitLevel(text.replace(/\r\n?/g, '\n').split('\n'), 0);
  if (pieces.length > MAX_MESSAGES_PER_EMAIL) {
    const kept = pieces.slice(0, MAX_MESSAGES_PER_EMAIL);
    const rest = pieces.slice(MAX_MESSAGES_PER_EMAIL - 1);
    const last = kept[kept.length - 1];
    if (last !== undefined) {
      kept[kept.length - 1] = {
        ...last,
        body: rest
          .map((piece, position) =>
            position === 0
              ? piece.body
              : [piece.header, piece.body].filter((part) => part !== '').join('\n'),
          )
          .filter((part) => part !== '')
          .join('\n\n'),
      };
    }
    return kept.map(toMessage);
  }
  return pieces.map(toMessage);
}

function toMessage(piece: Piece): SplitMessage {
  return { ...piece.fields, body: piece.body };
}
