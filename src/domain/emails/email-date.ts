import { type Result, err, ok } from '../../lib/result.js';
import { formatMicros } from '../../lib/timestamps.js';

// A hand-written parser instead of `new Date(text)`: V8's fallback parsing reads zone-less dates in the
// host's local time zone, and the transform must give the same timestamp on every machine (api.md §6.1.2).

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

// RFC 2822 §4.3 obsolete zone names plus the names mail clients of the corpora actually write. Unknown
// names fall back to UTC, which RFC 2822 prescribes for `-0000` and for military letters.
const ZONE_NAMES: ReadonlyArray<readonly [string, number]> = (
  [
    ['eastern daylight time', -240],
    ['eastern standard time', -300],
    ['central daylight time', -300],
    ['central standard time', -360],
    ['mountain daylight time', -360],
    ['mountain standard time', -420],
    ['pacific daylight time', -420],
    ['pacific standard time', -480],
    ['ut', 0],
    ['utc', 0],
    ['gmt', 0],
    ['z', 0],
    ['wet', 0],
    ['west', 60],
    ['bst', 60],
    ['cet', 60],
    ['met', 60],
    ['cest', 120],
    ['mest', 120],
    ['eet', 120],
    ['eest', 180],
    ['msk', 180],
    ['ist', 330],
    ['hkt', 480],
    ['sgt', 480],
    ['jst', 540],
    ['kst', 540],
    ['aest', 600],
    ['aedt', 660],
    ['nzst', 720],
    ['nzdt', 780],
    ['ast', -240],
    ['adt', -180],
    ['est', -300],
    ['edt', -240],
    ['cst', -360],
    ['cdt', -300],
    ['mst', -420],
    ['mdt', -360],
    ['pst', -480],
    ['pdt', -420],
    ['akst', -540],
    ['akdt', -480],
    ['hst', -600],
  ] as const
)
  .slice()
  .sort((left, right) => right[0].length - left[0].length);

const MONTH = '((?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?)';

type CalendarDate = { year: number; month: number; day: number; rest: string };

