import { connect } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN_TOKEN, startTestApp, type CallResult, type TestApp } from '../helpers/test-app.js';

// api.md §3.3–§3.6: whatever a client sends, the answer is a 2xx or 4xx with the envelope and
// Server-Timing; a 5xx "must never be caused by client input" (§3.5).

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  minItems?: number;
  minimum?: number;
  format?: string;
};

type Operation = {
  method: string;
  /** OpenAPI form: `/api/v1/sources/{project}/{name}`. */
  path: string;
  params: string[];
  query: string[];
  body: JsonSchema | null;
};

type PathPart = string | number;

/** Every operation the OpenAPI document lists: the routes the server registered (api.md §8). */
async function listOperations(sift: TestApp): Promise<Operation[]> {
  const response = await sift.app.inject({ method: 'GET', url: '/api/openapi.json' });
  const document = response.json<{
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: { name: string; in: string }[];
          requestBody?: { content: Record<string, { schema: JsonSchema }> };
        }
      >
    >;
  }>();
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const content = operation.requestBody?.content ?? {};
      const json = content['application/json'] ?? Object.values(content)[0];
      operations.push({
        method: method.toUpperCase(),
        path,
        params: [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!),
        query: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        body: json?.schema ?? null,
      });
    }
  }
  return operations;
}

function branches(schema: JsonSchema): JsonSchema[] {
  return schema.anyOf ?? schema.oneOf ?? [schema];
}

function typesOf(schema: JsonSchema): string[] {
  return branches(schema).flatMap((branch) =>
    Array.isArray(branch.type) ? branch.type : branch.type === undefined ? [] : [branch.type],
  );
}

/** A field where a number is never valid: only strings (or null) are accepted. */
function stringOnly(schema: JsonSchema): boolean {
  const types = typesOf(schema);
  return types.includes('string') && !types.includes('number') && !types.includes('integer');
}

/** The smallest value of a schema that its required keys and simple constraints accept. */
function sample(schema: JsonSchema): unknown {
  const branch = branches(schema).find((candidate) => candidate.type !== 'null') ?? schema;
  if (branch.const !== undefined) {
    return branch.const;
  }
  if (branch.enum !== undefined) {
    return branch.enum[0];
  }
  const type: string = (Array.isArray(branch.type) ? branch.type[0] : branch.type) ?? 'object';
  switch (type) {
    case 'object':
      return Object.fromEntries(
        (branch.required ?? []).map((key) => [key, sample(branch.properties?.[key] ?? {})]),
      );
    case 'array':
      return Array.from({ length: branch.minItems ?? 0 }, () => sample(branch.items ?? {}));
    case 'integer':
    case 'number':
      return branch.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string': {
      if (branch.format === 'date-time') {
        return '2024-01-02T03:04:05.000000Z';
      }
      const candidates = ['2024-01-02T03:04:05.000000Z', 'abc', '0123456789abcdef', 'a@b.example'];
      const pattern = branch.pattern === undefined ? null : new RegExp(branch.pattern);
      return candidates.find((candidate) => pattern === null || pattern.test(candidate)) ?? 'abc';
    }
    default:
      return {};
  }
}

/** Paths of every string-typed field in a body schema (array items as `[0]`, map values under `alpha`). */
function stringFields(schema: JsonSchema, path: PathPart[] = []): PathPart[][] {
  if (stringOnly(schema) && path.length > 0) {
    return [path];
  }
  const fields: PathPart[][] = [];
  for (const branch of branches(schema)) {
    for (const [key, property] of Object.entries(branch.properties ?? {})) {
      fields.push(...stringFields(property, [...path, key]));
    }
    if (branch.items) {
      fields.push(...stringFields(branch.items, [...path, 0]));
    }
    if (typeof branch.additionalProperties === 'object') {
      fields.push(...stringFields(branch.additionalProperties, [...path, 'alpha']));
    }
  }
  return fields;
}

