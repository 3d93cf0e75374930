import { type Result, err, ok } from './result.js';

// Timestamps travel and are stored as canonical strings `YYYY-MM-DDTHH:MM:SS.ffffffZ` (api.md §3.9.1):
// fixed width, so they sort lexically, and they keep microseconds that a JavaScript Date would lose.

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/;

const MIN_MICROS = Date.UTC(1900, 0, 1) * 1000;
const MAX_MICROS = (Date.UTC(9999, 11, 31, 23, 59, 59) + 999) * 1000 + 999;

/** Formats microseconds since the epoch as the canonical output form. */
export function formatMicros(micros: bigint): string {
  const millis = micros / 1000n;
  const rest = micros - millis * 1000n;
  const iso = new Date(Number(millis)).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return `${iso.slice(0, 23)}${rest.toString().padStart(3, '0')}Z`;
}

/** Microseconds since the epoch of a canonical timestamp (the inverse of `formatMicros`). */
export function parseMicros(canonical: string): bigint {
  return BigInt(Date.parse(`${canonical.slice(0, 23)}Z`)) * 1000n + BigInt(canonical.slice(23, 26));
}

/** Parses an RFC 3339 / ISO 8601 timestamp (offsets, 0–9 fraction digits, naive = UTC, date-only). */
export function parseTimestamp(
  input: string,
  options: { allowDateOnly?: boolean } = {},
): Result<string> {
  const match = RFC3339.exec(input);
  if (!match) {
    return err('expected an RFC 3339 timestamp');
  }
  const [, year, month, day, hour, minute, second, fraction, offset] = match;
  if (hour === undefined && !options.allowDateOnly) {
    return err('expected an RFC 3339 timestamp with a time of day');
  }
  if (hour !== undefined && minute === undefined) {
    return err('expected an RFC 3339 timestamp');
  }
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const h = Number(hour ?? 0);
  const mi = Number(minute ?? 0);
  const s = Number(second ?? 0);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) {
    return err('expected an RFC 3339 timestamp');
  }
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCMonth() !== mo - 1) {
    return err('expected an RFC 3339 timestamp');
  }
  let offsetMinutes = 0;
  if (offset !== undefined && offset.toUpperCase() !== 'Z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMins = Number(digits.slice(2, 4));
    if (offsetHours > 23 || offsetMins > 59) {
      return err('expected an RFC 3339 timestamp');
    }
    offsetMinutes = sign * (offsetHours * 60 + offsetMins);
  }
  const utcMillis = Date.UTC(y, mo - 1, d, h, mi, s) - offsetMinutes * 60_000;
  const fractionMicros = BigInt((fraction ?? '').padEnd(6, '0').slice(0, 6));
  const micros = BigInt(utcMillis) * 1000n + fractionMicros;
  if (micros < BigInt(MIN_MICROS) || micros > BigInt(MAX_MICROS)) {
    return err('timestamp out of range 1900-01-01 to 9999-12-31');
  }
  return ok(formatMicros(micros));
}
