import type {
  QueryAuditEventsBody,
  QueryAuditEventsResponse,
} from '../../contracts/audit-events.js';
import { parseTimestamp } from '../../lib/timestamps.js';
import type { AuditEventRecord, AuditPosition } from '../../store/store.js';
import type { CallContext } from '../context.js';
import { invalid } from '../errors.js';
import { decodeContinuation, encodeContinuation } from '../pagination/continuation-token.js';
import { requireGlobalPermission } from '../permissions/principal.js';

const DEFAULT_LIMIT = 128;
const MAX_LIMIT = 1024;

type TokenPayload = { minimum: string | null; maximum: string | null; after: AuditPosition };

/** Newest first; every id on the page is resolvable in the lookup tables of the response. */
export async function queryAuditEvents(
  context: CallContext,
  body: QueryAuditEventsBody,
): Promise<QueryAuditEventsResponse> {
  requireGlobalPermission(context.principal, ['audit-read', 'tenant-admin']);
  const limit = body.limit ?? DEFAULT_LIMIT;
  if (limit < 1 || limit > MAX_LIMIT) {
    throw invalid(`limit must be between 1 and ${MAX_LIMIT} (got ${limit})`);
  }
  let minimum = parseBound('filter.timestamp.minimum', body.filter?.timestamp?.minimum);
  let maximum = parseBound('filter.timestamp.maximum', body.filter?.timestamp?.maximum);
  let after: AuditPosition | undefined;
  if (body.continuation) {
    const payload = decodeContinuation(
      context.tenant.token_secret,
      'audit',
      body.continuation,
    ) as TokenPayload;
    if (
      (minimum !== null && minimum !== payload.minimum) ||
      (maximum !== null && maximum !== payload.maximum)
    ) {
      throw invalid('filter differs from the one bound in the continuation token');
    }
    minimum = payload.minimum;
    maximum = payload.maximum;
    after = payload.after;
  }
  const store = context.deps.store;
  const events = await store.audit.query({
    ...(minimum === null ? {} : { minimum }),
    ...(maximum === null ? {} : { maximum }),
    ...(after === undefined ? {} : { after }),
    limit: limit + 1,
  });
  const page = events.slice(0, limit);
  const last = page[page.length - 1];
  const continuation =
    events.length > limit && last
      ? encodeContinuation(context.tenant.token_secret, 'audit', {
          minimum,
          maximum,
          after: { timestamp: last.timestamp, event_id: last.event_id },
        } satisfies TokenPayload)
      : null;
  return { status: 'ok', ...(await lookupTables(context, page)), continuation };
}

function parseBound(path: string, value: string | undefined): string | null {
  if (value === undefined) {
    return null;
  }
  const parsed = parseTimestamp(value, { allowDateOnly: true });
  if (!parsed.ok) {
    throw invalid(`${path}: ${parsed.error}`);
  }
  return parsed.value;
}

async function lookupTables(
  context: CallContext,
  events: AuditEventRecord[],
): Promise<Omit<QueryAuditEventsResponse, 'status' | 'continuation'>> {
  const store = context.deps.store;
  const tenantId = context.tenant.id;
  const users = new Map<string, QueryAuditEventsResponse['users'][number]>();
  const projects = new Map<string, QueryAuditEventsResponse['projects'][number]>();
  const sources = new Map<string, QueryAuditEventsResponse['sources'][number]>();
  const datasets = new Map<string, QueryAuditEventsResponse['datasets'][number]>();
  const triggers = new Map<string, QueryAuditEventsResponse['triggers'][number]>();
  // Snapshots first, then current names where the entity still exists (renames show the new title).
  for (const event of events) {
    const snapshot = event.refs.snapshot;
    for (const user of snapshot.users ?? []) {
      users.set(user.id, { ...user, tenant_id: tenantId, display_name: user.username });
    }
    for (const project of snapshot.projects ?? []) {
      projects.set(project.id, { ...project, tenant_id: tenantId });
    }
    for (const source of snapshot.sources ?? []) {
      sources.set(source.id, source);
    }
    for (const dataset of snapshot.datasets ?? []) {
      datasets.set(dataset.id, dataset);
    }
    for (const trigger of snapshot.triggers ?? []) {
      triggers.set(trigger.id, trigger);
    }
  }
  for (const user of await store.users.getMany([...users.keys()])) {
    users.set(user.id, {
      id: user.id,
      tenant_id: tenantId,
      username: user.username,
      email: user.email,
      display_name: user.username,
    });
  }
  for (const source of await store.sources.getMany([...sources.keys()])) {
    sources.set(source.id, {
      id: source.id,
      name: source.name,
      title: source.title,
      project_id: source.project_id,
    });
  }
  const byName = <T extends { name: string }>(map: Map<string, T>): T[] =>
    [...map.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    audit_events: events.map((event) => ({
      event_id: event.event_id,
      event_type: event.event_type,
      timestamp: event.timestamp,
      actor_user_id: event.actor_user_id,
      actor_tenant_id: event.actor_tenant_id,
      tenant_ids: event.refs.tenant_ids,
      ...(event.refs.user_ids ? { user_ids: event.refs.user_ids } : {}),
      ...(event.refs.source_ids ? { source_ids: event.refs.source_ids } : {}),
      ...(event.refs.dataset_ids ? { dataset_ids: event.refs.dataset_ids } : {}),
      ...(event.refs.trigger_ids ? { trigger_ids: event.refs.trigger_ids } : {}),
      ...(event.refs.project_ids ? { project_ids: event.refs.project_ids } : {}),
    })),
    tenants: [{ id: tenantId, name: context.tenant.name }],
    users: [...users.values()].sort((a, b) => (a.username < b.username ? -1 : 1)),
    projects: byName(projects),
    datasets: byName(datasets),
    sources: byName(sources),
    triggers: byName(triggers),
  };
}
