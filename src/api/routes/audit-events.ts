import { queryAuditEventsRoute } from '../../contracts/audit-events.js';
import { queryAuditEvents } from '../../domain/audit/query-audit-events.js';
import type { RouteRegistrar } from '../register-route.js';

export function registerAuditRoutes(route: RouteRegistrar): void {
  route(queryAuditEventsRoute, async ({ body }, context) => {
    const { status: _status, ...payload } = await queryAuditEvents(context, body);
    return payload;
  });
}
