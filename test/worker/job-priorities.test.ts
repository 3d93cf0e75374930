import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Deps } from '../../src/domain/deps.js';
import type { ModelServices } from '../../src/domain/models/model-services.js';
import type { Clock } from '../../src/lib/clock.js';
import { systemClock } from '../../src/lib/clock.js';
import { MINILM_EMBEDDER_ID } from '../../src/ml/index.js';
import { createJobHandlers } from '../../src/worker/job-handlers.js';
import { JobRunner, type JobHandler } from '../../src/worker/job-runner.js';
import { paced } from '../fixtures/paced-encoders.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// Issue 14 parts 4 and 5 on the backend of the vitest project: which job the worker claims next, how
// much a training job embeds while the backlog runs, and when Discover runs.

const LABELS = ['Billing', 'Refund', 'Delivery'];
const WORDS = ['invoice', 'charge', 'parcel', 'password', 'account', 'late', 'money', 'order'];

type Claim = { kind: string; texts: number; result: unknown };

function text(index: number): string {
  const words = Array.from({ length: 10 }, (_, k) => WORDS[(index * 5 + k * 3) % WORDS.length]);
  return `${LABELS[index % LABELS.length]} ${index} ${words.join(' ')}`;
}

describe('job priorities and the embedding backlog', () => {
  let sift: TestApp;
  let sourceId: string;
  let embedded = 0;
  const services: ModelServices = {
    siftVersion: 'test',
    denseEmbedder: (id) =>
      id === MINILM_EMBEDDER_ID
        ? Promise.resolve(paced(id, 2, (texts) => (embedded += texts.length)))
        : Promise.reject(new Error(`no encoder ${id}`)),
  };

  beforeEach(async () => {
    sift = await startTestApp(
      { SIFT_TRAIN_DEBOUNCE_MS: '0', SIFT_THEMES_INTERVAL_MS: '0' },
      { models: services },
    );
    embedded = 0;
    await sift.call('PUT', '/api/_private/projects/acme', { body: { user_ids: [] } });
    sourceId = (
      (await sift.call('PUT', '/api/v1/sources/acme/inbox', { body: {} })).body['source'] as {
        id: string;
      }
    ).id;
    const dataset = await sift.call('PUT', '/api/v1/datasets/acme/support', {
      body: { dataset: { source_ids: [sourceId], label_defs: LABELS.map((name) => ({ name })) } },
    });
    expect(dataset.statusCode).toBe(200);
  }, 60_000);
  afterEach(async () => {
    await sift.close();
  });

  async function sync(from: number, count: number): Promise<void> {
    for (let start = from; start < from + count; start += 1000) {
      const comments = Array.from({ length: Math.min(1000, from + count - start) }, (_, k) => ({
        id: `c${start + k}`,
        timestamp: '2025-01-01T00:00:00Z',
        messages: [{ body: { text: text(start + k) } }],
      }));
      const response = await sift.call('POST', '/api/v1/sources/acme/inbox/sync', {
        body: { comments },
      });
      expect(response.statusCode).toBe(200);
    }
  }

  async function annotate(indices: number[]): Promise<void> {
    for (const index of indices) {
      const response = await sift.call(
        'POST',
        `/api/_private/datasets/acme/support/labellings/${encodeURIComponent(`${sourceId}.c${index}`)}`,
        {
          body: {
            labelling: [
              {
                group: 'default',
                assigned: [{ name: LABELS[index % LABELS.length]!, sentiment: 'positive' }],
              },
            ],
          },
        },
      );
      expect(response.statusCode).toBe(200);
    }
  }

  /**
   * A one-worker runner whose clock runs an hour ahead, so every debounce and quiet period is over, and
   * moves another minute ahead whenever it finds nothing to do (`drain`).
   */
  function worker(): { runner: JobRunner; claims: Claim[]; drain: () => Promise<void> } {
    let offset = 3_600_000_000n;
    const clock: Clock = { nowMicros: () => systemClock.nowMicros() + offset };
    const deps: Deps = { ...sift.deps, clock, models: services };
    const claims: Claim[] = [];
    const handlers = new Map<string, JobHandler>();
    for (const [kind, handler] of createJobHandlers(deps)) {
      handlers.set(kind, async (job, signal, report) => {
        const before = embedded;
        const result = await handler(job, signal, report);
        claims.push({ kind, texts: embedded - before, result });
        return result;
      });
    }
    const runner = new JobRunner({ store: sift.store, clock, log: sift.deps.log, handlers });
    return {
      runner,
      claims,
      drain: async () => {
        for (let idle = 0; idle < 2;) {
          if (await runner.tick()) {
            idle = 0;
          } else {
            idle += 1;
            offset += 60_000_000n;
          }
        }
      },
    };
  }

  it('claims training before the embedding backlog and Discover, and training embeds only what it needs', async () => {
    await sync(0, 3000);
    await annotate(Array.from({ length: 12 }, (_, index) => index));
    const { runner, claims, drain } = worker();
    const status = async () =>
      (await sift.call('GET', '/api/_private/datasets/acme/support/labellers/status')).body[
        'dataset_status'
      ] as Record<string, unknown>;
    expect(await status()).toMatchObject({
      training_progress: { state: 'queued', reason: 'waiting_for_worker' },
      embedding_progress: { state: 'queued', reason: 'backlog', done: 0, total: 3000 },
    });

    expect(await runner.tick()).toBe(true);
    expect(claims[0]).toMatchObject({
      kind: 'model-train',
      result: { kind: 'trained', version: 1 },
    });
    // The 12 reviewed comments and a bounded sample, not the 3,000 of the dataset.
    expect(claims[0]!.texts).toBeGreaterThanOrEqual(12);
    expect(claims[0]!.texts).toBeLessThanOrEqual(12 + 128);

    await runner.tick();
    expect(claims[1]!.kind).toBe('dataset-predict');

    // The backlog runs in chunks: a train job scheduled meanwhile is claimed at the next chunk boundary.
    await runner.tick();
    expect(claims[2]).toMatchObject({ kind: 'comments-embed', result: { kind: 'continued' } });
    const midway = (await status())['embedding_progress'] as { done: number; total: number };
    expect(midway.done).toBeGreaterThan(0);
    expect(midway.done).toBeLessThan(3000);
    expect(midway.total).toBe(3000);
    expect((await status())['training_progress']).toBeNull();
    await annotate([20, 21]);
    await runner.tick();
    expect(claims[3]).toMatchObject({
      kind: 'model-train',
      result: { kind: 'trained', version: 2 },
    });

    await drain();
    const kinds = claims.map((claim) => claim.kind);
    // Discover ran once, after the backlog, and embedded nothing itself.
    const discover = claims.filter((claim) => claim.kind === 'themes-discover');
    expect(discover.at(-1)).toMatchObject({ result: { kind: 'discovered' } });
    expect(discover.every((claim) => claim.texts === 0)).toBe(true);
    expect(kinds.lastIndexOf('comments-embed')).toBeLessThan(kinds.lastIndexOf('themes-discover'));
    // Every text was embedded exactly once over all jobs.
    expect(embedded).toBe(3000);
    expect(await status()).toMatchObject({ embedding_progress: null, training_progress: null });
    const themes = await sift.call('GET', '/api/_private/datasets/acme/support/themes');
    expect((themes.body['theme_set'] as { themes: unknown[] }).themes.length).toBeGreaterThan(0);
  }, 120_000);

  it('runs Discover on a dataset without labels as soon as its comments are embedded, and refreshes it when 10 % are new', async () => {
    const { claims, drain } = worker();
    // Created empty: the first Discover run finds nothing to cluster and must not start the throttle.
    await drain();
    await sync(0, 400);
    await drain();
    const first = await sift.call('GET', '/api/_private/datasets/acme/support/themes');
    const firstSet = first.body['theme_set'] as { trained_time: string; themes: unknown[] } | null;
    expect(firstSet?.themes.length).toBeGreaterThan(0);

    await sync(400, 20); // 5 % new: no refresh
    await drain();
    expect(claims.at(-1)).toMatchObject({
      kind: 'themes-discover',
      result: { kind: 'skipped', reason: 'fewer than 10 % of the comments are new' },
    });
    const same = await sift.call('GET', '/api/_private/datasets/acme/support/themes');
    expect((same.body['theme_set'] as { trained_time: string }).trained_time).toBe(
      firstSet!.trained_time,
    );

    await sync(420, 40); // 15 % new in all: refreshed
    await drain();
    const refreshed = await sift.call('GET', '/api/_private/datasets/acme/support/themes');
    expect((refreshed.body['theme_set'] as { trained_time: string }).trained_time).not.toBe(
      firstSet!.trained_time,
    );
  }, 120_000);
});
