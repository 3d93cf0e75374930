import { describe, expect, it } from 'vitest';

import { formatMicros, parseMicros, parseTimestamp } from './timestamps.js';

describe('parseTimestamp', () => {
  it.each([
    ['2024-03-05T09:12:44.0312Z', '2024-03-05T09:12:44.031200Z'],
    ['2024-03-05T09:12:44Z', '2024-03-05T09:12:44.000000Z'],
    ['2024-03-05T09:12:44.123456789Z', '2024-03-05T09:12:44.123456Z'],
    ['2024-03-05T11:12:44.5+02:00', '2024-03-05T09:12:44.500000Z'],
    ['2024-03-05T09:12:44-0130', '2024-03-05T10:42:44.000000Z'],
    ['2020-06-03T16:05:00', '2020-06-03T16:05:00.000000Z'],
    ['2020-06-03t16:05:00z', '2020-06-03T16:05:00.000000Z'],
    ['1900-01-01T00:00:00Z', '1900-01-01T00:00:00.000000Z'],
  ])('normalises %s', (input, expected) => {
    expect(parseTimestamp(input)).toEqual({ ok: true, value: expected });
  });

  it('accepts date-only strings only where a bound is expected', () => {
    expect(parseTimestamp('2020-06-03').ok).toBe(false);
    expect(parseTimestamp('2020-06-03', { allowDateOnly: true })).toEqual({
      ok: true,
      value: '2020-06-03T00:00:00.000000Z',
    });
  });

  it.each([
    '',
    'yesterday',
    '2024-13-01T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-03-05T25:00:00Z',
    '1899-12-31T23:59:59Z',
  ])('rejects %j', (input) => {
    expect(parseTimestamp(input).ok).toBe(false);
  });
});

describe('formatMicros', () => {
  it('keeps microseconds that a Date would lose', () => {
    expect(formatMicros(1_709_629_964_031_207n)).toBe('2024-03-05T09:12:44.031207Z');
  });

  it('reads a canonical timestamp back to the microseconds it was formatted from', () => {
    for (const micros of [0n, 1_700_000_000_123_456n, 253_402_300_799_999_999n]) {
      expect(parseMicros(formatMicros(micros))).toBe(micros);
    }
  });
});
