import type { Registry } from 'prom-client';

import { healthzRoute, readyzRoute } from '../../contracts/health.js';
import { metricsRoute } from '../../contracts/metrics.js';
import { checkReadiness } from '../../domain/health/readiness.js';
import { REPLY_SENT, type RouteRegistrar } from '../register-route.js';

export function registerHealthRoutes(route: RouteRegistrar, metrics: Registry): void {
  route(healthzRoute, async () => ({}));
  route(metricsRoute, async (_input, _context, _request, reply) => {
    await reply.type(metrics.contentType).send(await metrics.metrics());
    return REPLY_SENT;
  });
  route(readyzRoute, async (_input, context, _request, reply) => {
    const readiness = await checkReadiness(context.deps);
    if (readiness.ready) {
      return { checks: readiness.checks };
    }
    const failing = Object.values(readiness.checks).filter((check) => check !== 'ok');
    await reply.code(503).send({
      status: 'error',
      message: `Not ready: ${failing.join('; ')}`,
      checks: readiness.checks,
    });
    return REPLY_SENT;
  });
}
