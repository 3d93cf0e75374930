import { describe, expect, it } from 'vitest';

import type { HttpMethod } from '../contracts/route.js';

import { isRetriedRequest } from './retry-policy.js';

describe('isRetriedRequest', () => {
  it.each<[HttpMethod, string, boolean]>([
    ['GET', '/api/v1/sources/a/b', true],
    ['DELETE', '/api/v1/sources/id:0123456789abcdef', true],
    ['PUT', '/api/_private/sources/a/b/comments', true],
    ['PUT', '/api/_private/integrations/a/b', false],
    ['POST', '/api/v1/sources/a/b/sync', true],
    ['POST', '/api/v1/sources/a/b/sync-raw-emails', true],
    ['POST', '/api/_private/datasets/a/d/labellings/0123.c-1', true],
    ['POST', '/api/_private/datasets/a/d/query', true],
    ['POST', '/api/v1/datasets/a/d/labellers/3/predict-comments', true],
    ['POST', '/api/v1/sources/a/b', true],
    ['POST', '/api/_private/projects/acme', true],
    ['POST', '/api/_private/users/0123456789abcdef', true],
    ['POST', '/auth/refresh-user-permissions', true],
    ['POST', '/api/v1/audit_events/query', true],
    ['POST', '/api/v1/sources/a/b/statistics', false],
    ['POST', '/api/_private/datasets/a/d/statistics', false],
    ['POST', '/api/v1/datasets/a/d/streams/s/fetch', false],
    ['POST', '/api/v1/datasets/a/d/streams/s/advance', false],
    ['POST', '/api/_private/users/0123456789abcdef/welcome-email', false],
    ['POST', '/api/_private/integrations/a/b', false],
  ])('%s %s → %s', (method, path, expected) => {
    expect(isRetriedRequest(method, path)).toBe(expected);
  });
});
