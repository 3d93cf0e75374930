import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import { parseTimestamp } from '../../lib/timestamps.js';
import type { Store } from '../../store/store.js';

/**
 * One registry per app (tests build many apps in one process, and prom-client's default registry is
 * global). Request metrics are labelled by the route pattern, never the raw URL, so that ids in paths
 * cannot blow up the number of series.
 */
export function registerMetrics(app: FastifyInstance, store: Store): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sift_' });
  const duration = new Histogram({
    name: 'sift_http_request_duration_seconds',
    help: 'Time from request start to response, per route pattern, method and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const requests = new Counter({
    name: 'sift_http_requests_total',
    help: 'Requests per route pattern, method and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  // Both queue gauges are read at scrape time from one query; prom-client collects metrics
  // concurrently, so the two share the refresh in flight.
  let refreshing: Promise<void> | null = null;
  const refresh = (): Promise<void> => {
    refreshing ??= (async () => {
      const rows = await store.jobQueue();
      jobs.reset();
      age.reset();
      const now = Date.now();
      for (const row of rows) {
        jobs.set({ kind: row.kind, status: row.status }, row.count);
        const oldest = parseTimestamp(row.oldest);
        if (oldest.ok) {
          const seconds = (now - Date.parse(oldest.value)) / 1000;
          age.set({ kind: row.kind, status: row.status }, Math.max(0, seconds));
        }
      }
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };
  const jobs = new Gauge({
    name: 'sift_jobs',
    help: 'Jobs waiting or running, per kind and status',
    labelNames: ['kind', 'status'] as const,
    registers: [registry],
    collect: refresh,
  });
  const age = new Gauge({
    name: 'sift_job_oldest_age_seconds',
    help: 'Age of the oldest due job per kind and status (queue latency)',
    labelNames: ['kind', 'status'] as const,
    registers: [registry],
    collect: refresh,
  });
  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status_code: String(reply.statusCode),
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });
  return registry;
}
