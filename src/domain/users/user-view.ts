import type { User } from '../../contracts/users.js';
import type { UserRecord } from '../../store/store.js';
import {
  expandGlobalPermissions,
  expandProjectPermissions,
  isTenantWide,
} from '../permissions/effective-permissions.js';
import { PROJECT_PERMISSIONS } from '../permissions/permission-strings.js';
import { hasProjectPermission, type Principal } from '../permissions/principal.js';

/**
 * The projects of `user` the viewer may see, or `'all'`. Tenant-wide callers and the user themself see
 * every project; others only projects where they hold `users-read` (api.md §5.3).
 */
export function visibleProjectsOf(viewer: Principal, user: UserRecord): 'all' | string[] {
  if (isTenantWide(viewer.globalPermissions) || viewer.userId === user.id) {
    return 'all';
  }
  return Object.keys(user.organisation_permissions).filter((project) =>
    hasProjectPermission(viewer, project, 'users-read'),
  );
}

export function canSeeUser(viewer: Principal, user: UserRecord): boolean {
  const visible = visibleProjectsOf(viewer, user);
  return visible === 'all' || visible.length > 0;
}

/** The wire shape of a user as the viewer may see it. */
export function toUserResponse(viewer: Principal, user: UserRecord): User {
  const visible = visibleProjectsOf(viewer, user);
  const organisation: Record<string, string[]> = {};
  for (const [project, permissions] of Object.entries(user.organisation_permissions)) {
    if (permissions.length > 0 && (visible === 'all' || visible.includes(project))) {
      organisation[project] = permissions;
    }
  }
  const global = expandGlobalPermissions(user.global_permissions);
  const derivedOrganisation: Record<string, string[]> = {};
  for (const [project, permissions] of Object.entries(organisation)) {
    derivedOrganisation[project] = isTenantWide(global)
      ? [...PROJECT_PERMISSIONS]
      : [...expandProjectPermissions(permissions)].sort();
  }
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    created: user.created,
    verified: true,
    global_permissions: user.global_permissions,
    organisation_permissions: organisation,
    sso_global_permissions: [],
    derived_organisation_permissions: derivedOrganisation,
    derived_global_permissions: [...global].sort(),
    last_login_at: user.last_login_at,
    is_support_user: false,
  };
}
