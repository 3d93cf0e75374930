import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type CallResult, type TestApp } from '../helpers/test-app.js';

// api.md §3.8: who may call which route. Every row is a user holding one permission (or one small set) on
// project `alpha` only; `beta` exists but is never granted, so it must stay invisible (§3.8.3, §9 #29).

/** The project permission strings Sift interprets (api.md §3.8.1, `triggers-*` spelling). */
const INTERPRETED = [
  'sources-read',
  'sources-read-sensitive',
  'sources-add-comments',
  'sources-admin',
  'sources-translate',
  'voc-readonly',
  'voc',
  'datasets-review',
  'datasets-admin',
  'datasets-model-admin',
  'datasets-export',
  'triggers-read',
  'triggers-write',
  'triggers-consume',
  'triggers-admin',
  'users-read',
  'users-write',
  'buckets-read',
  'buckets-items-read',
  'buckets-append',
  'buckets-write',
  'integrations-read',
  'integrations-write',
] as const;

const DATASETS_ADMIN = [
  'datasets-admin',
  'voc',
  'voc-readonly',
  'datasets-review',
  'datasets-model-admin',
  'datasets-export',
];
const SOURCES_ADMIN = ['sources-admin', 'sources-add-comments', 'sources-read'];
/** Sift's "project admin" without a role or global permission: all three of these (api.md §5.2). */
const PROJECT_ADMIN_SET = ['sources-admin', 'datasets-admin', 'users-write'];

type Row = {
  name: string;
  /** Stored `organisation_permissions.alpha` (empty: no permission at all on the project). */
  alpha: string[];
  global?: string[];
  /** Effective interpreted permissions on `alpha`, worked out by hand from api.md §3.8.2. */
  effective: readonly string[];
};

const ROWS: Row[] = [
  { name: 'no permission at all', alpha: [], effective: [] },
  { name: 'sources-read', alpha: ['sources-read'], effective: ['sources-read'] },
  {
    name: 'sources-add-comments',
    alpha: ['sources-add-comments'],
    effective: ['sources-add-comments', 'sources-read'],
  },
  { name: 'sources-admin', alpha: ['sources-admin'], effective: SOURCES_ADMIN },
  { name: 'voc-readonly', alpha: ['voc-readonly'], effective: ['voc-readonly'] },
  { name: 'users-read', alpha: ['users-read'], effective: ['users-read'] },
  { name: 'users-write', alpha: ['users-write'], effective: ['users-write', 'users-read'] },
  { name: 'datasets-admin', alpha: ['datasets-admin'], effective: DATASETS_ADMIN },
  { name: 'role-cm-project-admin', alpha: ['role-cm-project-admin'], effective: INTERPRETED },
  {
    name: 'role-cm-viewer',
    alpha: ['role-cm-viewer'],
    effective: ['voc-readonly', 'sources-read', 'triggers-read'],
  },
  {
    name: 'streams-read (alias of triggers-read)',
    alpha: ['streams-read'],
    effective: ['triggers-read'],
  },
  {
    name: 'streams-admin (alias of triggers-admin)',
    alpha: ['streams-admin'],
    effective: ['triggers-admin', 'triggers-write', 'triggers-consume', 'triggers-read'],
  },
  {
    // datasets-admin arrives through the role, the other two directly: still a project admin.
    name: 'role-cm-model-trainer + sources-admin + users-write',
    alpha: ['role-cm-model-trainer', 'sources-admin', 'users-write'],
    effective: [...DATASETS_ADMIN, ...SOURCES_ADMIN, 'users-write', 'users-read'],
  },
  { name: 'global projects-admin', alpha: [], global: ['projects-admin'], effective: [] },
  { name: 'global audit-read', alpha: [], global: ['audit-read'], effective: [] },
  { name: 'global tenant-admin', alpha: [], global: ['tenant-admin'], effective: INTERPRETED },
  {
    name: 'global role-cm-tenant-admin',
    alpha: [],
    global: ['role-cm-tenant-admin'],
    effective: INTERPRETED,
  },
];

