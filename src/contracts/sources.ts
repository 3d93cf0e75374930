import { Type, type Static } from 'typebox';

import { Hex16, ProjectParams, ProjectResourceParams, StringEnum, Timestamp } from './common.js';
import { errorResponses, ok, OkEmpty } from './envelope.js';
import { defineRoute, projectPermission } from './route.js';

export const SOURCE_LANGUAGES = ['en', 'de', 'xlm'] as const;
export const SOURCE_KINDS = ['unknown', 'call', 'chat', 'ixp_design', 'ixp_runtime'] as const;

export const Source = Type.Object({
  id: Hex16,
  owner: Type.String(),
  name: Type.String(),
  title: Type.String(),
  description: Type.String(),
  language: Type.String(),
  should_translate: Type.Boolean(),
  sensitive_properties: Type.Array(Type.String()),
  created_at: Timestamp,
  updated_at: Timestamp,
  last_modified: Timestamp,
  bucket_id: Type.Union([Hex16, Type.Null()]),
  _kind: Type.String(),
  email_transform_tag: Type.Union([Type.String(), Type.Null()]),
  email_transform_version: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
});
export type Source = Static<typeof Source>;

const SensitiveProperties = Type.Array(Type.String({ pattern: '^(string|number):.+$' }), {
  maxItems: 256,
});

export const SourceNew = Type.Object({
  title: Type.Optional(Type.String({ maxLength: 1024 })),
  description: Type.Optional(Type.String({ maxLength: 65536 })),
  language: Type.Optional(StringEnum(SOURCE_LANGUAGES)),
  should_translate: Type.Optional(Type.Boolean()),
  sensitive_properties: Type.Optional(SensitiveProperties),
  bucket_id: Type.Optional(Type.Union([Hex16, Type.Null()])),
  _kind: Type.Optional(StringEnum(SOURCE_KINDS)),
  email_transform_tag: Type.Optional(Type.Union([Type.String({ maxLength: 256 }), Type.Null()])),
  email_transform_version: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
});
export type SourceNew = Static<typeof SourceNew>;

export const SourceUpdate = Type.Object({
  title: Type.Optional(Type.String({ maxLength: 1024 })),
  description: Type.Optional(Type.String({ maxLength: 65536 })),
  // Present only so that the update can be refused with a clear message: the language is fixed.
  language: Type.Optional(Type.Unknown()),
  should_translate: Type.Optional(Type.Boolean()),
  sensitive_properties: Type.Optional(SensitiveProperties),
  bucket_id: Type.Optional(Type.Union([Hex16, Type.Null()])),
  email_transform_tag: Type.Optional(Type.Union([Type.String({ maxLength: 256 }), Type.Null()])),
  email_transform_version: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
});
export type SourceUpdate = Static<typeof SourceUpdate>;

// GET /api/v1/sources
export const listSourcesRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/sources',
  summary: 'List visible sources',
  tags: ['sources'],
  permission: { kind: 'authenticated' },
  schema: { response: { 200: ok({ sources: Type.Array(Source) }), ...errorResponses(401) } },
});

// GET /api/v1/sources/<p> and /api/v1/sources/id:<hex>
export const getSourcesOfProjectRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/sources/:project',
  summary: "List a project's sources, or get one source by id (`id:<hex>`)",
  tags: ['sources'],
  permission: projectPermission('sources-read'),
  schema: {
    params: ProjectParams,
    response: {
      200: Type.Union([ok({ sources: Type.Array(Source) }), ok({ source: Source })]),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

// GET /api/v1/sources/<p>/<s>
export const getSourceRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/sources/:project/:name',
  summary: 'Get a source',
  tags: ['sources'],
  permission: projectPermission('sources-read'),
  schema: {
    params: ProjectResourceParams,
    response: { 200: ok({ source: Source }), ...errorResponses(400, 401, 403, 404) },
  },
});

// PUT /api/v1/sources/<p>/<s>
export const createSourceRoute = defineRoute({
  method: 'PUT',
  url: '/api/v1/sources/:project/:name',
  summary: 'Create a source',
  tags: ['sources'],
  permission: projectPermission('sources-admin'),
  schema: {
    params: ProjectResourceParams,
    body: Type.Object({ source: Type.Optional(SourceNew) }),
    response: { 200: ok({ source: Source }), ...errorResponses(400, 401, 403, 404, 409, 422) },
  },
});

// POST /api/v1/sources/<p>/<s>
export const updateSourceRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/sources/:project/:name',
  summary: 'Update a source',
  tags: ['sources'],
  permission: projectPermission('sources-admin'),
  schema: {
    params: ProjectResourceParams,
    body: Type.Object({ source: Type.Optional(SourceUpdate) }),
    response: { 200: ok({ source: Source }), ...errorResponses(400, 401, 403, 404, 422) },
  },
});

// DELETE /api/v1/sources/id:<hex>
export const deleteSourceByIdRoute = defineRoute({
  method: 'DELETE',
  url: '/api/v1/sources/:project',
  summary: 'Delete a source by id (`id:<hex>`)',
  tags: ['sources'],
  permission: projectPermission('sources-admin'),
  schema: {
    params: ProjectParams,
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) },
  },
});

// DELETE /api/v1/sources/<p>/<s>
export const deleteSourceRoute = defineRoute({
  method: 'DELETE',
  url: '/api/v1/sources/:project/:name',
  summary: 'Delete a source by name',
  tags: ['sources'],
  permission: projectPermission('sources-admin'),
  schema: {
    params: ProjectResourceParams,
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) },
  },
});
