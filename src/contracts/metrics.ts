import { Type } from 'typebox';

import { defineRoute } from './route.js';

// GET /metrics: Prometheus text exposition format (not the JSON envelope, by design of the format).
export const metricsRoute = defineRoute({
  method: 'GET',
  url: '/metrics',
  summary:
    'Operators’ metrics in Prometheus text format: requests and latencies per route, job queue depth and age per kind, process metrics (no token)',
  tags: ['health'],
  permission: { kind: 'public' },
  schema: { response: { 200: Type.String() } },
});
