import {
  AFTER,
  BEFORE,
  matchesOf,
  type CalendarDate,
  type Extraction,
  type FieldContext,
} from './types.js';

// ml.md §8.2 `date`: ISO, numeric (ambiguity settled by the dataset locale), textual and relative
// dates, all resolved against the comment's date in the dataset's time zone.

const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept(?:ember)?|sep|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const ORDINAL = '(?:st|nd|rd|th)?';
const WEEKDAY = '(monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const NUMBER = '(\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)';

const ISO = new RegExp(`${BEFORE}(\\d{4})-(\\d{1,2})-(\\d{1,2})${AFTER}`, 'giu');
const NUMERIC = new RegExp(`${BEFORE}(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4}|\\d{2})${AFTER}`, 'giu');
const DAY_MONTH = new RegExp(
  `${BEFORE}(\\d{1,2})${ORDINAL}(?:\\s+of)?\\s+${MONTH}\\.?(?:,?\\s+(\\d{4}))?${AFTER}`,
  'giu',
);
const MONTH_DAY = new RegExp(
  `${BEFORE}${MONTH}\\.?\\s+(\\d{1,2})${ORDINAL}(?:,?\\s+(\\d{4}))?${AFTER}`,
  'giu',
);
const FIXED_RELATIVE = new RegExp(
  `${BEFORE}(the day after tomorrow|today|tomorrow|yesterday)${AFTER}`,
  'giu',
);
const QUALIFIED_WEEKDAY = new RegExp(`${BEFORE}(next|last|this)\\s+${WEEKDAY}${AFTER}`, 'giu');
const BARE_WEEKDAY = new RegExp(`${BEFORE}${WEEKDAY}${AFTER}`, 'giu');
const IN_N = new RegExp(`${BEFORE}in\\s+${NUMBER}\\s+(days?|weeks?)${AFTER}`, 'giu');
const N_AGO = new RegExp(`${BEFORE}${NUMBER}\\s+(days?|weeks?)\\s+ago${AFTER}`, 'giu');
const WEEK = new RegExp(`${BEFORE}(next|last)\\s+week${AFTER}`, 'giu');

const RELATIVE_HINT = /day|week|tomorrow/i;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const NUMBER_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];
const DAY_MS = 86_400_000;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function valid(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function format(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

function toUtc(date: CalendarDate): number {
  return Date.UTC(date.year, date.month - 1, date.day);
}

function fromUtc(ms: number): CalendarDate {
  const date = new Date(ms);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

function numberValue(token: string): number {
  const word = NUMBER_WORDS.indexOf(token.toLowerCase());
  return word >= 0 ? word : Number(token);
}

function expandYear(raw: string): number {
  if (raw.length === 4) {
    return Number(raw);
  }
  const short = Number(raw);
  return short <= 69 ? 2000 + short : 1900 + short;
}

/** A year-less day: the candidate in year − 1, year or year + 1 closest to the reference. */
function closestYear(month: number, day: number, reference: CalendarDate): CalendarDate | null {
  let best: CalendarDate | null = null;
  let bestDistance = Infinity;
  for (const year of [reference.year - 1, reference.year, reference.year + 1]) {
    if (!valid(year, month, day)) {
      continue;
    }
    const candidate = { year, month, day };
    const distance = Math.abs(toUtc(candidate) - toUtc(reference));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function weekdayOf(date: CalendarDate): number {
  return new Date(toUtc(date)).getUTCDay();
}

/** The given weekday strictly after (`direction` 1) or strictly before (−1) the reference. */
function nextWeekday(reference: CalendarDate, weekday: number, direction: 1 | -1): CalendarDate {
  const today = weekdayOf(reference);
  const forward = (weekday - today + 7) % 7 || 7;
  return direction === 1
    ? addDays(reference, forward)
    : addDays(reference, -((today - weekday + 7) % 7 || 7));
}

function mondayOf(date: CalendarDate): CalendarDate {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}

/** Every date mention of a text part (overlapping readings are settled by `resolveOverlaps`). */
export function extractDates(text: string, context: FieldContext): Extraction[] {
  const out: Extraction[] = [];
  const push = (match: RegExpExecArray, date: CalendarDate | null) => {
    if (date !== null && valid(date.year, date.month, date.day)) {
      out.push({
        kind: 'date',
        start: match.index,
        end: match.index + match[0].length,
        formatted_value: format(date),
      });
    }
  };
  const reference = context.reference;
  for (const match of matchesOf(ISO, text)) {
    push(match, { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) });
  }
  for (const match of matchesOf(NUMERIC, text)) {
    const first = Number(match[1]);
    const second = Number(match[2]);
    const year = expandYear(match[3]!);
    const monthFirst = first > 12 ? false : second > 12 ? true : context.monthFirst;
    push(
      match,
      monthFirst ? { year, month: first, day: second } : { year, month: second, day: first },
    );
  }
  for (const match of matchesOf(DAY_MONTH, text)) {
    const day = Number(match[1]);
    const month = monthIndex(match[2]!);
    push(
      match,
      match[3] === undefined
        ? closestYear(month, day, reference)
        : { year: Number(match[3]), month, day },
    );
  }
  for (const match of matchesOf(MONTH_DAY, text)) {
    const month = monthIndex(match[1]!);
    const day = Number(match[2]);
    push(
      match,
      match[3] === undefined
        ? closestYear(month, day, reference)
        : { year: Number(match[3]), month, day },
    );
  }
  // Every relative form names a day or a week (`today`, `friday`, `in 2 weeks`) or `tomorrow`: one
  // scan for those words spares six regex passes over most texts.
  if (!RELATIVE_HINT.test(text)) {
    return out;
  }
  for (const match of matchesOf(FIXED_RELATIVE, text)) {
    const word = match[1]!.toLowerCase();
    const offset = word === 'today' ? 0 : word === 'tomorrow' ? 1 : word === 'yesterday' ? -1 : 2;
    push(match, addDays(reference, offset));
  }
  for (const match of matchesOf(QUALIFIED_WEEKDAY, text)) {
    const weekday = WEEKDAYS.indexOf(match[2]!.toLowerCase());
    const qualifier = match[1]!.toLowerCase();
    // `this <weekday>` may be today; `next`/`last` never are.
    const date =
      qualifier === 'last'
        ? nextWeekday(reference, weekday, -1)
        : qualifier === 'this' && weekdayOf(reference) === weekday
          ? reference
          : nextWeekday(reference, weekday, 1);
    push(match, date);
  }
  for (const match of matchesOf(BARE_WEEKDAY, text)) {
    push(match, nextWeekday(reference, WEEKDAYS.indexOf(match[1]!.toLowerCase()), 1));
  }
  for (const match of matchesOf(IN_N, text)) {
    const unit = match[2]!.toLowerCase().startsWith('week') ? 7 : 1;
    push(match, addDays(reference, numberValue(match[1]!) * unit));
  }
  for (const match of matchesOf(N_AGO, text)) {
    const unit = match[2]!.toLowerCase().startsWith('week') ? 7 : 1;
    push(match, addDays(reference, -numberValue(match[1]!) * unit));
  }
  for (const match of matchesOf(WEEK, text)) {
    const direction = match[1]!.toLowerCase() === 'next' ? 7 : -7;
    push(match, mondayOf(addDays(reference, direction)));
  }
  return out;
}
