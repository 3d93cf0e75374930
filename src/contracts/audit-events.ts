import { Type, type Static } from 'typebox';

import { Hex16, Timestamp } from './common.js';
import { errorResponses, ok } from './envelope.js';
import { defineRoute, globalPermission } from './route.js';

export const AUDIT_EVENT_TYPES = [
  'create_project',
  'update_project',
  'delete_project',
  'create_user',
  'update_user',
  'delete_user',
  'generate_api_token',
  'create_source',
  'update_source',
  'delete_source',
  'delete_comments',
  'create_dataset',
  'update_dataset',
  'delete_dataset',
  'export_dataset',
  'pin_model',
  'unpin_model',
  'set_model_tag',
  'delete_model_tag',
  'create_stream',
  'update_stream',
  'delete_stream',
  'reset_stream',
  'create_bucket',
  'delete_bucket',
  'create_integration',
  'update_integration',
  'delete_integration',
  'set_quota',
  // Sift additions (issue 20 #8): every mutation and every failed sign-in is audited.
  'update_model',
  'update_stream_exceptions',
  'sign_in_failed',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export const AuditEvent = Type.Object({
  event_id: Hex16,
  event_type: Type.String(),
  timestamp: Timestamp,
  actor_user_id: Hex16,
  actor_tenant_id: Hex16,
  tenant_ids: Type.Array(Hex16),
  user_ids: Type.Optional(Type.Array(Hex16)),
  source_ids: Type.Optional(Type.Array(Hex16)),
  dataset_ids: Type.Optional(Type.Array(Hex16)),
  trigger_ids: Type.Optional(Type.Array(Hex16)),
  project_ids: Type.Optional(Type.Array(Hex16)),
});
export type AuditEvent = Static<typeof AuditEvent>;

export const QueryAuditEventsBody = Type.Object({
  filter: Type.Optional(
    Type.Object({
      timestamp: Type.Optional(
        Type.Object({ minimum: Type.Optional(Timestamp), maximum: Type.Optional(Timestamp) }),
      ),
    }),
  ),
  continuation: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  limit: Type.Optional(Type.Integer()),
});
export type QueryAuditEventsBody = Static<typeof QueryAuditEventsBody>;

const Named = { id: Hex16, name: Type.String() };

export const QueryAuditEventsResponse = ok({
  audit_events: Type.Array(AuditEvent),
  tenants: Type.Array(Type.Object(Named)),
  users: Type.Array(
    Type.Object({
      id: Hex16,
      tenant_id: Hex16,
      username: Type.String(),
      email: Type.String(),
      display_name: Type.String(),
    }),
  ),
  projects: Type.Array(Type.Object({ ...Named, tenant_id: Hex16 })),
  datasets: Type.Array(Type.Object({ ...Named, title: Type.String(), project_id: Hex16 })),
  sources: Type.Array(Type.Object({ ...Named, title: Type.String(), project_id: Hex16 })),
  triggers: Type.Array(Type.Object({ ...Named, title: Type.String(), dataset_id: Hex16 })),
  continuation: Type.Union([Type.String(), Type.Null()]),
});
export type QueryAuditEventsResponse = Static<typeof QueryAuditEventsResponse>;

// POST /api/v1/audit_events/query
export const queryAuditEventsRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/audit_events/query',
  summary: 'Query audit events, newest first, with lookup tables for every referenced id',
  tags: ['audit'],
  permission: globalPermission('audit-read', 'tenant-admin'),
  schema: {
    body: QueryAuditEventsBody,
    response: { 200: QueryAuditEventsResponse, ...errorResponses(400, 401, 403) },
  },
});
