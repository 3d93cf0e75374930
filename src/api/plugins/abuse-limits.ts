import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import type { Config } from '../../config.js';
import { exportDatasetRoute } from '../../contracts/export.js';
import {
  predictCommentsRoute,
  predictLatestRoute,
  predictRawEmailsRoute,
  predictRoute,
} from '../../contracts/models.js';
import { queryDatasetRoute } from '../../contracts/query.js';
import type { RouteSpec } from '../../contracts/route.js';
import { issueUserTokenRoute, regenerateOwnTokenRoute } from '../../contracts/users.js';
import { AppError } from '../../domain/errors.js';

// issue 20 #7. Limits are per user, which is per token (one token per user, api.md §3.7.2): keying by
// the user rather than the token string means regenerating a token does not reset its counters.

/** Routes that scan a dataset or run a model: rate-limited and capped in concurrency per user. */
const HEAVY = new Set<RouteSpec>([
  queryDatasetRoute,
  predictRoute,
  predictLatestRoute,
  predictCommentsRoute,
  predictRawEmailsRoute,
  exportDatasetRoute,
]);

/** Routes that mint a token: a stolen token must not be able to churn tokens (and audit) at will. */
const TOKEN_ISSUING = new Set<RouteSpec>([regenerateOwnTokenRoute, issueUserTokenRoute]);

const MINUTE_MILLIS = 60_000;

function callerKey(request: FastifyRequest): string {
  return request.principal === null ? `ip:${request.ip}` : `user:${request.principal.userId}`;
}

export async function registerRateLimits(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    // Only the routes whose config names a limit; everything else is unlimited.
    global: false,
    // After authentication (an onRequest hook), so that the key is the caller's user.
    hook: 'preHandler',
    keyGenerator: callerKey,
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'rate_limited',
        `Too many requests: at most ${context.max} a minute on this route; retry in ${context.after}`,
      ),
  });
}

/** The `config.rateLimit` of a route (none when it is not limited or its limit is 0). */
export function rateLimitConfig(
  spec: RouteSpec,
  config: Config,
): { rateLimit: { max: number; timeWindow: number } } | Record<string, never> {
  const max = HEAVY.has(spec)
    ? config.heavyRequestsPerMinute
    : TOKEN_ISSUING.has(spec)
      ? config.tokenIssuesPerMinute
      : 0;
  return max > 0 ? { rateLimit: { max, timeWindow: MINUTE_MILLIS } } : {};
}

/**
 * Caps the heavy requests a user has in flight: a client opening many parallel queries would
 * otherwise hold every core. Returns the release function, or throws 429 when the cap is reached.
 */
export function makeConcurrencyGate(config: Config) {
  const inFlight = new Map<string, number>();
  return (spec: RouteSpec, userId: string, reply: FastifyReply): (() => void) | null => {
    const cap = config.heavyConcurrencyPerUser;
    if (cap <= 0 || !HEAVY.has(spec)) {
      return null;
    }
    const current = inFlight.get(userId) ?? 0;
    if (current >= cap) {
      // The official CLI retries a 429 after Retry-After; a second is about what a query takes.
      void reply.header('retry-after', '1');
      throw new AppError(
        'rate_limited',
        `Too many concurrent requests: at most ${cap} queries, predictions or exports at once per user; retry when one finishes`,
      );
    }
    inFlight.set(userId, current + 1);
    return () => {
      const left = (inFlight.get(userId) ?? 1) - 1;
      if (left <= 0) {
        inFlight.delete(userId);
      } else {
        inFlight.set(userId, left);
      }
    };
  };
}
