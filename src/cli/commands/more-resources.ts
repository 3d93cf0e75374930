import { log, type Io } from '../io.js';
import { COMMENT_KEYS, USER_KEYS, pick, printJsonLines, printTable, tableTime } from '../output.js';
import { parseResourceRef, type Session } from '../session.js';

type Json = Record<string, unknown>;

/** `auth refresh` (cli.md §3.4). */
export async function authRefresh(io: Io, session: Session): Promise<void> {
  const result = await session.client.request<{ permissions_refreshed?: boolean | null }>(
    'POST',
    ['auth', 'refresh-user-permissions'],
    { body: {}, retry: true },
  );
  if (result.permissions_refreshed === null || result.permissions_refreshed === undefined) {
    throw new Error('Permissions refresh not relevant for user');
  }
  log(io, 'I', 'Permissions Refreshed');
}

/** `get users`: filtering by project and permission happens client-side, as in `re` (cli.md §5.1). */
export async function getUsers(
  io: Io,
  session: Session,
  options: { user?: string; project?: string; permission?: string },
): Promise<void> {
  if (options.permission !== undefined && options.project === undefined) {
    throw new Error('You cannot filter on `permission` without a `project`');
  }
  if (options.user !== undefined && !/^[0-9a-f]+$/.test(options.user)) {
    throw new Error(
      `Expected a user id (usernames and emails are not supported), got: ${options.user}`,
    );
  }
  let users =
    options.user === undefined
      ? (await session.client.request<{ users: Json[] }>('GET', ['api', '_private', 'users'])).users
      : [
          (
            await session.client.request<{ user: Json }>('GET', [
              'api',
              '_private',
              'users',
              options.user,
            ])
          ).user,
        ];
  if (options.project !== undefined) {
    const project = options.project;
    users = users.filter((user) => {
      const held = (user['organisation_permissions'] as Record<string, string[]>)[project];
      return (
        held !== undefined &&
        (options.permission === undefined || held.includes(options.permission))
      );
    });
  }
  if (session.output === 'json') {
    printJsonLines(
      io,
      users.map((user) => pick(user, USER_KEYS)),
    );
    return;
  }
  printTable(
    io,
    ['Name', 'Email', 'ID', 'Created (UTC)', 'Global Permissions'],
    users.map((user) => [
      String(user['username']),
      String(user['email']),
      String(user['id']),
      tableTime(user['created']),
      [
        ...(user['global_permissions'] as string[]),
        ...(user['sso_global_permissions'] as string[]),
      ].join(', '),
    ]),
  );
}

export async function getBuckets(io: Io, session: Session): Promise<void> {
  const { buckets } = await session.client.request<{ buckets: Json[] }>('GET', [
    'api',
    '_private',
    'buckets',
  ]);
  if (session.output === 'json') {
    printJsonLines(
      io,
      buckets.map((bucket) => pick(bucket, ['id', 'name', 'owner', 'created_at'])),
    );
    return;
  }
  printTable(
    io,
    ['Name', 'ID', 'Created (UTC)', 'Num Emails'],
    buckets.map((bucket) => [
      `${String(bucket['owner'])}/${String(bucket['name'])}`,
      String(bucket['id']),
      tableTime(bucket['created_at']),
      'none',
    ]),
  );
}

type AuditPage = {
  audit_events: Json[];
  tenants: Json[];
  users: Json[];
  projects: Json[];
  datasets: Json[];
  continuation: string | null;
};

/** `get audit-events`: every page, each event resolved against the page's lookup tables. */
export async function getAuditEvents(
  io: Io,
  session: Session,
  options: { minimum?: string; maximum?: string },
): Promise<void> {
  const resolved: Json[] = [];
  let continuation: string | null = null;
  do {
    const page: AuditPage = await session.client.request<AuditPage>(
      'POST',
      ['api', 'v1', 'audit_events', 'query'],
      {
        body: {
          filter: {
            timestamp: {
              ...(options.minimum === undefined ? {} : { minimum: options.minimum }),
              ...(options.maximum === undefined ? {} : { maximum: options.maximum }),
            },
          },
          ...(continuation === null ? {} : { continuation }),
        },
        retry: true,
      },
    );
    const name = (table: Json[], id: unknown, key = 'name'): string => {
      const value = table.find((entry) => entry['id'] === id)?.[key];
      return typeof value === 'string' ? value : 'unknown';
    };
    for (const event of page.audit_events) {
      resolved.push({
        actor_email: name(page.users, event['actor_user_id'], 'email'),
        actor_tenant_name: name(page.tenants, event['actor_tenant_id']),
        event_type: event['event_type'],
        dataset_names: ((event['dataset_ids'] as string[] | undefined) ?? []).map((id) =>
          name(page.datasets, id),
        ),
        event_id: event['event_id'],
        project_names: ((event['project_ids'] as string[] | undefined) ?? []).map((id) =>
          name(page.projects, id),
        ),
        tenant_names: ((event['tenant_ids'] as string[] | undefined) ?? []).map((id) =>
          name(page.tenants, id),
        ),
        timestamp: event['timestamp'],
      });
    }
    continuation = page.continuation;
  } while (continuation !== null);
  if (session.output === 'json') {
    printJsonLines(
      io,
      resolved.map((event) =>
        pick(event, [
          'actor_email',
          'actor_tenant_name',
          'event_type',
          'dataset_names',
          'event_id',
          'project_names',
          'tenant_names',
          'timestamp',
        ]),
      ),
    );
    return;
  }
  const joined = (values: unknown) =>
    (values as string[]).length === 0 ? 'none' : (values as string[]).join(' & ');
  printTable(
    io,
    [
      'Timestamp',
      'Event Id',
      'Event Type',
      'Actor Email',
      'Actor Tenant',
      'Dataset Names',
      'Project Names',
      'Tenant Names',
    ],
    resolved.map((event) => [
      tableTime(event['timestamp']),
      String(event['event_id']),
      String(event['event_type']),
      String(event['actor_email']),
      String(event['actor_tenant_name']),
      joined(event['dataset_names']),
      joined(event['project_names']),
      joined(event['tenant_names']),
    ]),
  );
}

async function sourcePath(session: Session, ref: string): Promise<string[]> {
  const { source } = await session.client.request<{ source: Json }>('GET', [
    'api',
    'v1',
    'sources',
    ...parseResourceRef('source', ref),
  ]);
  return [String(source['owner']), String(source['name'])];
}

/** `get comment <ID> --source <SOURCE>`: one line `{"comment": …}`. */
export async function getComment(
  io: Io,
  session: Session,
  id: string,
  source: string,
): Promise<void> {
  const path = await sourcePath(session, source);
  const { comment } = await session.client.request<{ comment: Json }>(
    'GET',
    ['api', 'v1', 'sources', ...path, 'comments', id],
    {
      query: { include_markup: true },
    },
  );
  io.stdout.write(`${JSON.stringify({ comment: pick(comment, COMMENT_KEYS) })}\n`);
}

/** `delete comments -s <SOURCE> <ID>...`, at most 128 ids per request. */
export async function deleteComments(
  io: Io,
  session: Session,
  source: string,
  ids: readonly string[],
): Promise<void> {
  const path = await sourcePath(session, source);
  for (let start = 0; start < ids.length; start += 128) {
    await session.client.request('DELETE', ['api', 'v1', 'sources', ...path, 'comments'], {
      query: { id: ids.slice(start, start + 128) },
    });
  }
  log(io, 'I', 'Deleted comments.');
}
