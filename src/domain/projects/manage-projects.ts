import type { Project, ProjectFields, ResourceCounts } from '../../contracts/projects.js';
import { HEX16 } from '../../lib/ids.js';
import type { ProjectRecord, Store } from '../../store/store.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { CallContext } from '../context.js';
import { conflict, invalid } from '../errors.js';
import { checkName } from '../names.js';
import { PROJECT_PERMISSIONS } from '../permissions/permission-strings.js';
import { canSeeProject, requireGlobalPermission } from '../permissions/principal.js';
import { now } from '../time.js';

import { requireProjectAdmin, visibleProject } from './project-access.js';

export function toProjectResponse(project: ProjectRecord): Project {
  return { ...project };
}

export async function listProjects(context: CallContext): Promise<Project[]> {
  const projects = await context.deps.store.projects.list();
  return projects
    .filter((project) => canSeeProject(context.principal, project.name))
    .map(toProjectResponse);
}

export async function getProject(context: CallContext, name: string): Promise<Project> {
  return toProjectResponse(await visibleProject(context, context.deps.store, name));
}

export async function createProject(
  context: CallContext,
  name: string,
  input: { project?: ProjectFields; user_ids: string[] },
): Promise<Project> {
  checkName('project', name);
  requireGlobalPermission(context.principal, ['projects-admin', 'tenant-admin']);
  for (const [index, id] of input.user_ids.entries()) {
    if (!HEX16.test(id)) {
      throw invalid(`user_ids[${index}]: '${id}' is not a user id`);
    }
  }
  return context.deps.store.transaction(async (store) => {
    if (await store.projects.getByName(name)) {
      throw conflict(`Project '${name}' already exists`);
    }
    const members =
      input.user_ids.length > 0 ? [...new Set(input.user_ids)] : [context.principal.userId];
    const users = await store.users.getMany(members);
    const missing = members.find((id) => !users.some((user) => user.id === id));
    if (missing !== undefined) {
      throw invalid(`user_ids: unknown user id '${missing}'`);
    }
    const timestamp = now(context.deps);
    const project: ProjectRecord = {
      id: context.deps.ids.next(),
      name,
      title: input.project?.title ?? '',
      description: input.project?.description ?? '',
      user_auto_join: input.project?.user_auto_join ?? false,
      created_at: timestamp,
      updated_at: timestamp,
    };
    await store.projects.insert(project);
    for (const user of users) {
      await store.users.updatePermissions(user.id, {
        global_permissions: user.global_permissions,
        organisation_permissions: {
          ...user.organisation_permissions,
          [name]: [...PROJECT_PERMISSIONS],
        },
      });
    }
    await recordAuditEvent(store, context, 'create_project', { projects: [project], users });
    return toProjectResponse(project);
  });
}

export async function updateProject(
  context: CallContext,
  name: string,
  fields: ProjectFields,
): Promise<Project> {
  return context.deps.store.transaction(async (store) => {
    const project = await visibleProject(context, store, name);
    requireProjectAdmin(context.principal, name);
    const changes = {
      ...(fields.title === undefined ? {} : { title: fields.title }),
      ...(fields.description === undefined ? {} : { description: fields.description }),
      ...(fields.user_auto_join === undefined ? {} : { user_auto_join: fields.user_auto_join }),
    };
    if (Object.keys(changes).length === 0) {
      return toProjectResponse(project);
    }
    const updated = { ...project, ...changes, updated_at: now(context.deps) };
    await store.projects.update(project.id, { ...changes, updated_at: updated.updated_at });
    await recordAuditEvent(store, context, 'update_project', { projects: [updated] });
    return toProjectResponse(updated);
  });
}

async function countChildren(
  store: Store,
  project: ProjectRecord,
): Promise<Record<string, number>> {
  return {
    buckets: 0,
    datasets: await store.datasets.countByProject(project.id),
    integrations: 0,
    sources: await store.sources.countByProject(project.id),
  };
}

export async function projectResourceCounts(
  context: CallContext,
  name: string,
): Promise<ResourceCounts> {
  const store = context.deps.store;
  const project = await visibleProject(context, store, name);
  const children = await countChildren(store, project);
  const users = await store.users.list();
  return {
    buckets: children.buckets ?? 0,
    dashboards: 0,
    datasets: children.datasets ?? 0,
    integrations: children.integrations ?? 0,
    sources: children.sources ?? 0,
    users_with_permissions: users.filter(
      (user) => (user.organisation_permissions[name] ?? []).length > 0,
    ).length,
  };
}

/** Without `force`, refuses (409, CM's exact message) while the project has children. */
export async function deleteProject(
  context: CallContext,
  name: string,
  force: boolean,
): Promise<void> {
  await context.deps.store.transaction(async (store) => {
    const project = await visibleProject(context, store, name);
    requireProjectAdmin(context.principal, name);
    const children = await countChildren(store, project);
    const nonZero = Object.entries(children)
      .filter(([, count]) => count > 0)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    if (nonZero.length > 0 && !force) {
      const listed = nonZero.map(([key, count]) => `"${key}": ${count}`).join(', ');
      throw conflict(
        `Project contains child resources but force deletion was not requested: {${listed}}`,
      );
    }
    // Datasets first: they refer to the project's sources (and their taxonomies go with them).
    for (const dataset of await store.datasets.list(name)) {
      await store.datasets.delete(dataset.id);
    }
    for (const source of await store.sources.list(name)) {
      await store.sources.delete(source.id);
    }
    for (const user of await store.users.list()) {
      if (name in user.organisation_permissions) {
        const { [name]: _removed, ...rest } = user.organisation_permissions;
        await store.users.updatePermissions(user.id, {
          global_permissions: user.global_permissions,
          organisation_permissions: rest,
        });
      }
    }
    await recordAuditEvent(store, context, 'delete_project', { projects: [project] });
    await store.projects.delete(project.id);
  });
}
