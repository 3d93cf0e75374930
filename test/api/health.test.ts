import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { checkReadiness } from '../../src/domain/health/readiness.js';
import { EmbedderUnavailableError } from '../../src/ml/index.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// Probes for load balancers (issue 20, scale-out): GET /healthz and GET /readyz answer without a
// token; /readyz is 503 naming what is not ready.

describe('health probes', () => {
  let sift: TestApp;
  beforeAll(async () => {
    sift = await startTestApp();
  });
  afterAll(async () => {
    await sift.close();
  });

  it('answers /healthz without a token', async () => {
    const response = await sift.call('GET', '/healthz', { token: null });
    expect(response.statusCode).toBe(200);
  });

  it('answers /readyz without a token once the store and the embedder are ready', async () => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const response = await sift.call('GET', '/readyz', { token: null });
      if (response.statusCode === 200) {
        expect(response.body['checks']).toEqual({ store: 'ok', schema: 'ok', embedder: 'ok' });
        return;
      }
      // Only the embedder may still be loading.
      expect(response.body['checks']).toMatchObject({ store: 'ok', schema: 'ok' });
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  it('reports a schema from another build, an unreachable store and a missing embedder', async () => {
    const newer = await checkReadiness({
      ...sift.deps,
      store: { ...sift.deps.store, schemaVersion: () => Promise.resolve(9999) },
    });
    expect(newer.ready).toBe(false);
    expect(newer.checks.schema).toMatch(/database schema version 9999, this build expects \d+/);

    const down = await checkReadiness({
      ...sift.deps,
      store: {
        ...sift.deps.store,
        schemaVersion: () => Promise.reject(new Error('connection refused')),
      },
    });
    expect(down.checks.store).toBe('store unreachable: connection refused');

    const noEmbedder = await checkReadiness({
      ...sift.deps,
      models: {
        siftVersion: 'test',
        denseEmbedder: (id) => Promise.reject(new EmbedderUnavailableError(id, 'weights missing')),
      },
    });
    expect(noEmbedder.ready).toBe(false);
    expect(noEmbedder.checks.embedder).toMatch(/unavailable: .*weights missing/);
  });
});

describe('readiness probe of a server whose embedder cannot load', () => {
  let sift: TestApp;
  beforeAll(async () => {
    sift = await startTestApp(
      {},
      {
        models: {
          siftVersion: 'test',
          denseEmbedder: (id) =>
            Promise.reject(new EmbedderUnavailableError(id, 'weights missing')),
        },
      },
    );
  });
  afterAll(async () => {
    await sift.close();
  });

  it('answers 503 with the envelope naming the embedder, while /healthz stays 200', async () => {
    const response = await sift.call('GET', '/readyz', { token: null });
    expect(response.statusCode).toBe(503);
    expect(response.body.message).toMatch(/^Not ready: embedder .* unavailable/);
    expect(response.body['checks']).toMatchObject({ store: 'ok', schema: 'ok' });
    expect((await sift.call('GET', '/healthz', { token: null })).statusCode).toBe(200);
  });
});

describe('metrics', () => {
  let sift: TestApp;
  beforeAll(async () => {
    sift = await startTestApp();
  });
  afterAll(async () => {
    await sift.close();
  });

  it('serves Prometheus text without a token: requests per route pattern and the job queue', async () => {
    await sift.call('PUT', '/api/_private/projects/acme', { body: { user_ids: [] } });
    await sift.call('PUT', '/api/v1/sources/acme/inbox', { body: {} });
    await sift.call('GET', '/api/v1/sources/acme/inbox');
    await sift.call('GET', '/api/v1/sources/acme/nope');
    await sift.store.jobs.schedule({
      id: '00000000000000f1',
      kind: 'model-train',
      target: 'x',
      payload: {},
      priority: 0,
      run_after: '2000-01-01T00:00:00.000000Z',
      deadline: '2000-01-01T00:00:00.000000Z',
      now: '2000-01-01T00:00:00.000000Z',
    });
    const response = await sift.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.body;
    expect(text).toMatch(
      /sift_http_requests_total\{method="GET",route="\/api\/v1\/sources\/:project\/:name",status_code="200"\} 1/,
    );
    expect(text).toMatch(
      /sift_http_requests_total\{method="GET",route="\/api\/v1\/sources\/:project\/:name",status_code="404"\} 1/,
    );
    expect(text).toContain('sift_http_request_duration_seconds_bucket{');
    expect(text).toMatch(/sift_jobs\{kind="model-train",status="pending"\} 1/);
    expect(text).toMatch(
      /sift_job_oldest_age_seconds\{kind="model-train",status="pending"\} \d{8,}/,
    );
    expect(text).toContain('sift_process_resident_memory_bytes');
  });
});
