import { Type, type Static } from 'typebox';

import { errorResponses, ok, OkEmpty } from './envelope.js';
import { defineRoute, globalPermission } from './route.js';

export const Quota = Type.Object({
  quota_kind: Type.String(),
  hard_limit: Type.Integer(),
  current_max_usage: Type.Integer(),
  auto_increase_up_to: Type.Optional(Type.Integer()),
});
export type Quota = Static<typeof Quota>;

const Limit = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const SetQuotaBody = Type.Object({
  hard_limit: Limit,
  auto_increase_up_to: Type.Optional(Type.Union([Limit, Type.Null()])),
});
export type SetQuotaBody = Static<typeof SetQuotaBody>;

const QUOTA_READ = ['tenant-quota-read', 'tenant-admin'];

// GET /api/_private/quotas
export const listQuotasRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/quotas',
  summary: "The tenant's quotas: every kind with its limit and current usage",
  tags: ['quotas'],
  permission: globalPermission(...QUOTA_READ),
  schema: { response: { 200: ok({ quotas: Type.Array(Quota) }), ...errorResponses(401, 403) } },
});

// GET /api/_private/quotas/<tenant_id>
export const listTenantQuotasRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/quotas/:tenant',
  summary: "A tenant's quotas (tenant by id or name)",
  tags: ['quotas'],
  permission: globalPermission(...QUOTA_READ),
  schema: {
    params: Type.Object({ tenant: Type.String() }),
    response: { 200: ok({ quotas: Type.Array(Quota) }), ...errorResponses(401, 403, 404) },
  },
});

// POST /api/_private/quotas/<quota_kind>
export const requestQuotaIncreaseRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/quotas/:kind',
  summary: 'Self-serve limit change up to auto_increase_up_to',
  tags: ['quotas'],
  permission: globalPermission('tenant-admin'),
  schema: {
    params: Type.Object({ kind: Type.String() }),
    body: Type.Object({ requested_limit: Limit }),
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403) },
  },
});

// POST /api/_private/quotas/<tenant_id>/<quota_kind>
export const setQuotaRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/quotas/:tenant/:kind',
  summary: "Set a tenant's hard limit (and self-serve limit) for one kind",
  tags: ['quotas'],
  permission: globalPermission('tenant-quota-write'),
  schema: {
    params: Type.Object({ tenant: Type.String(), kind: Type.String() }),
    body: SetQuotaBody,
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) },
  },
});

// DELETE /api/_private/quotas/<tenant_id>/<quota_kind>
export const resetQuotaRoute = defineRoute({
  method: 'DELETE',
  url: '/api/_private/quotas/:tenant/:kind',
  summary: 'Reset one kind to its default limit',
  tags: ['quotas'],
  permission: globalPermission('tenant-quota-write'),
  schema: {
    params: Type.Object({ tenant: Type.String(), kind: Type.String() }),
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) },
  },
});