/** `user.organisation_permissions.alpha[0]`: how the server names a field in its messages. */
function fieldName(path: PathPart[]): string {
  return path.reduce<string>(
    (name, part) =>
      typeof part === 'number' ? `${name}[${part}]` : name === '' ? part : `${name}.${part}`,
    '',
  );
}

/** The schema one step down `part` (a property, an array item, or a map value). */
function child(schema: JsonSchema, part: PathPart): JsonSchema {
  for (const branch of branches(schema)) {
    if (typeof part === 'number' && branch.items) {
      return branch.items;
    }
    if (typeof part === 'string' && branch.properties?.[part]) {
      return branch.properties[part];
    }
    if (typeof part === 'string' && typeof branch.additionalProperties === 'object') {
      return branch.additionalProperties;
    }
  }
  return {};
}

/** A schema-valid sample body with the field at `path` set to a number (containers on the way sampled). */
function withNumberAt(schema: JsonSchema, path: PathPart[]): unknown {
  const root = sample(schema) as Record<PathPart, unknown>;
  let container = root;
  let current = schema;
  path.forEach((part, index) => {
    current = child(current, part);
    if (index === path.length - 1) {
      container[part] = 12345;
      return;
    }
    if (
      typeof container[part] !== 'object' ||
      container[part] === null ||
      branches(current).length > 1
    ) {
      // Within a union, sample the branch that holds the next step, or its key would be ignored.
      const next = path[index + 1]!;
      const holder =
        branches(current).find((branch) =>
          typeof next === 'number'
            ? branch.items !== undefined
            : branch.properties?.[next] !== undefined,
        ) ?? current;
      const value = sample(holder);
      container[part] =
        Array.isArray(value) && value.length === 0 ? [sample(child(current, 0))] : value;
    }
    container = container[part] as Record<PathPart, unknown>;
  });
  return root;
}

// Each walk sends hundreds of requests through every route; on PostgreSQL on a loaded two-core
// machine that takes longer than the default 30 s.
const WALK_TIMEOUT = 120_000;

