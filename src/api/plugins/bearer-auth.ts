import type { FastifyInstance, FastifyRequest } from 'fastify';

import type { RoutePermission } from '../../contracts/route.js';
import type { Deps } from '../../domain/deps.js';
import { AppError } from '../../domain/errors.js';
import { makePrincipal, type Principal } from '../../domain/permissions/principal.js';
import { now } from '../../domain/time.js';
import { authenticateToken } from '../../domain/tokens/api-tokens.js';
import { formatMicros } from '../../lib/timestamps.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    permission?: RoutePermission;
  }
}

/** `Authorization: Bearer <t>` wins over the legacy `X-Auth-Token: <t>` (api.md §3.7.1). */
function presentedToken(request: FastifyRequest): string | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization.trim() !== '') {
    const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1]! : '';
  }
  const legacy = request.headers['x-auth-token'];
  if (typeof legacy === 'string' && legacy.trim() !== '') {
    return legacy.trim();
  }
  return null;
}

const ONE_MINUTE_MICROS = 60_000_000n;

/** Authenticates every routed request whose spec is not public; unknown routes fall through to 404. */
export function registerBearerAuth(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const permission = request.routeOptions.config.permission;
    if (permission === undefined || permission.kind === 'public') {
      return;
    }
    const token = presentedToken(request);
    if (token === null) {
      throw new AppError('unauthorized', 'Missing API token');
    }
    const user = token === '' ? null : await authenticateToken(deps.store, token);
    if (!user) {
      throw new AppError('unauthorized', 'Invalid API token');
    }
    request.principal = makePrincipal(user);
    // last_login_at is refreshed at most once a minute, so reads stay reads.
    const nowMicros = deps.clock.nowMicros();
    const staleBefore = formatMicros(nowMicros - ONE_MINUTE_MICROS);
    if (user.last_login_at === null || user.last_login_at < staleBefore) {
      await deps.store.users.touchLastLogin(user.id, now(deps), staleBefore);
    }
  });
}
