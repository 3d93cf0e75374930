import { healthzRoute, readyzRoute } from '../../contracts/health.js';
import { checkReadiness } from '../../domain/health/readiness.js';
import { REPLY_SENT, type RouteRegistrar } from '../register-route.js';

export function registerHealthRoutes(route: RouteRegistrar): void {
  route(healthzRoute, async () => ({}));
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
