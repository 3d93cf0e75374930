import type { FastifyReply } from 'fastify';
import { describe, expect, it } from 'vitest';

import { loadConfig } from '../../config.js';
import { listProjectsRoute } from '../../contracts/projects.js';
import { queryDatasetRoute } from '../../contracts/query.js';
import { AppError } from '../../domain/errors.js';

import { makeConcurrencyGate } from './abuse-limits.js';

function fakeReply(): FastifyReply & { headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  return {
    headers,
    header(name: string, value: string) {
      headers[name] = value;
      return this;
    },
  } as unknown as FastifyReply & { headers: Record<string, string> };
}

describe('heavy-request concurrency gate (issue 20 #7)', () => {
  it('lets each user hold at most the cap of heavy requests and frees a slot on release', () => {
    const enter = makeConcurrencyGate(loadConfig({ SIFT_HEAVY_CONCURRENCY: '2' }));
    const first = enter(queryDatasetRoute, 'bob', fakeReply());
    const second = enter(queryDatasetRoute, 'bob', fakeReply());
    const reply = fakeReply();
    let refused: unknown = null;
    try {
      enter(queryDatasetRoute, 'bob', reply);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('rate_limited');
    expect(reply.headers['retry-after']).toBe('1');
    // Another user, and cheap routes, are not affected.
    expect(enter(queryDatasetRoute, 'alice', fakeReply())).not.toBeNull();
    expect(enter(listProjectsRoute, 'bob', fakeReply())).toBeNull();
    first!();
    expect(enter(queryDatasetRoute, 'bob', fakeReply())).not.toBeNull();
    second!();
  });

  it('is off at 0', () => {
    const enter = makeConcurrencyGate(loadConfig({ SIFT_HEAVY_CONCURRENCY: '0' }));
    for (let index = 0; index < 100; index++) {
      expect(enter(queryDatasetRoute, 'bob', fakeReply())).toBeNull();
    }
  });
});
