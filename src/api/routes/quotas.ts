import {
  listQuotasRoute,
  listTenantQuotasRoute,
  requestQuotaIncreaseRoute,
  resetQuotaRoute,
  setQuotaRoute,
} from '../../contracts/quotas.js';
import {
  listQuotas,
  requestQuotaIncrease,
  resetQuota,
  setQuota,
} from '../../domain/quotas/manage-quotas.js';
import type { RouteRegistrar } from '../register-route.js';

export function registerQuotaRoutes(route: RouteRegistrar): void {
  route(listQuotasRoute, async (_input, context) => ({ quotas: await listQuotas(context) }));
  route(listTenantQuotasRoute, async ({ params }, context) => ({
    quotas: await listQuotas(context, params.tenant),
  }));
  route(requestQuotaIncreaseRoute, async ({ params, body }, context) => {
    await requestQuotaIncrease(context, params.kind, body.requested_limit);
    return {};
  });
  route(setQuotaRoute, async ({ params, body }, context) => {
    await setQuota(context, params.tenant, params.kind, body);
    return {};
  });
  route(resetQuotaRoute, async ({ params }, context) => {
    await resetQuota(context, params.tenant, params.kind);
    return {};
  });
}