describe('malformed input', () => {
  let sift: TestApp;
  let operations: Operation[];
  /** The admin's token: a successful `POST /auth/api-token` during the walk replaces it. */
  let adminToken = ADMIN_TOKEN;
  const valid: Record<string, string> = {};

  /** (Re)creates what valid path parameters point at; the walk's deletes may consume them. */
  async function ensureFixtures(): Promise<void> {
    await sift.call('PUT', '/api/_private/projects/alpha', {
      token: adminToken,
      body: { user_ids: [] },
    });
    const inbox = await sift.call('PUT', '/api/v1/sources/alpha/inbox', {
      token: adminToken,
      body: { source: {} },
    });
    if (inbox.statusCode === 200) {
      valid['inboxId'] = (inbox.body['source'] as { id: string }).id;
    }
    await sift.call('POST', '/api/v1/sources/alpha/inbox/sync', {
      token: adminToken,
      body: {
        comments: [
          { id: 'c1', timestamp: '2024-01-02T03:04:05Z', messages: [{ body: { text: 'hi' } }] },
        ],
      },
    });
    const users = await sift.call('GET', '/api/_private/users', { token: adminToken });
    const target = (users.body['users'] as { id: string; username: string }[]).find(
      (u) => u.username === 'target',
    );
    if (target) {
      valid['userId'] = target.id;
    } else {
      const created = await sift.call('PUT', '/api/_private/users', {
        token: adminToken,
        body: { user: { username: 'target', email: 'target@example.com' } },
      });
      valid['userId'] = (created.body['user'] as { id: string }).id;
    }
  }

  function validParam(name: string): string {
    switch (name) {
      case 'project':
        return 'alpha';
      case 'name':
        return 'inbox';
      case 'user_id':
        return valid['userId']!;
      default:
        // Comment ids and other free-form segments.
        return 'c1';
    }
  }

  function urlOf(operation: Operation, override: Record<string, string> = {}): string {
    return operation.path.replace(
      /\{([^}]+)\}/g,
      (_match, name: string) => override[name] ?? validParam(name),
    );
  }

  type Probe = { method: string; url: string; payload?: string; contentType?: string };

  /** Sends one request; returns a description of what is wrong with the answer, or null. */
  async function probe(request: Probe): Promise<string | null> {
    const headers: Record<string, string> = { authorization: `Bearer ${adminToken}` };
    if (request.payload !== undefined) {
      headers['content-type'] = request.contentType ?? 'application/json';
    }
    const response = await sift.app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers,
      ...(request.payload === undefined ? {} : { payload: request.payload }),
    });
    const label = `${request.method} ${request.url} ${request.payload ?? ''} → ${response.statusCode}`;
    if (request.url === '/metrics' && response.statusCode === 200) {
      // Prometheus text by design of the format; the only 2xx that is not a JSON envelope.
      return response.headers['content-type']?.toString().startsWith('text/plain')
        ? null
        : `${label}: not Prometheus text`;
    }
    let body: { status?: unknown; message?: unknown; token?: unknown };
    try {
      body = response.json();
    } catch {
      return `${label}: not JSON: ${response.body.slice(0, 120)}`;
    }
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    if (response.statusCode >= 500) {
      return `${label}: ${String(body.message)}`;
    }
    if (
      body.status !== (ok ? 'ok' : 'error') ||
      (!ok && (typeof body.message !== 'string' || body.message === ''))
    ) {
      return `${label}: no envelope: ${response.body.slice(0, 120)}`;
    }
    if (!/^total;dur=\d+(\.\d+)?$/.test(String(response.headers['server-timing']))) {
      return `${label}: no Server-Timing`;
    }
    if (request.url.startsWith('/auth/api-token') && ok && typeof body.token === 'string') {
      adminToken = body.token;
    }
    return null;
  }

  beforeAll(async () => {
    sift = await startTestApp();
    operations = await listOperations(sift);
    await ensureFixtures();
  });
  afterAll(async () => {
    await sift.close();
  });

  it('walks every registered route, including those that take bodies and path parameters', () => {
    const routes = operations.map((operation) => `${operation.method} ${operation.path}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /auth/user',
        'POST /auth/api-token',
        'PUT /api/_private/projects/{project}',
        'POST /api/_private/users/{user_id}',
        'PUT /api/v1/sources/{project}/{name}',
        'DELETE /api/v1/sources/{project}',
        'POST /api/v1/audit_events/query',
      ]),
    );
    expect(operations.filter((operation) => operation.body !== null).length).toBeGreaterThanOrEqual(
      6,
    );
  });

  it(
    'never answers 5xx to bodies that are not JSON objects',
    async () => {
      const payloads = [
        '{"a":',
        '[]',
        '[{"a": 1}]',
        'null',
        '"a string"',
        '42',
        'true',
        '{"__proto__": {"polluted": true}}',
        '{"constructor": {"prototype": {"polluted": true}}}',
        '{"a": "\\u0000"}',
      ];
      const failures: string[] = [];
      for (const operation of operations) {
        await ensureFixtures();
        for (const payload of payloads) {
          const failure = await probe({ method: operation.method, url: urlOf(operation), payload });
          if (failure !== null) {
            failures.push(failure);
          }
        }
      }
      expect(failures).toEqual([]);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    },
    WALK_TIMEOUT,
  );

  it(
    'never answers 5xx to invalid path segments and id references',
    async () => {
      const segments = [
        encodeURIComponent('bad name!'),
        'a%2Fb%2Fc',
        'id:xyz',
        'id%3Axyz',
        'id:0123456789ABCDEF',
        'a%00b',
        '..',
        '%2F',
        'x'.repeat(90),
      ];
      const failures: string[] = [];
      for (const operation of operations.filter((candidate) => candidate.params.length > 0)) {
        await ensureFixtures();
        for (const param of operation.params) {
          for (const segment of segments) {
            const failure = await probe({
              method: operation.method,
              url: urlOf(operation, { [param]: segment }),
              ...(operation.body === null ? {} : { payload: '{}' }),
            });
            if (failure !== null) {
              failures.push(failure);
            }
          }
        }
      }
      expect(failures).toEqual([]);
    },
    WALK_TIMEOUT,
  );

  it(
    'never answers 5xx to malformed query parameters',
    async () => {
      const values = [
        'a%00b',
        '-1',
        '0',
        '99999999999999999999',
        'garbage',
        '',
        'true&force=false',
        '%E2%82',
        'id:xyz',
      ];
      const failures: string[] = [];
      let parameters = 0;
      for (const operation of operations.filter((candidate) => candidate.query.length > 0)) {
        await ensureFixtures();
        for (const name of operation.query) {
          parameters += 1;
          for (const value of values) {
            const failure = await probe({
              method: operation.method,
              url: `${urlOf(operation)}?${name}=${value}&${name}=${value}`,
              ...(operation.body === null ? {} : { payload: '{}' }),
            });
            if (failure !== null) {
              failures.push(failure);
            }
          }
        }
      }
      expect(failures).toEqual([]);
      expect(parameters).toBeGreaterThanOrEqual(2);
    },
    WALK_TIMEOUT,
  );

  it(
    'answers a number in place of any string field with 400 naming the field',
    async () => {
      const failures: string[] = [];
      let fields = 0;
      for (const operation of operations.filter((candidate) => candidate.body !== null)) {
        await ensureFixtures();
        for (const path of stringFields(operation.body!)) {
          fields += 1;
          const payload = JSON.stringify(withNumberAt(operation.body!, path));
          const failure = await probe({ method: operation.method, url: urlOf(operation), payload });
          if (failure !== null) {
            failures.push(failure);
            continue;
          }
          const response = await sift.call(operation.method, urlOf(operation), {
            token: adminToken,
            rawBody: payload,
            headers: { 'content-type': 'application/json' },
          });
          if (response.statusCode !== 400 || !response.body.message!.includes(fieldName(path))) {
            failures.push(
              `${operation.method} ${operation.path} ${payload} → ${response.statusCode} ${response.body.message}`,
            );
          }
        }
      }
      expect(failures).toEqual([]);
      // user.username, user.email, source.title, … : the walk really did find the string fields.
      expect(fields).toBeGreaterThanOrEqual(20);
    },
    WALK_TIMEOUT,
  );

  describe('request bodies', () => {
    it('names the field whose value has the wrong type', async () => {
      const cases: [string, string, unknown, string][] = [
        ['PUT', '/api/v1/sources/alpha/typed', { source: { title: 5 } }, 'source.title'],
        [
          'PUT',
          '/api/v1/sources/alpha/typed',
          { source: { should_translate: 'yes' } },
          'source.should_translate',
        ],
        ['PUT', '/api/_private/users', { user: { username: 'typed', email: 5 } }, 'user.email'],
        ['PUT', '/api/_private/projects/typed', { user_ids: 'abc' }, 'user_ids'],
        [
          'POST',
          '/api/_private/projects/alpha',
          { project: { user_auto_join: 'yes' } },
          'project.user_auto_join',
        ],
        ['POST', '/api/v1/audit_events/query', { limit: 'ten' }, 'limit'],
      ];
      for (const [method, url, body, field] of cases) {
        const response = await sift.call(method, url, { token: adminToken, body });
        expect([url, response.statusCode]).toEqual([url, 400]);
        expect(response.body.message).toContain(field);
      }
    });

    it('ignores unknown fields instead of rejecting or storing them', async () => {
      const source = await sift.call('PUT', '/api/v1/sources/alpha/extra', {
        token: adminToken,
        body: { source: { title: 'T', colour: 'red' }, unexpected: [1, 2] },
      });
      expect(source.statusCode).toBe(200);
      expect(source.body['source']).toMatchObject({ title: 'T' });
      expect(source.body['source']).not.toHaveProperty('colour');
      const stored = await sift.call('GET', '/api/v1/sources/alpha/extra', { token: adminToken });
      expect(stored.body['source']).not.toHaveProperty('colour');

      const user = await sift.call('PUT', '/api/_private/users', {
        token: adminToken,
        body: {
          user: { username: 'extra', email: 'extra@example.com', nickname: 'x' },
          send_welcome_email: true,
        },
      });
      expect(user.statusCode).toBe(200);
      expect(user.body['user']).not.toHaveProperty('nickname');

      const project = await sift.call('PUT', '/api/_private/projects/extra', {
        token: adminToken,
        body: {
          project: { title: 'E', colour: 'red' },
          user_ids: [],
          uipath_user_ids: ['x'],
          unexpected: true,
        },
      });
      expect(project.statusCode).toBe(200);
      expect(project.body['project']).not.toHaveProperty('colour');

      const audit = await sift.call('POST', '/api/v1/audit_events/query', {
        token: adminToken,
        body: { filter: { timestamp: {}, user_ids: ['x'] }, order: 'asc' },
      });
      expect(audit.statusCode).toBe(200);
      const refreshed = await sift.call('POST', '/auth/refresh-user-permissions', {
        token: adminToken,
        body: { anything: 1 },
      });
      expect(refreshed.body['permissions_refreshed']).toBe(true);
    });

    it('accepts an empty body, or none, on posts that take no body', async () => {
      const bare = await sift.app.inject({
        method: 'POST',
        url: '/auth/refresh-user-permissions',
        headers: { authorization: `Bearer ${adminToken}` },
      });
      expect(bare.statusCode).toBe(200);
      for (const url of [
        '/auth/refresh-user-permissions',
        `/api/_private/users/${valid['userId']}/welcome-email`,
      ]) {
        for (const contentType of ['application/json', 'text/plain']) {
          const empty = await sift.call('POST', url, {
            token: adminToken,
            rawBody: '',
            headers: { 'content-type': contentType },
          });
          expect([url, contentType, empty.statusCode]).toEqual([url, contentType, 200]);
        }
        expect((await sift.call('POST', url, { token: adminToken, body: {} })).statusCode).toBe(
          200,
        );
      }
    });

    it('treats a missing wrapper as an empty object where every field inside is optional', async () => {
      const project = await sift.call('POST', '/api/_private/projects/alpha', {
        token: adminToken,
        rawBody: '',
        headers: { 'content-type': 'application/json' },
      });
      expect(project.statusCode).toBe(200);
      const audit = await sift.call('POST', '/api/v1/audit_events/query', {
        token: adminToken,
        rawBody: '',
      });
      expect(audit.statusCode).toBe(200);
      const source = await sift.call('PUT', '/api/v1/sources/alpha/unwrapped', {
        token: adminToken,
        body: {},
      });
      expect(source.body['source']).toMatchObject({ name: 'unwrapped', language: 'en' });
    });

    it('parses JSON sent under another content type or none', async () => {
      const plain = await sift.call('PUT', '/api/v1/sources/alpha/plain', {
        token: adminToken,
        rawBody: JSON.stringify({ source: { title: 'plain' } }),
        headers: { 'content-type': 'text/plain' },
      });
      expect(plain.body['source']).toMatchObject({ title: 'plain' });
      const untyped = await sift.call('PUT', '/api/v1/sources/alpha/untyped', {
        token: adminToken,
        rawBody: JSON.stringify({ source: { title: 'untyped' } }),
      });
      expect(untyped.body['source']).toMatchObject({ title: 'untyped' });
    });

    it('refuses text holding U+0000 with 400 naming the field, on every backend', async () => {
      const cases: [string, string, string, string][] = [
        ['PUT', '/api/v1/sources/alpha/nul', '{"source": {"title": "a\\u0000b"}}', 'source.title'],
        [
          'PUT',
          '/api/_private/projects/nul',
          '{"user_ids": [], "project": {"description": "\\u0000"}}',
          'project.description',
        ],
        [
          'PUT',
          '/api/_private/users',
          '{"user": {"username": "nul", "email": "n\\u0000@b.example"}}',
          'user.email',
        ],
        [
          'PUT',
          '/api/_private/users',
          '{"user": {"username": "nul", "email": "n@b.example", "organisation_permissions": {"al\\u0000pha": ["voc"]}}}',
          'user.organisation_permissions.al',
        ],
      ];
      for (const [method, url, rawBody, field] of cases) {
        const response = await sift.call(method, url, {
          token: adminToken,
          rawBody,
          headers: { 'content-type': 'application/json' },
        });
        expect([url, response.statusCode]).toEqual([url, 400]);
        expect(response.body.message).toContain(field);
      }
      // An escaped backslash followed by `u0000` is ordinary text.
      const literal = await sift.call('PUT', '/api/v1/sources/alpha/not-nul', {
        token: adminToken,
        body: { source: { title: '\\u0000' } },
      });
      expect(literal.body['source']).toMatchObject({ title: '\\u0000' });
    });
  });

  describe('body size limit', () => {
    let small: TestApp;
    beforeAll(async () => {
      small = await startTestApp({ SIFT_BODY_LIMIT_BYTES: '1024' });
      await small.call('PUT', '/api/_private/projects/alpha', { body: { user_ids: [] } });
    });
    afterAll(async () => {
      await small.close();
    });

    it('answers a body over the configured limit with 413, the envelope and Server-Timing', async () => {
      // startTestApp's call() checks the envelope and Server-Timing on every response.
      const response = await small.call('PUT', '/api/v1/sources/alpha/big', {
        body: { source: { description: 'x'.repeat(2000) } },
      });
      expect(response.statusCode).toBe(413);
      expect(response.body.message).toMatch(/larger|limit|too large/i);
      expect((await small.call('GET', '/api/v1/sources/alpha/big')).statusCode).toBe(404);
    });

    it('accepts a body just under the limit', async () => {
      const response = await small.call('PUT', '/api/v1/sources/alpha/fits', {
        body: { source: { description: 'x'.repeat(900) } },
      });
      expect(response.statusCode).toBe(200);
    });
  });

  describe('token headers', () => {
    let bobToken: string;
    beforeAll(async () => {
      const bob = await sift.call('PUT', '/api/_private/users', {
        token: adminToken,
        body: { user: { username: 'bob', email: 'bob@example.com' } },
      });
      const issued = await sift.call(
        'POST',
        `/api/_private/users/${(bob.body['user'] as { id: string }).id}/api-token`,
        {
          token: adminToken,
        },
      );
      bobToken = issued.body['token'] as string;
    });

    async function whoAmI(headers: Record<string, string>): Promise<string | number> {
      const response = await sift.call('GET', '/auth/user', { token: null, headers });
      return response.statusCode === 200
        ? (response.body['user'] as { username: string }).username
        : response.statusCode;
    }

    it('accepts the legacy X-Auth-Token header', async () => {
      expect(await whoAmI({ 'x-auth-token': bobToken })).toBe('bob');
      expect(await whoAmI({ 'x-auth-token': 'sift_unknown' })).toBe(401);
    });

    it('lets Authorization win when both headers are present', async () => {
      expect(
        await whoAmI({ authorization: `Bearer ${bobToken}`, 'x-auth-token': adminToken }),
      ).toBe('bob');
      expect(
        await whoAmI({ authorization: `Bearer ${adminToken}`, 'x-auth-token': bobToken }),
      ).toBe('admin');
      expect(await whoAmI({ authorization: 'Bearer sift_unknown', 'x-auth-token': bobToken })).toBe(
        401,
      );
    });

    it('accepts the scheme keyword in any case and ignores surrounding whitespace', async () => {
      expect(await whoAmI({ authorization: `bearer ${bobToken}` })).toBe('bob');
      expect(await whoAmI({ authorization: `BEARER ${bobToken}` })).toBe('bob');
      expect(await whoAmI({ authorization: `  Bearer   ${bobToken}  ` })).toBe('bob');
      expect(await whoAmI({ authorization: `Token ${bobToken}` })).toBe(401);
      expect(await whoAmI({ authorization: bobToken })).toBe(401);
    });
  });

  describe('multipart bodies', () => {
    async function upload(contentType: string | null, payload: string): Promise<CallResult> {
      return sift.call(
        'PUT',
        `/api/_private/sources/id:${valid['inboxId']}/comments/c1/attachments/0`,
        {
          token: adminToken,
          rawBody: payload,
          headers: contentType === null ? {} : { 'content-type': contentType },
        },
      );
    }

    it('answers a truncated multipart body with 400 and the envelope', async () => {
      const response = await upload('multipart/form-data; boundary=zz', '{}');
      expect(response.statusCode).toBe(400);
      expect(response.body.message).toMatch(/multipart/i);
    });

    it('answers a multipart content type without a boundary with 400 and the envelope', async () => {
      const response = await upload('multipart/form-data', '--zz\r\n\r\n');
      expect(response.statusCode).toBe(400);
      expect(response.body.message).toMatch(/boundary/i);
    });

    it('answers a part cut off mid-headers with 400 and the envelope', async () => {
      const response = await upload(
        'multipart/form-data; boundary=zz',
        '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n',
      );
      expect(response.statusCode).toBe(400);
    });
  });

  // Node's HTTP parser refuses these before Fastify runs; only a listening server shows its answer.
  describe('oversized request heads on a listening server', () => {
    let port: number;
    beforeAll(async () => {
      const address = await sift.app.listen({ port: 0, host: '127.0.0.1' });
      port = Number(new URL(address).port);
    });

    /** Sends raw bytes and returns everything the server answers until it closes the connection. */
    function raw(head: string, bodyBytes = 0): Promise<string> {
      return new Promise((resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        const chunks: Buffer[] = [];
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('error', reject);
        socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
        socket.write(head);
        // A client still uploading its body when the refusal comes must read the answer, not a reset.
        for (let sent = 0; sent < bodyBytes; sent += 65_536) {
          socket.write(Buffer.alloc(65_536, 'x'));
        }
      });
    }

    function parse(response: string): { code: number; headers: string; body: unknown } {
      const [head = '', ...rest] = response.split('\r\n\r\n');
      return {
        code: Number(head.split(' ')[1]),
        headers: head.toLowerCase(),
        body: JSON.parse(rest.join('\r\n\r\n')) as unknown,
      };
    }

    it('answers a 100 KB URL with 431, the envelope and Server-Timing', async () => {
      const response = parse(
        await raw(`GET /api/v1/projects?x=${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
      );
      expect(response.code).toBe(431);
      expect(response.body).toMatchObject({ status: 'error' });
      expect((response.body as { message: string }).message).toMatch(/headers/);
      expect(response.headers).toMatch(/server-timing: total;dur=/);
    });

    it('answers a 60 KB Authorization header with 431 even while a body is still being sent', async () => {
      const response = parse(
        await raw(
          `PUT /api/v1/sources/alpha/inbox HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'t'.repeat(60_000)}\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${4 * 65_536}\r\n\r\n`,
          4 * 65_536,
        ),
      );
      expect(response.code).toBe(431);
      expect(response.body).toMatchObject({ status: 'error' });
    });

    it('answers a malformed request line with 400 and the envelope', async () => {
      const response = parse(await raw('GARBAGE\r\n\r\n'));
      expect(response.code).toBe(400);
      expect(response.body).toMatchObject({ status: 'error' });
    });
  });

  // Fastify answers these before any Sift hook runs; create-app.ts sets `frameworkErrors` and
  // `routerOptions.maxParamLength` so that they still follow the protocol.
  it('answers an undecodable path segment with 400 and the envelope', async () => {
    const response = await sift.call('GET', '/api/v1/sources/alpha/%ZZ', { token: adminToken });
    expect(response.statusCode).toBe(400);
  });

  it('serves names of 101 to 256 characters (api.md §3.2)', async () => {
    const name = 'n'.repeat(200);
    const response = await sift.call('PUT', `/api/v1/sources/alpha/${name}`, {
      token: adminToken,
      body: {},
    });
    expect(response.statusCode).toBe(200);
  });
});