function tenantWide(row: Row): boolean {
  return (row.global ?? []).some((permission) =>
    ['root', 'tenant-admin', 'role-cm-tenant-admin'].includes(permission),
  );
}

function visible(row: Row): boolean {
  return tenantWide(row) || row.alpha.length > 0;
}

function holds(row: Row, permission: string): boolean {
  return row.effective.includes(permission);
}

function holdsGlobal(row: Row, permissions: readonly string[]): boolean {
  const held = new Set(row.global ?? []);
  if (held.has('role-cm-tenant-admin')) {
    held.add('tenant-admin');
  }
  return held.has('root') || permissions.some((permission) => held.has(permission));
}

/** What a route requires (api.md §5.1–§5.4, §5.13, §8). */
type Need =
  | { kind: 'token' }
  | { kind: 'member' }
  | { kind: 'project'; permission: string }
  | { kind: 'project-admin' }
  | { kind: 'global'; permissions: readonly string[] }
  /** Another user is visible only through users-read on a project of theirs (api.md §5.3). */
  | { kind: 'user-visible' }
  /** A project's user administration: the target must be visible (users-read), the change needs users-write. */
  | { kind: 'user-admin' }
  /** Granting permissions on a project needs users-write there; the project name is in the body. */
  | { kind: 'grant' };

/** `200`, `404`, or `403 naming <one of these>`. */
type Outcome = { status: 200 | 403 | 404; names?: readonly string[] };

function expected(row: Row, need: Need): Outcome {
  const forbidden = (names: readonly string[]): Outcome => ({ status: 403, names });
  switch (need.kind) {
    case 'token':
      return { status: 200 };
    case 'member':
      return { status: visible(row) ? 200 : 404 };
    case 'project':
      if (!visible(row)) {
        return { status: 404 };
      }
      return holds(row, need.permission) ? { status: 200 } : forbidden([need.permission]);
    case 'project-admin': {
      if (!visible(row)) {
        return { status: 404 };
      }
      const missing = PROJECT_ADMIN_SET.filter((permission) => !holds(row, permission));
      return missing.length === 0 || holdsGlobal(row, ['projects-admin'])
        ? { status: 200 }
        : forbidden(missing);
    }
    case 'global':
      return holdsGlobal(row, need.permissions) ? { status: 200 } : forbidden(need.permissions);
    case 'user-visible':
      return { status: holds(row, 'users-read') ? 200 : 404 };
    case 'user-admin':
      if (!holds(row, 'users-read')) {
        return { status: 404 };
      }
      return holds(row, 'users-write') ? { status: 200 } : forbidden(['users-write']);
    case 'grant':
      return holds(row, 'users-write') ? { status: 200 } : forbidden(['users-write']);
  }
}

/** Per-row fixtures: things a successful call may consume (deleted sources, projects, users). */
type RowFixture = {
  index: number;
  userId: string;
  token: string;
  doomedByIdSourceId: string;
  victimId: string;
};

type Fixture = {
  inboxId: string;
  secretId: string;
  /** Holds sources-read on alpha and beta; the target of the user routes. */
  memberId: string;
};

type RouteCase = {
  family: string;
  need: Need;
  request(fixture: Fixture, row: RowFixture): { method: string; url: string; body?: unknown };
};

