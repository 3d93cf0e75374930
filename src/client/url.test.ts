import { describe, expect, it } from 'vitest';

import { encodeSegment, fillPath, joinUrl, queryString } from './url.js';

describe('url building', () => {
  it('percent-encodes each segment and keeps the id: form readable', () => {
    expect(encodeSegment('a/b c%d')).toBe('a%2Fb%20c%25d');
    expect(encodeSegment('id:0123456789abcdef')).toBe('id:0123456789abcdef');
    expect(encodeSegment('..')).toBe('%2E%2E');
    expect(encodeSegment('.')).toBe('%2E');
    expect(encodeSegment('a.b')).toBe('a.b');
  });

  it('fills route templates and refuses missing parameters', () => {
    expect(
      fillPath('/api/v1/sources/:project/:name/sync', { project: 'acme', name: 'in box' }),
    ).toBe('/api/v1/sources/acme/in%20box/sync');
    expect(() => fillPath('/api/v1/sources/:project/:name', { project: 'acme' })).toThrow(
      "missing path parameter 'name'",
    );
  });

  it('appends to a base URL with a path prefix and repeats list query parameters', () => {
    expect(
      joinUrl('https://h.example/org/tenant/reinfer_/', '/api/v1/x', { id: ['a', 'b'], n: 1 }),
    ).toBe('https://h.example/org/tenant/reinfer_/api/v1/x?id=a&id=b&n=1');
    expect(queryString({ skip: undefined, flag: false })).toBe('?flag=false');
    expect(queryString({})).toBe('');
  });
});
