import type { Quota, SetQuotaBody } from '../../contracts/quotas.js';
import type { CallContext } from '../context.js';
import { invalid, notFound } from '../errors.js';

import { QUOTA_KINDS, defaultHardLimit, isQuotaKind, type QuotaKind } from './quota-limits.js';

/** `<tenant_id>` is the tenant's id or its name (api.md §3.7.5); any other tenant does not exist here. */
function checkTenant(context: CallContext, tenant: string): string {
  if (tenant !== context.tenant.id && tenant !== context.tenant.name) {
    throw notFound(`Tenant '${tenant}' not found`);
  }
  return context.tenant.id;
}

function checkKind(kind: string): QuotaKind {
  if (!isQuotaKind(kind)) {
    throw invalid(`Unknown quota kind '${kind}'; expected one of ${QUOTA_KINDS.join(', ')}`);
  }
  return kind;
}

export async function listQuotas(context: CallContext, tenant?: string): Promise<Quota[]> {
  const tenantId = tenant === undefined ? context.tenant.id : checkTenant(context, tenant);
  const store = context.deps.store;
  const stored = new Map(
    (await store.quotas.list(tenantId)).map((limit) => [limit.quota_kind, limit]),
  );
  const usage = await store.quotas.usage();
  return QUOTA_KINDS.map((kind) => {
    const limit = stored.get(kind);
    return {
      quota_kind: kind,
      hard_limit: limit?.hard_limit ?? defaultHardLimit(kind),
      current_max_usage: usage[kind] ?? 0,
      ...(limit === undefined || limit.auto_increase_up_to === null
        ? {}
        : { auto_increase_up_to: limit.auto_increase_up_to }),
    };
  });
}

/** `POST …/quotas/<tenant>/<kind>`: an absent `auto_increase_up_to` keeps the stored one, `null` clears it. */
export async function setQuota(
  context: CallContext,
  tenant: string,
  kind: string,
  body: SetQuotaBody,
): Promise<void> {
  const tenantId = checkTenant(context, tenant);
  const quotaKind = checkKind(kind);
  await context.deps.store.transaction(async (store) => {
    const current = (await store.quotas.list(tenantId)).find(
      (limit) => limit.quota_kind === quotaKind,
    );
    const autoIncrease =
      body.auto_increase_up_to === undefined
        ? (current?.auto_increase_up_to ?? null)
        : body.auto_increase_up_to;
    await store.quotas.put(tenantId, {
      quota_kind: quotaKind,
      hard_limit: body.hard_limit,
      auto_increase_up_to: autoIncrease,
    });
  });
}

export async function resetQuota(
  context: CallContext,
  tenant: string,
  kind: string,
): Promise<void> {
  const tenantId = checkTenant(context, tenant);
  await context.deps.store.quotas.delete(tenantId, checkKind(kind));
}

/** `POST …/quotas/<kind>`: a tenant admin raises (or lowers) a limit within the self-serve ceiling. */
export async function requestQuotaIncrease(
  context: CallContext,
  kind: string,
  requestedLimit: number,
): Promise<void> {
  const quotaKind = checkKind(kind);
  const tenantId = context.tenant.id;
  await context.deps.store.transaction(async (store) => {
    const current = (await store.quotas.list(tenantId)).find(
      (limit) => limit.quota_kind === quotaKind,
    );
    const ceiling = current?.auto_increase_up_to ?? null;
    if (ceiling === null || requestedLimit > ceiling) {
      throw invalid(
        `requested_limit ${requestedLimit} is above the self-serve limit of quota '${quotaKind}' (${ceiling ?? 'none'})`,
      );
    }
    await store.quotas.put(tenantId, {
      quota_kind: quotaKind,
      hard_limit: requestedLimit,
      auto_increase_up_to: ceiling,
    });
  });
}
