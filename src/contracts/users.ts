import { Type, type Static } from 'typebox';

import { Hex16, OrganisationPermissions, PermissionList, Timestamp } from './common.js';
import { errorResponses, ok, OkEmpty } from './envelope.js';
import { anyUser, defineRoute, globalPermission } from './route.js';

export const User = Type.Object({
  id: Hex16,
  username: Type.String(),
  email: Type.String(),
  created: Timestamp,
  verified: Type.Boolean(),
  global_permissions: Type.Array(Type.String()),
  organisation_permissions: Type.Record(Type.String(), Type.Array(Type.String())),
  sso_global_permissions: Type.Array(Type.String()),
  derived_organisation_permissions: Type.Optional(
    Type.Record(Type.String(), Type.Array(Type.String())),
  ),
  derived_global_permissions: Type.Optional(Type.Array(Type.String())),
  last_login_at: Type.Optional(Type.Union([Timestamp, Type.Null()])),
  is_support_user: Type.Optional(Type.Boolean()),
});
export type User = Static<typeof User>;

export const UserSummary = Type.Object({
  username: Type.String(),
  email: Type.String(),
  last_login_at: Type.Optional(Type.Union([Timestamp, Type.Null()])),
});

const UserIdParams = Type.Object({ user_id: Type.String() });

// GET /api/v1/users
export const listUsersRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/users',
  summary: 'List visible users (reduced shape)',
  tags: ['users'],
  permission: anyUser,
  schema: { response: { 200: ok({ users: Type.Array(UserSummary) }), ...errorResponses(401) } },
});

// GET /api/_private/users
export const listUsersFullRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/users',
  summary: 'List visible users',
  tags: ['users'],
  permission: anyUser,
  schema: { response: { 200: ok({ users: Type.Array(User) }), ...errorResponses(401) } },
});

// GET /api/_private/users/<user_id>
export const getUserRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/users/:user_id',
  summary: 'Get a user',
  tags: ['users'],
  permission: anyUser,
  schema: {
    params: UserIdParams,
    response: { 200: ok({ user: User }), ...errorResponses(400, 401, 404) },
  },
});

// PUT /api/_private/users
export const UserNew = Type.Object({
  username: Type.String({ pattern: '^[A-Za-z0-9_-]{1,256}$' }),
  email: Type.String({ minLength: 3, maxLength: 320 }),
  global_permissions: Type.Optional(PermissionList),
  organisation_permissions: Type.Optional(OrganisationPermissions),
});
export type UserNew = Static<typeof UserNew>;
export const createUserRoute = defineRoute({
  method: 'PUT',
  url: '/api/_private/users',
  summary: 'Create a user',
  tags: ['users'],
  // Checked by the domain: tenant-admin, or users-write on every project granted (api.md §5.3).
  permission: anyUser,
  schema: {
    body: Type.Object({ user: UserNew }),
    response: { 200: ok({ user: User }), ...errorResponses(400, 401, 403, 409) },
  },
});

// POST /api/_private/users/<user_id>
export const UserUpdate = Type.Object({
  global_permissions: Type.Optional(PermissionList),
  organisation_permissions: Type.Optional(OrganisationPermissions),
});
export type UserUpdate = Static<typeof UserUpdate>;
export const updateUserRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/users/:user_id',
  summary: "Update a user's permissions",
  tags: ['users'],
  permission: anyUser,
  schema: {
    params: UserIdParams,
    body: Type.Object({ user: Type.Optional(UserUpdate) }),
    response: { 200: ok({ user: User }), ...errorResponses(400, 401, 403, 404) },
  },
});

// DELETE /api/_private/users/<user_id>
export const deleteUserRoute = defineRoute({
  method: 'DELETE',
  url: '/api/_private/users/:user_id',
  summary: 'Delete a user and revoke their token',
  tags: ['users'],
  permission: globalPermission('tenant-admin'),
  schema: {
    params: UserIdParams,
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) },
  },
});

// POST /api/_private/users/<user_id>/welcome-email
export const sendWelcomeEmailRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/users/:user_id/welcome-email',
  summary: 'Send a welcome email (Sift sends none)',
  tags: ['users'],
  permission: anyUser,
  schema: {
    params: UserIdParams,
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) },
  },
});

// POST /api/_private/users/<user_id>/api-token
export const issueUserTokenRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/users/:user_id/api-token',
  summary: "Generate (or replace) another user's API token",
  tags: ['users'],
  permission: globalPermission('tenant-admin'),
  schema: {
    params: UserIdParams,
    response: { 200: ok({ token: Type.String() }), ...errorResponses(400, 401, 403, 404) },
  },
});

// GET /auth/user
export const getCurrentUserRoute = defineRoute({
  method: 'GET',
  url: '/auth/user',
  summary: 'The user owning the token',
  tags: ['auth'],
  permission: anyUser,
  schema: { response: { 200: ok({ user: User }), ...errorResponses(401) } },
});

// POST /auth/refresh-user-permissions
export const refreshPermissionsRoute = defineRoute({
  method: 'POST',
  url: '/auth/refresh-user-permissions',
  summary: 'Refresh permissions (always true: Sift has no SSO-derived permissions)',
  tags: ['auth'],
  permission: anyUser,
  schema: {
    response: { 200: ok({ permissions_refreshed: Type.Boolean() }), ...errorResponses(401) },
  },
});

// POST /auth/api-token
export const regenerateOwnTokenRoute = defineRoute({
  method: 'POST',
  url: '/auth/api-token',
  summary: 'Generate a new token for the caller; the previous one stops working at once',
  tags: ['auth'],
  permission: anyUser,
  schema: { response: { 200: ok({ token: Type.String() }), ...errorResponses(401) } },
});
