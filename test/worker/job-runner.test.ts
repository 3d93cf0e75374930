import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/lib/clock.js';
import { createLogger } from '../../src/log.js';
import type { Store } from '../../src/store/store.js';
import { RetryableJobError } from '../../src/worker/errors.js';
import { JobRunner, type JobHandler } from '../../src/worker/job-runner.js';
import { makeStore } from '../helpers/make-store.js';

const log = createLogger(loadConfig({ SIFT_LOG_LEVEL: 'silent' }));

async function schedule(store: Store, id: string, kind = 'test-echo'): Promise<void> {
  await store.jobs.schedule({
    id,
    kind,
    target: id,
    payload: { v: 1, word: id },
    priority: 0,
    run_after: '2000-01-01T00:00:00.000000Z',
    deadline: '2000-01-01T00:00:00.000000Z',
    now: '2000-01-01T00:00:00.000000Z',
  });
}

describe('JobRunner', () => {
  let store: Store;
  beforeEach(async () => {
    store = await makeStore();
  });
  afterEach(async () => {
    await store.close();
  });

  const runner = (handlers: Record<string, JobHandler>) =>
    new JobRunner({ store, clock: systemClock, log, handlers: new Map(Object.entries(handlers)) });

  it('runs a claimed job and stores its result', async () => {
    await schedule(store, '00000000000000a1');
    const worker = runner({
      'test-echo': async (job) => ({ echoed: (job.payload as { word: string }).word }),
    });
    expect(await worker.tick()).toBe(true);
    expect(await store.jobs.get('00000000000000a1')).toMatchObject({
      status: 'done',
      result: { echoed: '00000000000000a1' },
      attempts: 1,
    });
    expect(await worker.tick()).toBe(false);
  });

  it('puts a retryable failure back with a back-off and fails other errors with their message', async () => {
    await schedule(store, '00000000000000b1', 'test-flaky');
    await schedule(store, '00000000000000b2', 'test-broken');
    const worker = runner({
      'test-flaky': async () => {
        throw new RetryableJobError('embedder host crashed');
      },
      'test-broken': async () => {
        throw new Error('model diverged');
      },
    });
    await worker.tick();
    await worker.tick();
    const flaky = await store.jobs.get('00000000000000b1');
    expect(flaky).toMatchObject({ status: 'pending', error_message: 'embedder host crashed' });
    expect(flaky!.run_after > new Date().toISOString().replace('Z', '')).toBe(true);
    expect(await store.jobs.get('00000000000000b2')).toMatchObject({
      status: 'failed',
      error_code: 'internal',
      error_message: 'model diverged',
    });
  });

  it('only claims kinds it has handlers for', async () => {
    await schedule(store, '00000000000000c1', 'other-kind');
    expect(await runner({ 'test-echo': async () => null }).tick()).toBe(false);
    expect(await store.jobs.get('00000000000000c1')).toMatchObject({ status: 'pending' });
  });

  // issue 20 (scale-out): a worker stopped with SIGTERM must not leave its job leased for a minute.
  it('hands an aborted job back at once on stop, so another worker claims it without waiting', async () => {
    await schedule(store, '00000000000000d1', 'test-slow');
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const first = runner({
      'test-slow': (_job, signal) =>
        new Promise((_resolve, reject) => {
          started();
          signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    });
    first.start();
    await running;
    await first.stop();
    expect(await store.jobs.get('00000000000000d1')).toMatchObject({ status: 'pending' });
    const second = runner({ 'test-slow': async () => ({ finished: true }) });
    expect(await second.tick()).toBe(true);
    expect(await store.jobs.get('00000000000000d1')).toMatchObject({
      status: 'done',
      result: { finished: true },
    });
  });

  it('hands a job back after the grace period when its handler ignores the abort', async () => {
    await schedule(store, '00000000000000d2', 'test-stubborn');
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let finish!: () => void;
    const first = runner({
      'test-stubborn': () =>
        new Promise((resolve) => {
          started();
          finish = () => resolve({ late: true });
        }),
    });
    first.start();
    await running;
    const before = Date.now();
    await first.stop(200);
    expect(Date.now() - before).toBeLessThan(2_000);
    expect(await store.jobs.get('00000000000000d2')).toMatchObject({ status: 'pending' });
    const second = runner({ 'test-stubborn': async () => ({ taken_over: true }) });
    expect(await second.tick()).toBe(true);
    // The first worker's late answer is fenced off by the attempt number.
    finish();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await store.jobs.get('00000000000000d2')).toMatchObject({
      status: 'done',
      result: { taken_over: true },
    });
  });
});
