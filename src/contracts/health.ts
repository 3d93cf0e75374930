import { Type } from 'typebox';

import { errorResponses, ok } from './envelope.js';
import { defineRoute } from './route.js';

// Probes for load balancers and orchestrators (issue 20, scale-out): no token, cheap, enveloped.

export const ReadinessChecks = Type.Object({
  store: Type.String(),
  schema: Type.String(),
  embedder: Type.String(),
});

// GET /healthz
export const healthzRoute = defineRoute({
  method: 'GET',
  url: '/healthz',
  summary: 'Liveness: the process is up and serving (no token)',
  tags: ['health'],
  permission: { kind: 'public' },
  schema: { response: { 200: ok({}) } },
});

// GET /readyz
export const readyzRoute = defineRoute({
  method: 'GET',
  url: '/readyz',
  summary:
    'Readiness: the store answers, its schema matches this build and the sentence embedder is loaded (no token); 503 names what is not ready',
  tags: ['health'],
  permission: { kind: 'public' },
  schema: {
    response: {
      200: ok({ checks: ReadinessChecks }),
      503: Type.Object({
        status: Type.Literal('error'),
        message: Type.String({ minLength: 1 }),
        checks: ReadinessChecks,
      }),
      ...errorResponses(500),
    },
  },
});
