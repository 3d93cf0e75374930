import { describe, expect, it } from 'vitest';

import { makeRewriteUrl } from './rewrite-url.js';

describe('makeRewriteUrl', () => {
  const rewrite = makeRewriteUrl('');

  it.each([
    ['/api/v1/sources/acme/inbox/sync', '/api/v1/sources/acme/inbox/sync'],
    ['/api/v1/sources/acme%2Finbox/sync', '/api/v1/sources/acme/inbox/sync'],
    ['/api/v1/sources/acme%2finbox/', '/api/v1/sources/acme/inbox'],
    ['//api/v1//sources/acme/inbox', '/api/v1/sources/acme/inbox'],
    ['/api/v1/sources/id:0123456789abcdef', '/api/v1/sources/id:0123456789abcdef'],
    [
      '/api/_private/datasets/acme%2Fclaims/labellings/abc.a%2Fb?x=1',
      '/api/_private/datasets/acme/claims/labellings/abc.a%2Fb?x=1',
    ],
    ['/api/v1/sources/a%2Fb%2Fc', '/api/v1/sources/a%2Fb%2Fc'],
    ['/api/_private/projects/acme', '/api/_private/projects/acme'],
    [
      '/api/_private/buckets/id:0123456789abcdef/keyed-sync-states%2F',
      '/api/_private/buckets/id:0123456789abcdef/keyed-sync-states',
    ],
    ['/', '/'],
  ])('%s → %s', (input, expected) => {
    expect(rewrite(input)).toBe(expected);
  });

  it('serves every route under a configured base path and nothing outside it', () => {
    const prefixed = makeRewriteUrl('/acme/prod/reinfer_');
    expect(prefixed('/acme/prod/reinfer_/api/v1/sources/a%2Fb')).toBe('/api/v1/sources/a/b');
    expect(prefixed('/api/v1/sources')).toBe('/__outside_base_path');
  });
});
