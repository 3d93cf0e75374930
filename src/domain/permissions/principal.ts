import { AppError, notFound } from '../errors.js';

import {
  expandGlobalPermissions,
  expandProjectPermissions,
  isTenantWide,
} from './effective-permissions.js';
import { PROJECT_PERMISSIONS } from './permission-strings.js';

/** The authenticated caller of a request. */
export type Principal = {
  readonly userId: string;
  readonly username: string;
  readonly globalPermissions: ReadonlySet<string>;
  readonly organisationPermissions: Readonly<Record<string, readonly string[]>>;
};

export function makePrincipal(user: {
  id: string;
  username: string;
  global_permissions: readonly string[];
  organisation_permissions: Readonly<Record<string, readonly string[]>>;
}): Principal {
  return {
    userId: user.id,
    username: user.username,
    globalPermissions: expandGlobalPermissions(user.global_permissions),
    organisationPermissions: user.organisation_permissions,
  };
}

const ALL_PROJECT_PERMISSIONS: ReadonlySet<string> = new Set(PROJECT_PERMISSIONS);

export function projectPermissionsOf(principal: Principal, project: string): ReadonlySet<string> {
  if (isTenantWide(principal.globalPermissions)) {
    return ALL_PROJECT_PERMISSIONS;
  }
  return expandProjectPermissions(principal.organisationPermissions[project] ?? []);
}

/** "Visible" = the caller holds at least one permission on the project (api.md §5.2). */
export function canSeeProject(principal: Principal, project: string): boolean {
  return (
    isTenantWide(principal.globalPermissions) ||
    (principal.organisationPermissions[project] ?? []).length > 0
  );
}

export function hasProjectPermission(
  principal: Principal,
  project: string,
  permission: string,
): boolean {
  return projectPermissionsOf(principal, project).has(permission);
}

/**
 * Throws `not_found` (with the caller's message, so nothing leaks) when the project is invisible, and
 * `forbidden` naming the permission when it is visible but the permission is missing (api.md §3.8.3).
 */
export function requireProjectPermission(
  principal: Principal,
  project: string,
  permission: string,
  notFoundMessage: string,
): void {
  if (!canSeeProject(principal, project)) {
    throw notFound(notFoundMessage);
  }
  if (!hasProjectPermission(principal, project, permission)) {
    throw new AppError('forbidden', `Missing permission '${permission}' on project '${project}'`);
  }
}

export function requireGlobalPermission(
  principal: Principal,
  permissions: readonly string[],
): void {
  if (principal.globalPermissions.has('root')) {
    return;
  }
  if (!permissions.some((permission) => principal.globalPermissions.has(permission))) {
    throw new AppError(
      'forbidden',
      `Missing global permission ${permissions.map((p) => `'${p}'`).join(' or ')}`,
    );
  }
}