const DATE_FORMS: ReadonlyArray<{
  pattern: RegExp;
  read: (match: RegExpExecArray) => { year: string; month: number; day: string };
}> = [
  // 22 Aug 2002 (RFC 2822), 22-Aug-02; the look-ahead keeps `22 Aug 18:26` from reading 18 as the year.
  {
    pattern: new RegExp(`\\b(\\d{1,2})[\\s-]+${MONTH}[\\s,-]+(\\d{2,4})\\b(?!:)`, 'i'),
    read: (match) => ({ day: match[1] ?? '', month: monthNumber(match[2]), year: match[3] ?? '' }),
  },
  // Outlook: Tuesday, October 30, 2001; mutt: Sep 03, 2002
  {
    pattern: new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b(?!:)`, 'i'),
    read: (match) => ({ month: monthNumber(match[1]), day: match[2] ?? '', year: match[3] ?? '' }),
  },
  // 2002-09-14, 2002/09/14
  {
    pattern: /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/,
    read: (match) => ({ year: match[1] ?? '', month: Number(match[2]), day: match[3] ?? '' }),
  },
  // Lotus Notes and US Outlook: 05/14/2001 (month first)
  {
    pattern: /\b(\d{1,2})\/(\d{1,2})\/(\d{2,4})\b/,
    read: (match) => ({ month: Number(match[1]), day: match[2] ?? '', year: match[3] ?? '' }),
  },
];

// asctime and date(1) put the year last (`Sat Sep 21 08:18:08 [EDT] 2002`); rewritten to RFC 2822 order.
const ASCTIME = new RegExp(
  `^\\s*(?:[a-z]+,?\\s+)?${MONTH}\\s+(\\d{1,2})\\s+(\\d{1,2}:\\d{2}(?::\\d{2})?)(?:\\s+([a-z]+|[+-]\\d{4}))?\\s+(\\d{4})\\s*$`,
  'i',
);

const TIME = /\b(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?(?:\s*([ap])\.?m\b\.?)?/i;
// `+-0500` (a sign printed twice by a broken mailer) keeps the last sign; `GMT+1` is an hour offset.
const NUMERIC_ZONE = /^\s*(?:(?:gmt|utc|ut)\s*)?[+-]?([+-])(\d{2}):?(\d{2})\b/i;
const HOUR_ZONE = /^\s*(?:gmt|utc|ut)([+-])(\d{1,2})\b/i;

function monthNumber(name: string | undefined): number {
  return MONTHS[(name ?? '').slice(0, 3).toLowerCase()] ?? 0;
}

function fullYear(digits: string): number {
  const value = Number(digits);
  // RFC 2822 §4.3: two-digit years 00–49 are 20xx, 50–99 are 19xx.
  if (digits.length === 2) {
    return value < 50 ? 2000 + value : 1900 + value;
  }
  // Three-digit years add 1900, also zero-padded ones: mailers that printed C's `tm_year` (years since
  // 1900) wrote 2002 as `0102`.
  if (digits.length === 3 || (value >= 100 && value < 1000)) {
    return 1900 + value;
  }
  return value;
}

function findDate(text: string): CalendarDate | null {
  for (const form of DATE_FORMS) {
    const match = form.pattern.exec(text);
    if (match) {
      const parts = form.read(match);
      return {
        year: fullYear(parts.year),
        month: parts.month,
        day: Number(parts.day),
        rest: `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`,
      };
    }
  }
  return null;
}

function zoneOffsetMinutes(afterTime: string): number | null {
  const numeric = NUMERIC_ZONE.exec(afterTime);
  if (numeric) {
    const hours = Number(numeric[2]);
    const minutes = Number(numeric[3]);
    if (hours > 23 || minutes > 59) {
      return null;
    }
    return (numeric[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const hourOnly = HOUR_ZONE.exec(afterTime);
  if (hourOnly) {
    const hours = Number(hourOnly[2]);
    return hours > 23 ? null : (hourOnly[1] === '-' ? -1 : 1) * hours * 60;
  }
  const lower = afterTime.trimStart().toLowerCase();
  for (const [name, offset] of ZONE_NAMES) {
    if (lower.startsWith(name) && !/^[a-z]/.test(lower.slice(name.length))) {
      return offset;
    }
  }
  return 0;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses an email date (RFC 2822 with its obsolete forms, and the looser forms of quoted reply headers)
 * into the canonical UTC timestamp. A date without a zone is read as UTC (api.md §3.9.1); a date
 * without a time of day is rejected.
 */
export function parseEmailDate(input: string): Result<string> {
  // Comments such as `(PDT)` or `(added by postmaster@…)` never carry the offset that counts.
  let text = input.replace(/\([^()]*\)/g, ' ').replace(/\s+/g, ' ');
  const asctime = ASCTIME.exec(text);
  if (asctime) {
    text = `${asctime[2]} ${asctime[1]} ${asctime[5]} ${asctime[3]} ${asctime[4] ?? ''}`;
  }
  const date = findDate(text);
  if (!date) {
    return err('no calendar date found');
  }
  const time = TIME.exec(date.rest);
  if (!time) {
    return err('no time of day found');
  }
  let hour = Number(time[1]);
  const minute = Number(time[2]);
  // RFC 2822 allows second 60 for a leap second; a JavaScript date cannot hold it.
  const second = Math.min(Number(time[3] ?? 0), 59);
  const meridiem = time[4]?.toLowerCase();
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) {
      return err('hour out of range');
    }
    hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
  }
  const { year, month, day } = date;
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return err('date out of range');
  }
  if (hour > 23 || minute > 59) {
    return err('time of day out of range');
  }
  const offset = zoneOffsetMinutes(date.rest.slice(time.index + time[0].length));
  if (offset === null) {
    return err('time zone offset out of range');
  }
  const utcMillis = Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000;
  if (utcMillis < Date.UTC(1900, 0, 1) || utcMillis > Date.UTC(9999, 11, 31, 23, 59, 59)) {
    return err('date out of range 1900-01-01 to 9999-12-31');
  }
  return ok(formatMicros(BigInt(utcMillis) * 1000n));
}