// Ordered so that nothing a later case needs has been consumed; the caller's own token changes last.
const ROUTES: RouteCase[] = [
  {
    family: 'list sources',
    need: { kind: 'token' },
    request: () => ({ method: 'GET', url: '/api/v1/sources' }),
  },
  {
    family: 'list sources of a project',
    need: { kind: 'project', permission: 'sources-read' },
    request: () => ({ method: 'GET', url: '/api/v1/sources/alpha' }),
  },
  {
    family: 'get source by name',
    need: { kind: 'project', permission: 'sources-read' },
    request: () => ({ method: 'GET', url: '/api/v1/sources/alpha/inbox' }),
  },
  {
    family: 'get source by encoded full name',
    need: { kind: 'project', permission: 'sources-read' },
    request: () => ({ method: 'GET', url: '/api/v1/sources/alpha%2Finbox' }),
  },
  {
    family: 'get source by id',
    need: { kind: 'project', permission: 'sources-read' },
    request: (f) => ({ method: 'GET', url: `/api/v1/sources/id:${f.inboxId}` }),
  },
  {
    family: 'create source',
    need: { kind: 'project', permission: 'sources-admin' },
    request: (_f, r) => ({
      method: 'PUT',
      url: `/api/v1/sources/alpha/created-${r.index}`,
      body: { source: {} },
    }),
  },
  {
    family: 'update source',
    need: { kind: 'project', permission: 'sources-admin' },
    request: (_f, r) => ({
      method: 'POST',
      url: '/api/v1/sources/alpha/inbox',
      body: { source: { title: `by row ${r.index}` } },
    }),
  },
  {
    family: 'delete source by name',
    need: { kind: 'project', permission: 'sources-admin' },
    request: (_f, r) => ({
      method: 'DELETE',
      url: `/api/v1/sources/alpha/doomed-by-name-${r.index}`,
    }),
  },
  {
    family: 'delete source by id',
    need: { kind: 'project', permission: 'sources-admin' },
    request: (_f, r) => ({ method: 'DELETE', url: `/api/v1/sources/id:${r.doomedByIdSourceId}` }),
  },
  {
    family: 'get project',
    need: { kind: 'member' },
    request: () => ({ method: 'GET', url: '/api/_private/projects/alpha' }),
  },
  {
    family: 'project resource counts',
    need: { kind: 'member' },
    request: () => ({ method: 'GET', url: '/api/_private/projects/alpha/resource_counts' }),
  },
  {
    family: 'update project',
    need: { kind: 'project-admin' },
    request: () => ({
      method: 'POST',
      url: '/api/_private/projects/alpha',
      body: { project: { description: 'd' } },
    }),
  },
  {
    // Each row holds on `gone-<i>` exactly what it holds on alpha.
    family: 'delete project',
    need: { kind: 'project-admin' },
    request: (_f, r) => ({ method: 'DELETE', url: `/api/_private/projects/gone-${r.index}` }),
  },
  {
    family: 'create project',
    need: { kind: 'global', permissions: ['projects-admin', 'tenant-admin'] },
    request: (_f, r) => ({
      method: 'PUT',
      url: `/api/_private/projects/new-${r.index}`,
      body: { user_ids: [] },
    }),
  },
  {
    family: 'list users',
    need: { kind: 'token' },
    request: () => ({ method: 'GET', url: '/api/_private/users' }),
  },
  {
    family: 'list users (reduced shape)',
    need: { kind: 'token' },
    request: () => ({ method: 'GET', url: '/api/v1/users' }),
  },
  {
    family: 'get own user',
    need: { kind: 'token' },
    request: (_f, r) => ({ method: 'GET', url: `/api/_private/users/${r.userId}` }),
  },
  {
    family: 'get another user',
    need: { kind: 'user-visible' },
    request: (f) => ({ method: 'GET', url: `/api/_private/users/${f.memberId}` }),
  },
  {
    family: 'update another user',
    need: { kind: 'user-admin' },
    request: (f) => ({
      method: 'POST',
      url: `/api/_private/users/${f.memberId}`,
      body: { user: { organisation_permissions: { alpha: ['sources-read'] } } },
    }),
  },
  {
    family: 'send a welcome email',
    need: { kind: 'user-admin' },
    request: (f) => ({
      method: 'POST',
      url: `/api/_private/users/${f.memberId}/welcome-email`,
      body: {},
    }),
  },
  {
    family: 'create user',
    need: { kind: 'grant' },
    request: (_f, r) => ({
      method: 'PUT',
      url: '/api/_private/users',
      body: {
        user: {
          username: `hired-${r.index}`,
          email: `hired-${r.index}@example.com`,
          organisation_permissions: { alpha: ['sources-read'] },
        },
      },
    }),
  },
  {
    family: 'delete user',
    need: { kind: 'global', permissions: ['tenant-admin'] },
    request: (_f, r) => ({ method: 'DELETE', url: `/api/_private/users/${r.victimId}` }),
  },
  {
    family: "issue another user's api token",
    need: { kind: 'global', permissions: ['tenant-admin'] },
    request: (f) => ({
      method: 'POST',
      url: `/api/_private/users/${f.memberId}/api-token`,
      body: {},
    }),
  },
  {
    family: 'query audit events',
    need: { kind: 'global', permissions: ['audit-read', 'tenant-admin'] },
    request: () => ({ method: 'POST', url: '/api/v1/audit_events/query', body: {} }),
  },
  {
    family: 'get current user',
    need: { kind: 'token' },
    request: () => ({ method: 'GET', url: '/auth/user' }),
  },
  {
    family: 'refresh permissions',
    need: { kind: 'token' },
    request: () => ({ method: 'POST', url: '/auth/refresh-user-permissions', body: {} }),
  },
  {
    family: 'regenerate own api token',
    need: { kind: 'token' },
    request: () => ({ method: 'POST', url: '/auth/api-token', body: {} }),
  },
];

