import { invalid } from '../errors.js';

export type TimeResolution = 'day' | 'week' | 'month' | 'year';

/** Returns a function mapping a canonical UTC timestamp to the start of its bucket in `timeZone`. */
export function makeBucketer(
  timeZone: string,
  resolution: TimeResolution,
): (timestamp: string) => string {
  let dateParts: Intl.DateTimeFormat;
  let offsetFormat: Intl.DateTimeFormat;
  try {
    dateParts = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  } catch {
    throw invalid(`timezone: '${timeZone}' is not an IANA time zone`);
  }
  const cache = new Map<string, string>();
  return (timestamp) => {
    const instant = new Date(timestamp.slice(0, 23) + 'Z');
    const local = dateParts.format(instant); // YYYY-MM-DD in the zone
    const key = `${local}`;
    const cached = cache.get(key);
    if (cached !== undefined) {
      return cached;
    }
    const [year, month, day] = local.split('-').map(Number) as [number, number, number];
    let start: Date;
    if (resolution === 'day') {
      start = new Date(Date.UTC(year, month - 1, day));
    } else if (resolution === 'week') {
      // ISO weeks start on Monday.
      const date = new Date(Date.UTC(year, month - 1, day));
      start = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000);
    } else if (resolution === 'month') {
      start = new Date(Date.UTC(year, month - 1, 1));
    } else {
      start = new Date(Date.UTC(year, 0, 1));
    }
    const date = start.toISOString().slice(0, 10);
    const offset = offsetFormat
      .formatToParts(new Date(`${date}T12:00:00Z`))
      .find((part) => part.type === 'timeZoneName')
      ?.value.replace('GMT', '');
    const suffix = offset === undefined || offset === '' ? 'Z' : offset;
    const bucket = `${date}T00:00:00${suffix === '+00:00' ? 'Z' : suffix}`;
    cache.set(key, bucket);
    return bucket;
  };
}
