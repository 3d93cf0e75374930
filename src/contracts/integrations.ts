import { Type, type Static } from 'typebox';

import { Hex16, ProjectParams, ProjectResourceParams, Timestamp } from './common.js';
import { errorResponses, ok, OkEmpty } from './envelope.js';
import { anyUser, defineRoute, projectPermission } from './route.js';

export const INTEGRATION_TYPES = ['exchange_online', 'imap'] as const;

const FolderPaths = Type.Array(Type.Array(Type.String(), { minItems: 1 }), { maxItems: 1024 });
const Strings = Type.Array(Type.String(), { maxItems: 4096 });

export const Mailbox = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 1024 }),
  enabled: Type.Optional(Type.Boolean()),
  disabled_reason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  folder_allowlist: Type.Optional(FolderPaths),
  folder_denylist: Type.Optional(FolderPaths),
  participant_allowlist: Type.Optional(Strings),
  participant_denylist: Type.Optional(Strings),
  participant_domain_allowlist: Type.Optional(Strings),
  participant_domain_denylist: Type.Optional(Strings),
  start_timestamp: Type.Optional(Timestamp),
  bucket_specification: Type.Object({
    project_name: Type.String(),
    name: Type.String(),
    title: Type.Optional(Type.String({ maxLength: 1024 })),
  }),
});
export type Mailbox = Static<typeof Mailbox>;

/** `exchange_online` (stored as sent) or Sift's `imap` connection; the domain checks the fields. */
const Connection = Type.Record(Type.String(), Type.Unknown());

export const IntegrationConfiguration = Type.Object({
  connection: Type.Optional(Connection),
  mailboxes: Type.Array(Mailbox, { maxItems: 1024 }),
});
export type IntegrationConfiguration = Static<typeof IntegrationConfiguration>;

export const Integration = Type.Object({
  id: Hex16,
  owner: Type.String(),
  name: Type.String(),
  title: Type.String(),
  type: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp,
  enabled: Type.Boolean(),
  disabled_reason: Type.Union([Type.String(), Type.Null()]),
  configuration: Type.Object({
    connection: Type.Optional(Connection),
    mailboxes: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  }),
});
export type Integration = Static<typeof Integration>;

export const IntegrationNew = Type.Object({
  title: Type.Optional(Type.String({ maxLength: 1024 })),
  enabled: Type.Optional(Type.Boolean()),
  type: Type.Optional(Type.String()),
  integration_type: Type.Optional(Type.String()),
  configuration: IntegrationConfiguration,
});
export type IntegrationNew = Static<typeof IntegrationNew>;

export const IntegrationError = Type.Object({
  id: Hex16,
  integration_id: Hex16,
  error_text: Type.String(),
  error_details: Type.Object({ kind: Type.String(), full_error_text: Type.String() }),
  error_action: Type.Union([
    Type.Object({
      kind: Type.Literal('mailbox_disabled'),
      mailbox_name: Type.String(),
      bucket_id: Type.Union([Hex16, Type.Null()]),
    }),
    Type.Null(),
  ]),
  created_at: Timestamp,
  processed_at: Type.Optional(Timestamp),
});
export type IntegrationError = Static<typeof IntegrationError>;

// GET /api/_private/integrations
export const listIntegrationsRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/integrations',
  summary: 'List visible integrations',
  tags: ['integrations'],
  permission: anyUser,
  schema: {
    response: { 200: ok({ integrations: Type.Array(Integration) }), ...errorResponses(401) },
  },
});

// GET /api/_private/integrations/<p> and /api/_private/integrations/id:<hex>
export const getIntegrationsOfProjectRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/integrations/:project',
  summary: "List a project's integrations, or get one by id (`id:<hex>`)",
  tags: ['integrations'],
  permission: projectPermission('integrations-read'),
  schema: {
    params: ProjectParams,
    response: {
      200: Type.Union([
        ok({ integrations: Type.Array(Integration) }),
        ok({ integration: Integration }),
      ]),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

// GET /api/_private/integrations/<p>/<name>
export const getIntegrationRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/integrations/:project/:name',
  summary: 'Get an integration (the IMAP password is never returned)',
  tags: ['integrations'],
  permission: projectPermission('integrations-read'),
  schema: {
    params: ProjectResourceParams,
    response: { 200: ok({ integration: Integration }), ...errorResponses(400, 401, 403, 404) },
  },
});

// PUT /api/_private/integrations/<p>/<name>
export const createIntegrationRoute = defineRoute({
  method: 'PUT',
  url: '/api/_private/integrations/:project/:name',
  summary: 'Create a mailbox integration',
  tags: ['integrations'],
  permission: projectPermission('integrations-write'),
  schema: {
    params: ProjectResourceParams,
    body: Type.Object({ integration: IntegrationNew }),
    response: { 200: ok({ integration: Integration }), ...errorResponses(400, 401, 403, 404, 409) },
  },
});

// POST /api/_private/integrations/<p>/<name>
export const updateIntegrationRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/integrations/:project/:name',
  summary:
    'Replace an integration’s settings (an IMAP update without password keeps the stored one)',
  tags: ['integrations'],
  permission: projectPermission('integrations-write'),
  schema: {
    params: ProjectResourceParams,
    body: Type.Object({ integration: IntegrationNew }),
    response: { 200: ok({ integration: Integration }), ...errorResponses(400, 401, 403, 404) },
  },
});

// DELETE /api/_private/integrations/id:<hex>
export const deleteIntegrationRoute = defineRoute({
  method: 'DELETE',
  url: '/api/_private/integrations/:project',
  summary: 'Delete an integration by id (`id:<hex>`)',
  tags: ['integrations'],
  permission: projectPermission('integrations-write'),
  schema: {
    params: ProjectParams,
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) },
  },
});

// GET /api/_private/integrations/<p>/<name>/errors
export const integrationErrorsRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/integrations/:project/:name/errors',
  summary: 'Errors the mailbox connector recorded, newest first',
  tags: ['integrations'],
  permission: projectPermission('integrations-read'),
  schema: {
    params: ProjectResourceParams,
    response: {
      200: ok({ errors: Type.Array(IntegrationError) }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});