/** `200`, `404` or `403 naming '<permission>'`: what a client can tell from the response. */
function observe(response: CallResult): string {
  if (response.statusCode !== 403) {
    return String(response.statusCode);
  }
  const named = /Missing (?:global )?permission '([^']+)'/.exec(response.body.message ?? '');
  return `403 naming '${named?.[1] ?? '(nothing)'}'`;
}

function describeOutcome(outcome: Outcome): unknown {
  if (outcome.status !== 403) {
    return String(outcome.status);
  }
  const names = (outcome.names ?? []).join('|');
  return expect.stringMatching(new RegExp(`^403 naming '(${names})'$`));
}

describe('permission matrix', () => {
  let sift: TestApp;
  let fixture: Fixture;
  const rows = new Map<string, RowFixture>();

  async function ok(method: string, url: string, body?: unknown): Promise<CallResult> {
    const response = await sift.call(method, url, body === undefined ? {} : { body });
    expect(response.statusCode, `${method} ${url}: ${response.body.message}`).toBe(200);
    return response;
  }

  beforeAll(async () => {
    sift = await startTestApp();
    for (const project of ['alpha', 'beta']) {
      await ok('PUT', `/api/_private/projects/${project}`, { user_ids: [] });
    }
    const inbox = await ok('PUT', '/api/v1/sources/alpha/inbox', { source: {} });
    const secret = await ok('PUT', '/api/v1/sources/beta/secret', { source: {} });
    const member = await ok('PUT', '/api/_private/users', {
      user: {
        username: 'member',
        email: 'member@example.com',
        organisation_permissions: { alpha: ['sources-read'], beta: ['sources-read'] },
      },
    });
    fixture = {
      inboxId: (inbox.body['source'] as { id: string }).id,
      secretId: (secret.body['source'] as { id: string }).id,
      memberId: (member.body['user'] as { id: string }).id,
    };
    for (const [index, row] of ROWS.entries()) {
      await ok('PUT', `/api/_private/projects/gone-${index}`, { user_ids: [] });
      await ok('PUT', `/api/v1/sources/alpha/doomed-by-name-${index}`, { source: {} });
      const doomed = await ok('PUT', `/api/v1/sources/alpha/doomed-by-id-${index}`, { source: {} });
      const victim = await ok('PUT', '/api/_private/users', {
        user: { username: `victim-${index}`, email: `victim-${index}@example.com` },
      });
      const granted =
        row.alpha.length > 0 ? { alpha: row.alpha, [`gone-${index}`]: row.alpha } : {};
      const user = await ok('PUT', '/api/_private/users', {
        user: {
          username: `row-${index}`,
          email: `row-${index}@example.com`,
          global_permissions: row.global ?? [],
          organisation_permissions: granted,
        },
      });
      const userId = (user.body['user'] as { id: string }).id;
      const issued = await ok('POST', `/api/_private/users/${userId}/api-token`, {});
      rows.set(row.name, {
        index,
        userId,
        token: issued.body['token'] as string,
        doomedByIdSourceId: (doomed.body['source'] as { id: string }).id,
        victimId: (victim.body['user'] as { id: string }).id,
      });
    }
  });
  afterAll(async () => {
    await sift.close();
  });

  it('answers every route family with 401 without a token or with an unknown one', async () => {
    const row = rows.get('no permission at all')!;
    for (const route of ROUTES) {
      const { method, url, body } = route.request(fixture, row);
      const missing = await sift.call(method, url, { token: null, body });
      expect([route.family, missing.statusCode, missing.body.message]).toEqual([
        route.family,
        401,
        'Missing API token',
      ]);
      const unknown = await sift.call(method, url, { token: 'sift_not-a-token-of-anyone', body });
      expect([route.family, unknown.statusCode, unknown.body.message]).toEqual([
        route.family,
        401,
        'Invalid API token',
      ]);
    }
  });

  describe.each(ROWS)('a user with $name', (row) => {
    it('shows the effective permissions of api.md §3.8.2 on /auth/user', async () => {
      const { token } = rows.get(row.name)!;
      const me = await sift.call('GET', '/auth/user', { token });
      const user = me.body['user'] as {
        organisation_permissions: Record<string, string[]>;
        derived_organisation_permissions: Record<string, string[]>;
        derived_global_permissions: string[];
      };
      // Stored lists round-trip verbatim (aliases and role names included).
      expect(user.organisation_permissions['alpha'] ?? []).toEqual(row.alpha);
      if (tenantWide(row)) {
        expect(user.derived_global_permissions).toContain('tenant-admin');
        return;
      }
      const derived = (user.derived_organisation_permissions['alpha'] ?? []).filter((permission) =>
        (INTERPRETED as readonly string[]).includes(permission),
      );
      expect(derived.sort()).toEqual([...row.effective].sort());
    });

    it('lists only the sources, projects and users its permissions reveal', async () => {
      const { token, userId } = rows.get(row.name)!;
      const sources = await sift.call('GET', '/api/v1/sources', { token });
      const owners = [
        ...new Set((sources.body['sources'] as { owner: string }[]).map((source) => source.owner)),
      ];
      const readable = tenantWide(row)
        ? ['alpha', 'beta']
        : holds(row, 'sources-read')
          ? ['alpha']
          : [];
      expect(owners).toEqual(readable);

      const projects = await sift.call('GET', '/api/v1/projects', { token });
      const names = (projects.body['projects'] as { name: string }[])
        .map((project) => project.name)
        .filter((name) => name === 'alpha' || name === 'beta');
      expect(names).toEqual(tenantWide(row) ? ['alpha', 'beta'] : visible(row) ? ['alpha'] : []);

      const users = await sift.call('GET', '/api/_private/users', { token });
      const listed = users.body['users'] as {
        id: string;
        organisation_permissions: Record<string, string[]>;
      }[];
      expect(listed.some((user) => user.id === userId)).toBe(true);
      const member = listed.find((user) => user.id === fixture.memberId);
      if (tenantWide(row)) {
        expect(member?.organisation_permissions).toEqual({
          alpha: ['sources-read'],
          beta: ['sources-read'],
        });
      } else if (holds(row, 'users-read')) {
        // Only the projects where the caller holds users-read (api.md §5.3).
        expect(member?.organisation_permissions).toEqual({ alpha: ['sources-read'] });
      } else {
        expect(member).toBeUndefined();
      }
    });

    it('gets 200, 403 naming the missing permission, or 404 from every route family', async () => {
      const state = rows.get(row.name)!;
      const actual: Record<string, string> = {};
      const wanted: Record<string, unknown> = {};
      for (const route of ROUTES) {
        const { method, url, body } = route.request(fixture, state);
        const response = await sift.call(method, url, {
          token: state.token,
          ...(body === undefined ? {} : { body }),
        });
        actual[route.family] = observe(response);
        wanted[route.family] = describeOutcome(expected(row, route.need));
        if (route.family === 'regenerate own api token' && response.statusCode === 200) {
          state.token = response.body['token'] as string;
        }
      }
      expect(actual).toEqual(wanted);
      // The regenerated token is the one that works now.
      expect((await sift.call('GET', '/auth/user', { token: state.token })).statusCode).toBe(200);
    });
  });

  // Tenant-wide callers see beta like any project (checked by the list test above).
  describe.each(ROWS.filter((row) => !tenantWide(row)))(
    'cross-project access for a user with $name',
    (row) => {
      it('cannot tell a hidden project or source in beta from a missing one', async () => {
        const { token } = rows.get(row.name)!;
        const unknownId =
          fixture.secretId === '0123456789abcdef' ? 'fedcba9876543210' : '0123456789abcdef';
        // Each pair: the hidden existing resource, and the same request for one that does not exist.
        const pairs: [string, string, string, unknown?][] = [
          ['GET', '/api/v1/sources/beta/secret', '/api/v1/sources/ghost/secret'],
          ['GET', '/api/v1/sources/beta%2Fsecret', '/api/v1/sources/ghost%2Fsecret'],
          ['GET', `/api/v1/sources/id:${fixture.secretId}`, `/api/v1/sources/id:${unknownId}`],
          ['GET', '/api/v1/sources/beta', '/api/v1/sources/ghost'],
          ['PUT', '/api/v1/sources/beta/fresh', '/api/v1/sources/ghost/fresh', { source: {} }],
          [
            'POST',
            '/api/v1/sources/beta/secret',
            '/api/v1/sources/ghost/secret',
            { source: { title: 'x' } },
          ],
          ['DELETE', '/api/v1/sources/beta/secret', '/api/v1/sources/ghost/secret'],
          ['DELETE', `/api/v1/sources/id:${fixture.secretId}`, `/api/v1/sources/id:${unknownId}`],
          ['GET', '/api/_private/projects/beta', '/api/_private/projects/ghost'],
          [
            'GET',
            '/api/_private/projects/beta/resource_counts',
            '/api/_private/projects/ghost/resource_counts',
          ],
          [
            'POST',
            '/api/_private/projects/beta',
            '/api/_private/projects/ghost',
            { project: { title: 'x' } },
          ],
          [
            'DELETE',
            '/api/_private/projects/beta?force=true',
            '/api/_private/projects/ghost?force=true',
          ],
        ];
        for (const [method, hiddenUrl, missingUrl, body] of pairs) {
          const options = { token, ...(body === undefined ? {} : { body }) };
          const hidden = await sift.call(method, hiddenUrl, options);
          const missing = await sift.call(method, missingUrl, options);
          expect([method, hiddenUrl, hidden.statusCode]).toEqual([method, hiddenUrl, 404]);
          const normalised = JSON.parse(
            JSON.stringify(missing.body)
              .replaceAll('ghost', 'beta')
              .replaceAll(unknownId, fixture.secretId),
          ) as unknown;
          expect(hidden.body).toEqual(normalised);
        }
        // Nothing in beta was touched.
        const secret = await sift.call('GET', `/api/v1/sources/id:${fixture.secretId}`);
        expect(secret.body['source']).toMatchObject({ owner: 'beta', name: 'secret', title: '' });
      });
    },
  );
});
