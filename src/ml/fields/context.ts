import type { CalendarDate, FieldContext } from './types.js';

// Locales that write the month first in numeric dates (ml.md §8.2 date rule 2).
const MONTH_FIRST_LOCALES = new Set([
  'en-US',
  'es-US',
  'en-PH',
  'fil-PH',
  'en-AS',
  'en-GU',
  'en-UM',
]);
// Countries with a dollar of their own: `$` in their locales is that dollar (ml.md §8.2 money).
const LOCAL_DOLLARS: Readonly<Record<string, string>> = {
  CA: 'CAD',
  AU: 'AUD',
  NZ: 'NZD',
  HK: 'HKD',
  SG: 'SGD',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in a time zone (an unknown zone falls back to UTC). */
export function calendarDateIn(instant: Date, timeZone: string): CalendarDate {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
      });
    } catch {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: 'UTC',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
      });
    }
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const part = (type: string) => Number(parts.find((item) => item.type === type)?.value ?? NaN);
  return { year: part('year'), month: part('month'), day: part('day') };
}

/** The extractor context of a comment at `timestamp` in a dataset with this zone and default locale. */
export function fieldContext(options: {
  timestamp: string | Date;
  timeZone?: string | null | undefined;
  locale?: string | null | undefined;
}): FieldContext {
  const instant =
    options.timestamp instanceof Date ? options.timestamp : new Date(options.timestamp);
  const valid = Number.isNaN(instant.getTime()) ? new Date(0) : instant;
  const locale = options.locale ?? '';
  const country = /[-_]([A-Za-z]{2})\b/.exec(locale)?.[1]?.toUpperCase() ?? '';
  return {
    reference: calendarDateIn(valid, options.timeZone ?? 'UTC'),
    monthFirst: MONTH_FIRST_LOCALES.has(locale),
    dollar: LOCAL_DOLLARS[country] ?? 'USD',
  };
}

/** The dataset's default locale from its `_preferred_locales` object, if it names one. */
export function defaultLocaleOf(preferredLocales: Record<string, unknown> | null): string | null {
  const value = preferredLocales?.default;
  if (typeof value === 'string') {
    return value;
  }
  if (Array.isArray(value) && typeof value[0] === 'string') {
    return value[0];
  }
  return null;
}
