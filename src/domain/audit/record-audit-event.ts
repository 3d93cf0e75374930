import type { AuditEventType } from '../../contracts/audit-events.js';
import type {
  AuditRefs,
  TenantRecord,
  DatasetRecord,
  ProjectRecord,
  SourceRecord,
  Store,
  StreamRecord,
  UserRecord,
} from '../../store/store.js';
import type { CallContext } from '../context.js';
import type { Deps } from '../deps.js';
import { now } from '../time.js';

export type AuditSubjects = {
  users?: readonly UserRecord[];
  projects?: readonly ProjectRecord[];
  sources?: readonly SourceRecord[];
  datasets?: readonly DatasetRecord[];
  streams?: readonly StreamRecord[];
};

/**
 * Records one audit event inside the caller's transaction, with a snapshot of every referenced entity's
 * name so the event stays resolvable after the entity is deleted (api.md §5.13).
 */
export async function recordAuditEvent(
  store: Store,
  context: CallContext,
  eventType: AuditEventType,
  subjects: AuditSubjects,
): Promise<void> {
  const actor = await store.users.getById(context.principal.userId);
  const users = dedupe([...(actor ? [actor] : []), ...(subjects.users ?? [])]);
  const sources = subjects.sources ?? [];
  const datasets = subjects.datasets ?? [];
  const refs: AuditRefs = {
    tenant_ids: [context.tenant.id],
    snapshot: {
      users: users.map((user) => ({ id: user.id, username: user.username, email: user.email })),
      projects: dedupe([
        ...(subjects.projects ?? []).map((project) => ({ id: project.id, name: project.name })),
        ...sources.map((source) => ({ id: source.project_id, name: source.owner })),
        ...datasets.map((dataset) => ({ id: dataset.project_id, name: dataset.owner })),
      ]),
      sources: sources.map((source) => ({
        id: source.id,
        name: source.name,
        title: source.title,
        project_id: source.project_id,
      })),
      datasets: datasets.map((dataset) => ({
        id: dataset.id,
        name: dataset.name,
        title: dataset.title,
        project_id: dataset.project_id,
      })),
    },
  };
  if (subjects.users?.length) {
    refs.user_ids = subjects.users.map((user) => user.id);
  }
  const projectIds = refs.snapshot.projects?.map((project) => project.id) ?? [];
  if (projectIds.length > 0) {
    refs.project_ids = projectIds;
  }
  if (sources.length > 0) {
    refs.source_ids = sources.map((source) => source.id);
  }
  if (datasets.length > 0) {
    refs.dataset_ids = datasets.map((dataset) => dataset.id);
  }
  const streams = subjects.streams ?? [];
  if (streams.length > 0) {
    refs.trigger_ids = streams.map((stream) => stream.id);
    refs.snapshot.triggers = streams.map((stream) => ({
      id: stream.id,
      name: stream.name,
      title: stream.title,
      dataset_id: stream.dataset_id,
    }));
  }
  await store.audit.insert({
    event_id: context.deps.ids.next(),
    event_type: eventType,
    timestamp: now(context.deps),
    actor_user_id: context.principal.userId,
    actor_tenant_id: context.tenant.id,
    refs,
  });
}

function dedupe<T extends { id: string }>(items: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items) {
    if (!seen.has(item.id)) {
      seen.set(item.id, item);
    }
  }
  return [...seen.values()];
}

/** The actor of events no user can be named for; resolvable through the event's own snapshot. */
export const ANONYMOUS_ACTOR = { id: '0000000000000000', username: 'anonymous', email: '' };

/**
 * A request presented a token that matches no user (issue 20 #8). There is no user to name, so the
 * actor is `anonymous`; the caller's address goes to the log line, which the audit schema has no
 * field for.
 */
export async function recordFailedSignIn(deps: Deps, tenant: TenantRecord): Promise<void> {
  await deps.store.audit.insert({
    event_id: deps.ids.next(),
    event_type: 'sign_in_failed' satisfies AuditEventType,
    timestamp: now(deps),
    actor_user_id: ANONYMOUS_ACTOR.id,
    actor_tenant_id: tenant.id,
    refs: { tenant_ids: [tenant.id], snapshot: { users: [ANONYMOUS_ACTOR] } },
  });
}
