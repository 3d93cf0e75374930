import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type CallResult, type TestApp } from '../helpers/test-app.js';

// api.md §5.2 (projects), §5.3 (users), §8 (tokens) and §5.13 (audit events) as a client sees them.

/** The project permissions Sift grants on project creation: everything of §3.8.1, `triggers-*` spelling. */
const FULL_PROJECT_PERMISSIONS = [
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
];

type User = {
  id: string;
  username: string;
  email: string;
  global_permissions: string[];
  organisation_permissions: Record<string, string[]>;
  derived_organisation_permissions?: Record<string, string[]>;
  last_login_at?: string | null;
};

type AuditPage = {
  audit_events: {
    event_id: string;
    event_type: string;
    timestamp: string;
    actor_user_id: string;
    actor_tenant_id: string;
    tenant_ids: string[];
    user_ids?: string[];
    project_ids?: string[];
    source_ids?: string[];
    dataset_ids?: string[];
    trigger_ids?: string[];
  }[];
  tenants: { id: string }[];
  users: { id: string }[];
  projects: { id: string }[];
  sources: { id: string }[];
  datasets: { id: string }[];
  triggers: { id: string }[];
  continuation: string | null;
};

describe('users and projects', () => {
  let sift: TestApp;
  let adminId: string;

  async function ok(
    method: string,
    url: string,
    options: Parameters<TestApp['call']>[2] = {},
  ): Promise<CallResult> {
    const response = await sift.call(method, url, options);
    expect(response.statusCode, `${method} ${url}: ${response.body.message}`).toBe(200);
    return response;
  }

  async function createUser(
    username: string,
    organisation: Record<string, string[]> = {},
    global: string[] = [],
  ): Promise<User> {
    const response = await ok('PUT', '/api/_private/users', {
      body: {
        user: {
          username,
          email: `${username}@example.com`,
          global_permissions: global,
          organisation_permissions: organisation,
        },
      },
    });
    return response.body['user'] as User;
  }

  async function tokenFor(userId: string): Promise<string> {
    const response = await ok('POST', `/api/_private/users/${userId}/api-token`, { body: {} });
    return response.body['token'] as string;
  }

  async function getUser(userId: string, token?: string): Promise<User> {
    const response = await ok(
      'GET',
      `/api/_private/users/${userId}`,
      token === undefined ? {} : { token },
    );
    return response.body['user'] as User;
  }

  async function createProject(name: string, userIds: string[] = []): Promise<void> {
    await ok('PUT', `/api/_private/projects/${name}`, { body: { user_ids: userIds } });
  }

  beforeAll(async () => {
    sift = await startTestApp();
    adminId = ((await sift.call('GET', '/auth/user')).body['user'] as User).id;
  });
  afterAll(async () => {
    await sift.close();
  });

  describe('GET /api/_private/users', () => {
    let owner: User;
    let viewer: User;
    let mate: User;
    let viewerToken: string;

    beforeAll(async () => {
      // `owner` is the only member the projects start with, so the admin holds nothing on them.
      owner = await createUser('vis-owner');
      await createProject('vis-one', [owner.id]);
      await createProject('vis-two', [owner.id]);
      viewer = await createUser('vis-viewer', {
        'vis-one': ['users-read'],
        'vis-two': ['sources-read'],
      });
      mate = await createUser('vis-mate', { 'vis-one': ['sources-read'], 'vis-two': ['voc'] });
      await createUser('vis-stranger', { 'vis-two': ['users-read', 'sources-read'] });
      await createUser('vis-loner');
      viewerToken = await tokenFor(viewer.id);
    });

    it('shows a non-admin themselves and the users of projects where they hold users-read', async () => {
      const listed = (await ok('GET', '/api/_private/users', { token: viewerToken })).body[
        'users'
      ] as User[];
      expect(listed.map((user) => user.username)).toEqual(['vis-mate', 'vis-owner', 'vis-viewer']);
      const reduced = (await ok('GET', '/api/v1/users', { token: viewerToken })).body[
        'users'
      ] as User[];
      expect(reduced.map((user) => user.username)).toEqual(['vis-mate', 'vis-owner', 'vis-viewer']);
      expect(Object.keys(reduced[0]!).sort()).toEqual(['email', 'last_login_at', 'username']);
    });

    it("restricts other users' organisation_permissions to the projects where the caller holds users-read", async () => {
      const seen = await getUser(mate.id, viewerToken);
      expect(seen.organisation_permissions).toEqual({ 'vis-one': ['sources-read'] });
      expect(Object.keys(seen.derived_organisation_permissions ?? {})).toEqual(['vis-one']);
      expect((await getUser(owner.id, viewerToken)).organisation_permissions).toEqual({
        'vis-one': FULL_PROJECT_PERMISSIONS,
      });
      // The caller always sees all of their own projects.
      expect((await getUser(viewer.id, viewerToken)).organisation_permissions).toEqual({
        'vis-one': ['users-read'],
        'vis-two': ['sources-read'],
      });
    });

    it('answers a user the caller may not see exactly like an unknown one', async () => {
      const users = (await ok('GET', '/api/_private/users')).body['users'] as User[];
      const stranger = users.find((user) => user.username === 'vis-stranger')!;
      const hidden = await sift.call('GET', `/api/_private/users/${stranger.id}`, {
        token: viewerToken,
      });
      const unknownId =
        stranger.id === '0123456789abcdef' ? 'fedcba9876543210' : '0123456789abcdef';
      const missing = await sift.call('GET', `/api/_private/users/${unknownId}`, {
        token: viewerToken,
      });
      expect(hidden.statusCode).toBe(404);
      expect(hidden.body).toEqual(
        JSON.parse(JSON.stringify(missing.body).replaceAll(unknownId, stranger.id)),
      );
      expect(
        (await sift.call('GET', `/api/_private/users/${adminId}`, { token: viewerToken }))
          .statusCode,
      ).toBe(404);
    });

    it('shows a tenant admin every user with every project, sorted by username', async () => {
      const users = (await ok('GET', '/api/_private/users')).body['users'] as User[];
      const names = users.map((user) => user.username);
      expect(names).toEqual([...names].sort());
      expect(names).toEqual(expect.arrayContaining(['admin', 'vis-loner', 'vis-stranger']));
      expect(users.find((user) => user.id === mate.id)?.organisation_permissions).toEqual({
        'vis-one': ['sources-read'],
        'vis-two': ['voc'],
      });
    });

    it('rejects a user id that is not hex', async () => {
      const response = await sift.call('GET', '/api/_private/users/vis-mate');
      expect(response.statusCode).toBe(400);
      expect(response.body.message).toContain('vis-mate');
    });
  });

  describe('PUT /api/_private/users', () => {
    beforeAll(async () => {
      await createProject('create-target');
    });

    it('creates a user with the permissions given and without a token', async () => {
      const user = await createUser('carol', { 'create-target': ['voc', 'streams-read'] }, [
        'audit-read',
      ]);
      expect(user).toMatchObject({
        username: 'carol',
        email: 'carol@example.com',
        global_permissions: ['audit-read'],
        organisation_permissions: { 'create-target': ['voc', 'streams-read'] },
        last_login_at: null,
      });
      expect(user.id).toMatch(/^[0-9a-f]{16}$/);
    });

    it('answers 409 for a username or email already taken, comparing emails case-insensitively', async () => {
      await createUser('dave');
      const sameName = await sift.call('PUT', '/api/_private/users', {
        body: { user: { username: 'dave', email: 'other-dave@example.com' } },
      });
      expect(sameName.statusCode).toBe(409);
      expect(sameName.body.message).toContain('dave');
      const sameEmail = await sift.call('PUT', '/api/_private/users', {
        body: { user: { username: 'dave2', email: 'DAVE@Example.COM' } },
      });
      expect(sameEmail.statusCode).toBe(409);
      const users = (await ok('GET', '/api/_private/users')).body['users'] as User[];
      expect(
        users.filter((user) => user.username.startsWith('dave')).map((user) => user.username),
      ).toEqual(['dave']);
    });

    it('answers 400 for permissions on a project that does not exist, and creates nothing', async () => {
      const response = await sift.call('PUT', '/api/_private/users', {
        body: {
          user: {
            username: 'erin',
            email: 'erin@example.com',
            organisation_permissions: { nowhere: ['voc'] },
          },
        },
      });
      expect(response.statusCode).toBe(400);
      expect(response.body.message).toContain('nowhere');
      const users = (await ok('GET', '/api/_private/users')).body['users'] as User[];
      expect(users.some((user) => user.username === 'erin')).toBe(false);
    });

    it('answers 400 for an email without @', async () => {
      const response = await sift.call('PUT', '/api/_private/users', {
        body: { user: { username: 'frank', email: 'frank.example.com' } },
      });
      expect(response.statusCode).toBe(400);
      expect(response.body.message).toContain('email');
    });
  });

  describe('POST /api/_private/users/<user_id>', () => {
    beforeAll(async () => {
      await createProject('upd-one');
      await createProject('upd-two');
    });

    it('replaces the list of each project given, keeps the others and drops a project given []', async () => {
      const user = await createUser('gina', {
        'upd-one': ['voc', 'sources-read'],
        'upd-two': ['users-read'],
      });
      const replaced = await ok('POST', `/api/_private/users/${user.id}`, {
        body: { user: { organisation_permissions: { 'upd-one': ['datasets-export'] } } },
      });
      expect((replaced.body['user'] as User).organisation_permissions).toEqual({
        'upd-one': ['datasets-export'],
        'upd-two': ['users-read'],
      });
      const removed = await ok('POST', `/api/_private/users/${user.id}`, {
        body: { user: { organisation_permissions: { 'upd-two': [] } } },
      });
      expect((removed.body['user'] as User).organisation_permissions).toEqual({
        'upd-one': ['datasets-export'],
      });
      expect((await getUser(user.id)).organisation_permissions).toEqual({
        'upd-one': ['datasets-export'],
      });
    });

    it('replaces the whole list of global permissions and leaves it alone when absent', async () => {
      const user = await createUser('hank', {}, ['audit-read', 'projects-admin']);
      await ok('POST', `/api/_private/users/${user.id}`, {
        body: { user: { global_permissions: ['debug'] } },
      });
      expect((await getUser(user.id)).global_permissions).toEqual(['debug']);
      await ok('POST', `/api/_private/users/${user.id}`, {
        body: { user: { organisation_permissions: {} } },
      });
      expect((await getUser(user.id)).global_permissions).toEqual(['debug']);
    });

    it('is idempotent', async () => {
      const user = await createUser('ivy');
      const body = {
        user: {
          organisation_permissions: { 'upd-one': ['voc'] },
          global_permissions: ['audit-read'],
        },
      };
      const first = await ok('POST', `/api/_private/users/${user.id}`, { body });
      const second = await ok('POST', `/api/_private/users/${user.id}`, { body });
      expect(second.body['user']).toEqual(first.body['user']);
    });

    it('answers 400 for permissions on a project that does not exist, and changes nothing', async () => {
      const user = await createUser('jack', { 'upd-one': ['voc'] });
      const response = await sift.call('POST', `/api/_private/users/${user.id}`, {
        body: {
          user: { organisation_permissions: { 'upd-one': ['sources-read'], nowhere: ['voc'] } },
        },
      });
      expect(response.statusCode).toBe(400);
      expect(response.body.message).toContain('nowhere');
      expect((await getUser(user.id)).organisation_permissions).toEqual({ 'upd-one': ['voc'] });
    });

    it('refuses to remove root from the last user holding it', async () => {
      const response = await sift.call('POST', `/api/_private/users/${adminId}`, {
        body: { user: { global_permissions: [] } },
      });
      expect(response.statusCode).toBe(400);
      expect(response.body.message).toContain('root');
      expect((await getUser(adminId)).global_permissions).toEqual(['root']);
    });

    it('removes root from a user while another user still holds it', async () => {
      const second = await createUser('kate', {}, ['root']);
      await ok('POST', `/api/_private/users/${second.id}`, {
        body: { user: { global_permissions: [] } },
      });
      expect((await getUser(second.id)).global_permissions).toEqual([]);
    });
  });

  describe('DELETE /api/_private/users/<user_id>', () => {
    it('refuses to delete the last root user', async () => {
      const response = await sift.call('DELETE', `/api/_private/users/${adminId}`);
      expect(response.statusCode).toBe(400);
      expect(response.body.message).toContain('root');
      expect((await sift.call('GET', '/auth/user')).statusCode).toBe(200);
    });

    it('deletes a user and revokes their token', async () => {
      const user = await createUser('leo');
      const token = await tokenFor(user.id);
      expect((await sift.call('GET', '/auth/user', { token })).statusCode).toBe(200);
      await ok('DELETE', `/api/_private/users/${user.id}`);
      expect((await sift.call('GET', '/auth/user', { token })).statusCode).toBe(401);
      expect((await sift.call('GET', `/api/_private/users/${user.id}`)).statusCode).toBe(404);
    });
  });

  describe('PUT /api/_private/projects/<p>', () => {
    it('grants the listed users the full project permission set, triggers-* spelling', async () => {
      const first = await createUser('mia');
      const second = await createUser('ned');
      await createProject('granted', [first.id, second.id]);
      for (const user of [first, second]) {
        const permissions = (await getUser(user.id)).organisation_permissions['granted'] ?? [];
        expect([...permissions].sort()).toEqual([...FULL_PROJECT_PERMISSIONS].sort());
      }
      // The admin was not listed, so it gained nothing (root sees the project anyway).
      expect((await getUser(adminId)).organisation_permissions).not.toHaveProperty('granted');
      const token = await tokenFor(first.id);
      const listed = (await ok('GET', '/api/v1/projects', { token })).body['projects'] as {
        name: string;
      }[];
      expect(listed.map((project) => project.name)).toEqual(['granted']);
    });

    it('grants the caller the full set when user_ids is empty', async () => {
      const creator = await createUser('olga', {}, ['projects-admin']);
      const token = await tokenFor(creator.id);
      await ok('PUT', '/api/_private/projects/self-made', { token, body: { user_ids: [] } });
      const permissions = (await getUser(creator.id)).organisation_permissions['self-made'] ?? [];
      expect([...permissions].sort()).toEqual([...FULL_PROJECT_PERMISSIONS].sort());
      expect(
        (await sift.call('GET', '/api/_private/projects/self-made', { token })).statusCode,
      ).toBe(200);
    });

    it('answers 400 for an unknown user id and creates nothing', async () => {
      const response = await sift.call('PUT', '/api/_private/projects/orphan', {
        body: { user_ids: ['0123456789abcdef'] },
      });
      expect(response.statusCode).toBe(400);
      expect(response.body.message).toContain('0123456789abcdef');
      expect((await sift.call('GET', '/api/_private/projects/orphan')).statusCode).toBe(404);
    });

    it('answers 409 for a name that exists', async () => {
      await createProject('twice');
      const again = await sift.call('PUT', '/api/_private/projects/twice', {
        body: { user_ids: [] },
      });
      expect(again.statusCode).toBe(409);
      expect(again.body.message).toContain('twice');
    });

    it('returns the project with defaults and lists it on the very next request', async () => {
      const created = await ok('PUT', '/api/_private/projects/fresh', {
        body: { project: { title: 'Fresh' }, user_ids: [] },
      });
      expect(created.body['project']).toMatchObject({
        name: 'fresh',
        title: 'Fresh',
        description: '',
        user_auto_join: false,
      });
      const listed = (await ok('GET', '/api/_private/projects')).body['projects'] as {
        name: string;
      }[];
      expect(listed.map((project) => project.name)).toContain('fresh');
    });
  });

  describe('POST /api/_private/projects/<p>', () => {
    it('changes only the fields given and accepts an empty update', async () => {
      await ok('PUT', '/api/_private/projects/edited', {
        body: { project: { title: 'T', description: 'D' }, user_ids: [] },
      });
      const updated = await ok('POST', '/api/_private/projects/edited', {
        body: { project: { title: 'T2' } },
      });
      expect(updated.body['project']).toMatchObject({
        title: 'T2',
        description: 'D',
        user_auto_join: false,
      });
      const empty = await ok('POST', '/api/_private/projects/edited', { body: {} });
      expect(empty.body['project']).toEqual(updated.body['project']);
    });
  });

  describe('GET /api/_private/projects/<p>/resource_counts', () => {
    it('counts sources and the users holding permissions, with every documented key', async () => {
      const member = await createUser('pia');
      await createProject('counted', [member.id]);
      await createUser('quinn', { counted: ['voc'] });
      await ok('PUT', '/api/v1/sources/counted/one', { body: {} });
      await ok('PUT', '/api/v1/sources/counted/two', { body: {} });
      const counts = await ok('GET', '/api/_private/projects/counted/resource_counts');
      const { status: _status, ...keys } = counts.body;
      expect(keys).toEqual({
        buckets: 0,
        dashboards: 0,
        datasets: 0,
        integrations: 0,
        sources: 2,
        users_with_permissions: 2,
      });
    });
  });

  describe('DELETE /api/_private/projects/<p>', () => {
    it('with force deletes the sources and removes the project from every user', async () => {
      const first = await createUser('rita');
      await createProject('doomed', [first.id]);
      const second = await createUser('sam', { doomed: ['voc'], 'create-target': ['voc'] });
      const source = await ok('PUT', '/api/v1/sources/doomed/inbox', { body: {} });
      const sourceId = (source.body['source'] as { id: string }).id;

      const refused = await sift.call('DELETE', '/api/_private/projects/doomed');
      expect(refused.statusCode).toBe(409);
      expect((await sift.call('GET', '/api/v1/sources/doomed/inbox')).statusCode).toBe(200);

      await ok('DELETE', '/api/_private/projects/doomed?force=true');
      expect((await sift.call('GET', '/api/_private/projects/doomed')).statusCode).toBe(404);
      expect((await sift.call('GET', `/api/v1/sources/id:${sourceId}`)).statusCode).toBe(404);
      expect((await getUser(first.id)).organisation_permissions).toEqual({});
      expect((await getUser(second.id)).organisation_permissions).toEqual({
        'create-target': ['voc'],
      });
      // A new project of the same name starts without the old members.
      await createProject('doomed');
      expect((await getUser(second.id)).organisation_permissions).not.toHaveProperty('doomed');
    });

    it('deletes an empty project without force', async () => {
      await createProject('empty');
      await ok('DELETE', '/api/_private/projects/empty');
      expect((await sift.call('GET', '/api/_private/projects/empty')).statusCode).toBe(404);
    });
  });

  describe('POST /auth/api-token', () => {
    it("replaces the caller's own token: the old one answers 401 at once", async () => {
      const user = await createUser('tess');
      const old = await tokenFor(user.id);
      const issued = await ok('POST', '/auth/api-token', { token: old, body: {} });
      const fresh = issued.body['token'] as string;
      expect(fresh).toMatch(/^sift_[A-Za-z0-9]{43}$/);
      expect(fresh).not.toBe(old);
      expect((await sift.call('GET', '/auth/user', { token: old })).statusCode).toBe(401);
      const me = await ok('GET', '/auth/user', { token: fresh });
      expect((me.body['user'] as User).username).toBe('tess');
    });
  });

  describe('last_login_at', () => {
    it('is null until the user makes a request, then the time of it', async () => {
      const user = await createUser('uma');
      const token = await tokenFor(user.id);
      expect((await getUser(user.id)).last_login_at).toBeNull();
      const before = new Date().toISOString();
      await ok('GET', '/api/v1/projects', { token });
      const seen = (await getUser(user.id)).last_login_at;
      expect(seen).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(seen! >= before.slice(0, 19)).toBe(true);
      const reduced = (await ok('GET', '/api/v1/users')).body['users'] as User[];
      expect(reduced.find((entry) => entry.username === 'uma')?.last_login_at).toBe(seen);
    });
  });

  describe('POST /api/v1/audit_events/query', () => {
    async function query(body: Record<string, unknown>): Promise<AuditPage> {
      const response = await ok('POST', '/api/v1/audit_events/query', { body });
      const { status: _status, ...page } = response.body;
      return page as unknown as AuditPage;
    }

    /** Every id an event references, by the lookup table that must resolve it. */
    function unresolved(page: AuditPage): string[] {
      const tables: Record<string, Set<string>> = {
        tenants: new Set(page.tenants.map((entry) => entry.id)),
        users: new Set(page.users.map((entry) => entry.id)),
        projects: new Set(page.projects.map((entry) => entry.id)),
        sources: new Set(page.sources.map((entry) => entry.id)),
        datasets: new Set(page.datasets.map((entry) => entry.id)),
        triggers: new Set(page.triggers.map((entry) => entry.id)),
      };
      const missing: string[] = [];
      for (const event of page.audit_events) {
        const references: [string, string[]][] = [
          ['users', [event.actor_user_id, ...(event.user_ids ?? [])]],
          ['tenants', [event.actor_tenant_id, ...event.tenant_ids]],
          ['projects', event.project_ids ?? []],
          ['sources', event.source_ids ?? []],
          ['datasets', event.dataset_ids ?? []],
          ['triggers', event.trigger_ids ?? []],
        ];
        for (const [table, ids] of references) {
          for (const id of ids) {
            if (!tables[table]!.has(id)) {
              missing.push(`${event.event_type} ${table} ${id}`);
            }
          }
        }
      }
      return missing;
    }

    beforeAll(async () => {
      // Events about entities that no longer exist: a deleted source, project and user.
      const victim = await createUser('audit-victim');
      await createProject('audited', [victim.id]);
      await ok('PUT', '/api/v1/sources/audited/box', { body: { source: { title: 'Box' } } });
      await ok('POST', '/api/v1/sources/audited/box', { body: { source: { title: 'Box 2' } } });
      await ok('PUT', '/api/v1/sources/audited/gone', { body: {} });
      await ok('DELETE', '/api/v1/sources/audited/gone');
      await ok('POST', '/api/_private/projects/audited', { body: { project: { title: 'A' } } });
      const actor = await createUser('audit-actor', { audited: ['users-write', 'sources-admin'] }, [
        'tenant-admin',
      ]);
      const actorToken = await tokenFor(actor.id);
      await ok('PUT', '/api/v1/sources/audited/by-actor', { token: actorToken, body: {} });
      await ok('DELETE', '/api/_private/projects/audited?force=true', { token: actorToken });
      await ok('DELETE', `/api/_private/users/${victim.id}`);
      await ok('DELETE', `/api/_private/users/${actor.id}`);
    });

    it('pages newest first with changing continuation tokens and neither skips nor repeats events', async () => {
      const everything = await query({ limit: 1024 });
      expect(everything.continuation).toBeNull();
      expect(everything.audit_events.length).toBeGreaterThan(20);
      const keys = everything.audit_events.map((event) => event.timestamp);
      expect(keys).toEqual([...keys].sort().reverse());

      const seen: string[] = [];
      const tokens: string[] = [];
      let page = await query({ limit: 7 });
      for (;;) {
        expect(page.audit_events.length).toBeLessThanOrEqual(7);
        expect(unresolved(page)).toEqual([]);
        seen.push(...page.audit_events.map((event) => event.event_id));
        if (page.continuation === null) {
          break;
        }
        expect(tokens).not.toContain(page.continuation);
        tokens.push(page.continuation);
        page = await query({ limit: 7, continuation: page.continuation });
      }
      expect(tokens.length).toBeGreaterThanOrEqual(2);
      expect(seen).toEqual(everything.audit_events.map((event) => event.event_id));
    });

    it('resolves every referenced id in the lookup tables, also for deleted entities', async () => {
      const page = await query({ limit: 1024 });
      expect(unresolved(page)).toEqual([]);
      const types = page.audit_events.map((event) => event.event_type);
      expect(types).toEqual(
        expect.arrayContaining([
          'delete_project',
          'delete_source',
          'delete_user',
          'update_source',
          'update_project',
        ]),
      );
      const deletedProject = page.audit_events.find(
        (event) => event.event_type === 'delete_project',
      )!;
      const projectId = deletedProject.project_ids![0]!;
      expect(page.projects).toContainEqual(
        expect.objectContaining({ id: projectId, name: 'audited' }),
      );
      const deletedUsers = page.audit_events.filter((event) => event.event_type === 'delete_user');
      for (const event of deletedUsers) {
        expect(page.users.map((user) => user.id)).toEqual(
          expect.arrayContaining(event.user_ids ?? []),
        );
      }
      // The deleted actor still resolves as the actor of the events it caused.
      expect(page.users).toContainEqual(
        expect.objectContaining({ username: 'audit-actor', display_name: 'audit-actor' }),
      );
    });

    it('answers 400 for a tampered or foreign continuation token', async () => {
      const first = await query({ limit: 2 });
      const token = first.continuation!;
      const [payload, signature] = token.split('.') as [string, string];
      const flipped = `${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
      const forged = `${Buffer.from(JSON.stringify({ k: 'audit', p: {} })).toString('base64url')}.${signature}`;
      for (const bad of [flipped, forged, 'not-a-token', `${payload}x.${signature}`]) {
        const response = await sift.call('POST', '/api/v1/audit_events/query', {
          body: { continuation: bad },
        });
        expect([bad, response.statusCode]).toEqual([bad, 400]);
        expect(response.body.message).toMatch(/continuation/i);
      }
    });

    it('answers 400 naming the limit when it is out of range', async () => {
      for (const limit of [0, 1025]) {
        const response = await sift.call('POST', '/api/v1/audit_events/query', { body: { limit } });
        expect(response.statusCode).toBe(400);
        expect(response.body.message).toContain('limit');
      }
    });

    it('filters by inclusive timestamp bounds', async () => {
      const all = await query({ limit: 1024 });
      const middle = all.audit_events[Math.floor(all.audit_events.length / 2)]!;
      const bounded = await query({
        limit: 1024,
        filter: { timestamp: { maximum: middle.timestamp } },
      });
      expect(bounded.audit_events.map((event) => event.event_id)).toContain(middle.event_id);
      expect(bounded.audit_events.every((event) => event.timestamp <= middle.timestamp)).toBe(true);
      const future = await query({ filter: { timestamp: { minimum: '9999-01-01T00:00:00Z' } } });
      expect(future.audit_events).toEqual([]);
      expect(future.continuation).toBeNull();
    });
  });
});
