import type { FastifyInstance, FastifyRequest } from 'fastify';

import type { RoutePermission } from '../../contracts/route.js';
import { recordFailedSignIn } from '../../domain/audit/record-audit-event.js';
import type { Deps } from '../../domain/deps.js';
import { AppError } from '../../domain/errors.js';
import { makePrincipal, type Principal } from '../../domain/permissions/principal.js';
import { now } from '../../domain/time.js';
import { authenticateToken } from '../../domain/tokens/api-tokens.js';
import { formatMicros } from '../../lib/timestamps.js';
import type { TenantRecord } from '../../store/store.js';

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
/** Failed sign-ins audited per client address per minute; beyond it they are only logged. */
const AUDITED_FAILURES_PER_MINUTE = 10;

/**
 * Counts failed sign-ins per address in fixed one-minute windows, so that a client hammering wrong
 * tokens cannot flood the audit log (each attempt is still logged).
 */
function makeFailureBudget(clock: Deps['clock']) {
  let window = -1n;
  let counts = new Map<string, number>();
  return (address: string): boolean => {
    const current = clock.nowMicros() / ONE_MINUTE_MICROS;
    if (current !== window) {
      window = current;
      counts = new Map();
    }
    const count = (counts.get(address) ?? 0) + 1;
    counts.set(address, count);
    return count <= AUDITED_FAILURES_PER_MINUTE;
  };
}

/** Authenticates every routed request whose spec is not public; unknown routes fall through to 404. */
export function registerBearerAuth(app: FastifyInstance, deps: Deps, tenant: TenantRecord): void {
  const auditFailure = makeFailureBudget(deps.clock);
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
      request.log.warn({ address: request.ip }, 'sign-in failed: invalid API token');
      if (auditFailure(request.ip)) {
        await recordFailedSignIn(deps, tenant);
      }
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
