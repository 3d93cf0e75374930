import { queryAuditEventsRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { CliError } from '../errors.js';
import type { Io } from '../io.js';
import { tableTimestamp } from '../json-output.js';
import { auditEventModel, isRecord, type Json } from '../models.js';
import { dim, printResources, type Cell } from '../output.js';

export type GetAuditEventsArgs = WithGlobals<{ minimum?: string; maximum?: string }>;

function lookup(table: unknown, id: unknown, key: string, kind: string): string {
  const entry = (Array.isArray(table) ? (table as unknown[]) : []).find(
    (candidate) => isRecord(candidate) && candidate['id'] === id,
  );
  if (!isRecord(entry)) {
    throw new CliError(`Could not get ${kind} for id \`${String(id)}\``);
  }
  return String(entry[key]);
}

function ids(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Each event resolved against the lookup tables of its page (api.md §5.13). */
function resolve(page: Json, event: Json): Json {
  return {
    actor_email: lookup(page['users'], event['actor_user_id'], 'email', 'user'),
    actor_tenant_name: lookup(page['tenants'], event['actor_tenant_id'], 'name', 'tenant'),
    event_type: event['event_type'],
    dataset_names: ids(event['dataset_ids']).map((id) =>
      lookup(page['datasets'], id, 'name', 'dataset'),
    ),
    event_id: event['event_id'],
    project_names: ids(event['project_ids']).map((id) =>
      lookup(page['projects'], id, 'name', 'project'),
    ),
    tenant_names: ids(event['tenant_ids']).map((id) =>
      lookup(page['tenants'], id, 'name', 'tenant'),
    ),
    timestamp: event['timestamp'],
  };
}

function joined(values: unknown): Cell {
  const names = Array.isArray(values) ? values.map(String) : [];
  return names.length === 0 ? dim('none') : names.join(' & ');
}

/** `get audit-events [-m MIN] [-M MAX]`: every page until no continuation (cli.md §5.1). */
export async function run(args: GetAuditEventsArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'read', async (session) => {
    const events: Json[] = [];
    let continuation: string | null = null;
    for (;;) {
      const page: Json = await session.client.request(queryAuditEventsRoute, {
        body: {
          filter: {
            timestamp: {
              ...(args.minimum === undefined ? {} : { minimum: args.minimum }),
              ...(args.maximum === undefined ? {} : { maximum: args.maximum }),
            },
          },
          ...(continuation === null ? {} : { continuation }),
        },
      });
      for (const event of ids(page['audit_events'])) {
        if (isRecord(event)) {
          events.push(resolve(page, event));
        }
      }
      const next = page['continuation'];
      if (typeof next !== 'string' || next === '') {
        break;
      }
      session.log.info(`Downloaded ${events.length} events`);
      continuation = next;
    }
    printResources(session.io, session.output, events, {
      headers: [
        'Timestamp',
        'Event Id',
        'Event Type',
        'Actor Email',
        'Actor Tenant',
        'Dataset Names',
        'Project Names',
        'Tenant Names',
      ],
      model: auditEventModel,
      row: (event) => [
        tableTimestamp(event['timestamp']),
        String(event['event_id']),
        String(event['event_type']),
        String(event['actor_email']),
        String(event['actor_tenant_name']),
        joined(event['dataset_names']),
        joined(event['project_names']),
        joined(event['tenant_names']),
      ],
    });
  });
}
