import { Type, type Static } from 'typebox';

import { Hex16, ProjectParams, QueryBoolean, Timestamp } from './common.js';
import { errorResponses, ok, OkEmpty } from './envelope.js';
import { anyUser, defineRoute, globalPermission, type RoutePermission } from './route.js';

export const Project = Type.Object({
  id: Hex16,
  name: Type.String(),
  title: Type.String(),
  description: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp,
  user_auto_join: Type.Boolean(),
});
export type Project = Static<typeof Project>;

export const ProjectSummary = Type.Object({
  name: Type.String(),
  title: Type.String(),
  description: Type.String(),
});

export const ProjectFields = Type.Object({
  title: Type.Optional(Type.String({ maxLength: 1024 })),
  description: Type.Optional(Type.String({ maxLength: 65536 })),
  user_auto_join: Type.Optional(Type.Boolean()),
});
export type ProjectFields = Static<typeof ProjectFields>;

const projectMember: RoutePermission = { kind: 'project', permission: '*' };
// Sift's "project admin" (api.md §5.2) is checked by the domain: it combines global and project rights.
const projectAdmin: RoutePermission = { kind: 'project', permission: 'project-admin' };

// GET /api/v1/projects
export const listProjectsRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/projects',
  summary: 'List visible projects (reduced shape)',
  tags: ['projects'],
  permission: anyUser,
  schema: {
    response: { 200: ok({ projects: Type.Array(ProjectSummary) }), ...errorResponses(401) },
  },
});

// GET /api/_private/projects
export const listProjectsFullRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/projects',
  summary: 'List visible projects',
  tags: ['projects'],
  permission: anyUser,
  schema: {
    querystring: Type.Object({ cm_only: Type.Optional(QueryBoolean) }),
    response: { 200: ok({ projects: Type.Array(Project) }), ...errorResponses(400, 401) },
  },
});

// GET /api/_private/projects/<p>
export const getProjectRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/projects/:project',
  summary: 'Get a project',
  tags: ['projects'],
  permission: projectMember,
  schema: {
    params: ProjectParams,
    response: { 200: ok({ project: Project }), ...errorResponses(400, 401, 404) },
  },
});

// PUT /api/_private/projects/<p>
export const CreateProjectBody = Type.Object({
  project: Type.Optional(ProjectFields),
  user_ids: Type.Array(Hex16, { maxItems: 1024 }),
  uipath_user_ids: Type.Optional(Type.Array(Type.String())),
});
export const createProjectRoute = defineRoute({
  method: 'PUT',
  url: '/api/_private/projects/:project',
  summary: 'Create a project',
  tags: ['projects'],
  permission: globalPermission('projects-admin', 'tenant-admin'),
  schema: {
    params: ProjectParams,
    body: CreateProjectBody,
    response: { 200: ok({ project: Project }), ...errorResponses(400, 401, 403, 409) },
  },
});

// POST /api/_private/projects/<p>
export const UpdateProjectBody = Type.Object({ project: Type.Optional(ProjectFields) });
export const updateProjectRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/projects/:project',
  summary: 'Update a project',
  tags: ['projects'],
  permission: projectAdmin,
  schema: {
    params: ProjectParams,
    body: UpdateProjectBody,
    response: { 200: ok({ project: Project }), ...errorResponses(400, 401, 403, 404) },
  },
});

// DELETE /api/_private/projects/<p>
export const deleteProjectRoute = defineRoute({
  method: 'DELETE',
  url: '/api/_private/projects/:project',
  summary: 'Delete a project (force=true deletes its sources, datasets, buckets and integrations)',
  tags: ['projects'],
  permission: projectAdmin,
  schema: {
    params: ProjectParams,
    querystring: Type.Object({ force: Type.Optional(QueryBoolean) }),
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404, 409) },
  },
});

// GET /api/_private/projects/<p>/resource_counts
export const ResourceCounts = Type.Object({
  buckets: Type.Integer(),
  dashboards: Type.Integer(),
  datasets: Type.Integer(),
  integrations: Type.Integer(),
  sources: Type.Integer(),
  users_with_permissions: Type.Integer(),
});
export type ResourceCounts = Static<typeof ResourceCounts>;
export const projectResourceCountsRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/projects/:project/resource_counts',
  summary: 'Count the resources of a project',
  tags: ['projects'],
  permission: projectMember,
  schema: {
    params: ProjectParams,
    response: { 200: ok(ResourceCounts.properties), ...errorResponses(400, 401, 404) },
  },
});
