import type { User, UserNew, UserUpdate } from '../../contracts/users.js';
import { HEX16 } from '../../lib/ids.js';
import type { Store, UserRecord } from '../../store/store.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { CallContext } from '../context.js';
import { AppError, conflict, invalid, notFound } from '../errors.js';
import { isTenantWide } from '../permissions/effective-permissions.js';
import { hasProjectPermission, requireGlobalPermission } from '../permissions/principal.js';
import { now } from '../time.js';
import { issueApiToken } from '../tokens/api-tokens.js';

import { canSeeUser, toUserResponse } from './user-view.js';

function userIdOf(raw: string): string {
  if (!HEX16.test(raw)) {
    throw invalid(`Invalid user id '${raw}': expected 16 lowercase hexadecimal characters`);
  }
  return raw;
}

/** A user the caller may see, else 404 (no existence leak). */
async function visibleUser(context: CallContext, store: Store, rawId: string): Promise<UserRecord> {
  const id = userIdOf(rawId);
  const user = await store.users.getById(id);
  if (!user || !canSeeUser(context.principal, user)) {
    throw notFound(`User '${id}' not found`);
  }
  return user;
}

export async function listUsers(context: CallContext): Promise<User[]> {
  const users = await context.deps.store.users.list();
  return users
    .filter((user) => canSeeUser(context.principal, user))
    .map((user) => toUserResponse(context.principal, user));
}

export async function getUser(context: CallContext, rawId: string): Promise<User> {
  return toUserResponse(context.principal, await visibleUser(context, context.deps.store, rawId));
}

export async function getCurrentUser(context: CallContext): Promise<User> {
  const user = await context.deps.store.users.getById(context.principal.userId);
  if (!user) {
    throw new AppError('unauthorized', 'Invalid API token');
  }
  return toUserResponse(context.principal, user);
}

function cleanOrganisation(permissions: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(permissions)
      .filter(([, list]) => list.length > 0)
      .map(([project, list]) => [project, [...new Set(list)]]),
  );
}

/** Granting on a project needs `users-write` there; global permissions need tenant administration. */
function requireMayGrant(context: CallContext, projects: string[], globalChange: boolean): void {
  const principal = context.principal;
  if (isTenantWide(principal.globalPermissions)) {
    return;
  }
  if (globalChange) {
    requireGlobalPermission(principal, ['tenant-admin']);
  }
  for (const project of projects) {
    if (!hasProjectPermission(principal, project, 'users-write')) {
      throw new AppError('forbidden', `Missing permission 'users-write' on project '${project}'`);
    }
  }
  if (projects.length === 0 && !globalChange) {
    throw new AppError('forbidden', "Missing global permission 'tenant-admin'");
  }
}

async function requireProjectsExist(store: Store, projects: string[]): Promise<void> {
  for (const project of projects) {
    if (!(await store.projects.getByName(project))) {
      throw invalid(`organisation_permissions: project '${project}' does not exist`);
    }
  }
}

async function otherRootExists(store: Store, exceptUserId: string): Promise<boolean> {
  const users = await store.users.list();
  return users.some((user) => user.id !== exceptUserId && user.global_permissions.includes('root'));
}

export async function createUser(context: CallContext, input: UserNew): Promise<User> {
  if (!input.email.includes('@')) {
    throw invalid(`user.email: '${input.email}' is not an email address`);
  }
  const organisation = cleanOrganisation(input.organisation_permissions ?? {});
  const global = [...new Set(input.global_permissions ?? [])];
  requireMayGrant(context, Object.keys(organisation), global.length > 0);
  return context.deps.store.transaction(async (store) => {
    await requireProjectsExist(store, Object.keys(organisation));
    if (await store.users.getByUsername(input.username)) {
      throw conflict(`User '${input.username}' already exists`);
    }
    if (await store.users.getByEmail(input.email)) {
      throw conflict(`A user with email '${input.email}' already exists`);
    }
    const user: UserRecord = {
      id: context.deps.ids.next(),
      username: input.username,
      email: input.email,
      created: now(context.deps),
      global_permissions: global,
      organisation_permissions: organisation,
      last_login_at: null,
    };
    await store.users.insert(user);
    await recordAuditEvent(store, context, 'create_user', { users: [user] });
    return toUserResponse(context.principal, user);
  });
}

export async function updateUser(
  context: CallContext,
  rawId: string,
  input: UserUpdate,
): Promise<User> {
  return context.deps.store.transaction(async (store) => {
    const user = await visibleUser(context, store, rawId);
    const changedProjects = Object.keys(input.organisation_permissions ?? {});
    requireMayGrant(context, changedProjects, input.global_permissions !== undefined);
    const granted = Object.entries(input.organisation_permissions ?? {})
      .filter(([, list]) => list.length > 0)
      .map(([project]) => project);
    await requireProjectsExist(store, granted);
    const global = input.global_permissions
      ? [...new Set(input.global_permissions)]
      : user.global_permissions;
    if (
      user.global_permissions.includes('root') &&
      !global.includes('root') &&
      !(await otherRootExists(store, user.id))
    ) {
      throw invalid('Refusing to remove root from the last user holding it');
    }
    const organisation = cleanOrganisation({
      ...user.organisation_permissions,
      ...(input.organisation_permissions ?? {}),
    });
    await store.users.updatePermissions(user.id, {
      global_permissions: global,
      organisation_permissions: organisation,
    });
    const updated = { ...user, global_permissions: global, organisation_permissions: organisation };
    await recordAuditEvent(store, context, 'update_user', { users: [updated] });
    return toUserResponse(context.principal, updated);
  });
}

export async function deleteUser(context: CallContext, rawId: string): Promise<void> {
  requireGlobalPermission(context.principal, ['tenant-admin']);
  await context.deps.store.transaction(async (store) => {
    const user = await visibleUser(context, store, rawId);
    if (user.global_permissions.includes('root') && !(await otherRootExists(store, user.id))) {
      throw invalid('Refusing to delete the last user holding root');
    }
    await recordAuditEvent(store, context, 'delete_user', { users: [user] });
    await store.tokens.deleteForUser(user.id);
    await store.users.delete(user.id);
  });
}

/** Sift sends no email; the route exists because the official CLI calls it after creating a user. */
export async function sendWelcomeEmail(context: CallContext, rawId: string): Promise<void> {
  const user = await visibleUser(context, context.deps.store, rawId);
  const projects = Object.keys(user.organisation_permissions);
  if (
    !isTenantWide(context.principal.globalPermissions) &&
    !projects.some((project) => hasProjectPermission(context.principal, project, 'users-write'))
  ) {
    throw new AppError('forbidden', "Missing permission 'users-write' on a project of this user");
  }
}

/** The caller's own new token, or (tenant admins) another user's; the old token dies at once. */
export async function generateToken(context: CallContext, rawId?: string): Promise<string> {
  return context.deps.store.transaction(async (store) => {
    let user: UserRecord | null;
    if (rawId === undefined) {
      user = await store.users.getById(context.principal.userId);
    } else {
      requireGlobalPermission(context.principal, ['tenant-admin']);
      user = await visibleUser(context, store, rawId);
    }
    if (!user) {
      throw new AppError('unauthorized', 'Invalid API token');
    }
    const token = await issueApiToken(store, context.deps, user.id);
    await recordAuditEvent(store, context, 'generate_api_token', { users: [user] });
    return token;
  });
}
