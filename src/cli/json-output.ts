import { randomBytes } from 'node:crypto';

// A private-use character plus a per-process nonce: JSON.stringify leaves U+E000 unescaped, and no data
// can contain this exact marker by accident.
const MARK = `\uE000${randomBytes(8).toString('hex')}`;
const MARKED = new RegExp(`"${MARK}([^"]*)"`, 'g');

/** RFC 8259 has one number type; the official CLI prints its f64 fields with a fraction (`7.0`). */
export function formatFloat(value: number): string {
  if (!Number.isFinite(value)) {
    return 'null';
  }
  if (Number.isInteger(value) && Math.abs(value) < 1e16) {
    return `${value}.0`;
  }
  return String(value);
}

/** A number the official CLI models as floating point (cli.md §4.2). */
export class JsonFloat {
  constructor(readonly value: number) {}
  toJSON(): string {
    return `${MARK}${formatFloat(this.value)}`;
  }
}

export function float(value: unknown): unknown {
  return typeof value === 'number' ? new JsonFloat(value) : value;
}

/** Compact JSON of one printed object; floats keep their fractional part. */
export function stringifyLine(value: unknown): string {
  const text = JSON.stringify(value);
  return text.includes(MARK) ? text.replace(MARKED, '$1') : text;
}

/** RFC 3339 UTC with the fewest of 0, 3, 6 or 9 fractional digits (cli.md §4.2). */
export function formatTimestamp(value: unknown): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  const match =
    /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:?\d{2})?$/.exec(value);
  if (match === null) {
    return value;
  }
  let base = `${match[1]}T${match[2]}`;
  const zone = match[4];
  let fraction = (match[3] ?? '').replace(/0+$/, '');
  if (zone !== undefined && zone.toUpperCase() !== 'Z' && !/^[+-]00:?00$/.test(zone)) {
    // Shift an offset time to UTC (second precision is enough for the shift itself).
    const shifted = new Date(
      `${base}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`,
    );
    if (Number.isNaN(shifted.getTime())) {
      return value;
    }
    base = shifted.toISOString().slice(0, 19);
  }
  if (fraction.length > 9) {
    fraction = fraction.slice(0, 9).replace(/0+$/, '');
  }
  if (fraction === '') {
    return `${base}Z`;
  }
  const width = fraction.length <= 3 ? 3 : fraction.length <= 6 ? 6 : 9;
  return `${base}.${fraction.padEnd(width, '0')}Z`;
}

/** `%Y-%m-%d %H:%M:%S` in UTC for tables (cli.md §4.1). */
export function tableTimestamp(value: unknown): string {
  const formatted = formatTimestamp(value);
  return typeof formatted === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(formatted)
    ? `${formatted.slice(0, 10)} ${formatted.slice(11, 19)}`
    : typeof value === 'string'
      ? value
      : '';
}
