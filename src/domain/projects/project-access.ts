import type { ProjectRecord, Store } from '../../store/store.js';
import type { CallContext } from '../context.js';
import { AppError, notFound } from '../errors.js';
import { checkName } from '../names.js';
import { hasGlobal, isTenantWide } from '../permissions/effective-permissions.js';
import {
  canSeeProject,
  projectPermissionsOf,
  requireProjectPermission,
  type Principal,
} from '../permissions/principal.js';

/** Loads a project the caller can see; an invisible one is indistinguishable from a missing one. */
export async function visibleProject(
  context: CallContext,
  store: Store,
  name: string,
): Promise<ProjectRecord> {
  checkName('project', name);
  const message = `Project '${name}' not found`;
  if (!canSeeProject(context.principal, name)) {
    throw notFound(message);
  }
  const project = await store.projects.getByName(name);
  if (!project) {
    throw notFound(message);
  }
  return project;
}

/** Loads a project and checks one project permission on it (403 naming it when missing). */
export async function projectWithPermission(
  context: CallContext,
  store: Store,
  name: string,
  permission: string,
): Promise<ProjectRecord> {
  const project = await visibleProject(context, store, name);
  requireProjectPermission(context.principal, name, permission, `Project '${name}' not found`);
  return project;
}

const ADMIN_SET = ['sources-admin', 'datasets-admin', 'users-write'];

/** Sift's "project admin" (api.md §5.2). */
export function requireProjectAdmin(principal: Principal, project: string): void {
  if (
    isTenantWide(principal.globalPermissions) ||
    hasGlobal(principal.globalPermissions, 'projects-admin')
  ) {
    return;
  }
  // Effective permissions (api.md §3.8.2): e.g. datasets-admin may come from role-cm-model-trainer, and
  // role-cm-project-admin implies the whole set.
  const held = projectPermissionsOf(principal, project);
  const missing = ADMIN_SET.filter((permission) => !held.has(permission));
  if (missing.length > 0) {
    throw new AppError(
      'forbidden',
      `Missing permission '${missing[0]}' on project '${project}' (project administration needs ${ADMIN_SET.join(', ')})`,
    );
  }
}
