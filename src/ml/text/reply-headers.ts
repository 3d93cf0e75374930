// ml.md §1.2 reply-header lines, used by §1.1 `clean` (cut a multi-message body at the first header) and
// by the §1.4 structure tokens (`s:quote`, `s:fwd`). Lines are matched after `norm` and trimming.

const ORIGINAL_MESSAGE = /^-{2,}\s*original message\s*-{2,}$/i;
// ml.md writes `forwarded (message|by\b.*)-*$`; `\s*` before the trailing dashes also admits Gmail's
// `---------- Forwarded message ---------` (same choice as src/domain/emails/split-quotes.ts).
const FORWARDED = /^-{2,}\s*forwarded (message|by\b.*)\s*-*$/i;
const FORWARDED_BY = /^-{5,}\s*forwarded by .+$/i;
const ON_WROTE = /^on .{1,200}(wrote|schrieb|a écrit|escribió|ha scritto):$/i;
const ON_START = /^on /i;
const WROTE_END = /wrote:$/i;
const FROM_LINE = /^from:\s+\S/i;
const SENT_LINE = /^(sent|date):\s+\S/i;
const TO_OR_SUBJECT_LINE = /^(to|subject):/i;
const UNDERSCORES = /^_{10,}$/;
const FROM_START = /^from:/i;
const LOTUS = /^.{1,120}\s+on\s+\d{1,2}\/\d{1,2}\/\d{2,4}\s+\d{1,2}:\d{2}(:\d{2})?\s*(am|pm)?$/i;
const TO_LINE = /^to:/i;

/** A reply header found in a list of lines. */
export type ReplyHeader = { line: number; forward: boolean };

function anyWithin(
  lines: readonly string[],
  from: number,
  count: number,
  pattern: RegExp,
): boolean {
  const end = Math.min(lines.length, from + count);
  for (let index = from; index < end; index += 1) {
    if (pattern.test(lines[index]!)) {
      return true;
    }
  }
  return false;
}

/** The first reply-header line of ml.md §1.2 in `lines` (already normalised and trimmed), or null. */
export function findReplyHeader(lines: readonly string[]): ReplyHeader | null {
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line === '') {
      continue;
    }
    if (FORWARDED.test(line) || FORWARDED_BY.test(line)) {
      return { line: index, forward: true };
    }
    if (ORIGINAL_MESSAGE.test(line) || ON_WROTE.test(line)) {
      return { line: index, forward: false };
    }
    if (ON_START.test(line) && WROTE_END.test(lines[index + 1] ?? '')) {
      return { line: index, forward: false };
    }
    if (
      FROM_LINE.test(line) &&
      anyWithin(lines, index + 1, 5, SENT_LINE) &&
      anyWithin(lines, index + 1, 5, TO_OR_SUBJECT_LINE)
    ) {
      return { line: index, forward: false };
    }
    if (UNDERSCORES.test(line) && anyWithin(lines, index + 1, 2, FROM_START)) {
      return { line: index, forward: false };
    }
    if (LOTUS.test(line) && anyWithin(lines, index + 1, 3, TO_LINE)) {
      return { line: index, forward: false };
    }
  }
  return null;
}
