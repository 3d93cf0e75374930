import { describe, expect, it } from 'vitest';

import { float, formatTimestamp, stringifyLine, tableTimestamp } from './json-output.js';

describe('json output', () => {
  it('prints timestamps in UTC with 0, 3, 6 or 9 fractional digits', () => {
    expect(formatTimestamp('2018-10-25T00:00:00.000000Z')).toBe('2018-10-25T00:00:00Z');
    expect(formatTimestamp('2025-01-15T08:30:00.500000Z')).toBe('2025-01-15T08:30:00.500Z');
    expect(formatTimestamp('2025-01-15T08:30:00.1234Z')).toBe('2025-01-15T08:30:00.123400Z');
    expect(formatTimestamp('2025-01-15T08:30:00.123456789Z')).toBe(
      '2025-01-15T08:30:00.123456789Z',
    );
    expect(formatTimestamp('2025-01-15T10:30:00+02:00')).toBe('2025-01-15T08:30:00Z');
    expect(formatTimestamp('not a time')).toBe('not a time');
    expect(tableTimestamp('2025-01-15T08:30:00.5Z')).toBe('2025-01-15 08:30:00');
  });

  it('keeps the fractional part of numbers the official client models as f64', () => {
    expect(stringifyLine({ a: float(7), b: float(0.25), c: 7, d: float(null), e: 'x"y' })).toBe(
      '{"a":7.0,"b":0.25,"c":7,"d":null,"e":"x\\"y"}',
    );
  });
});
