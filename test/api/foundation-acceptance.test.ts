import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../helpers/test-app.js';

// The acceptance scenario of the foundation issue, end to end through HTTP.
describe('foundation acceptance', () => {
  let sift: TestApp;
  beforeAll(async () => {
    sift = await startTestApp();
  });
  afterAll(async () => {
    await sift.close();
  });

  it('answers unknown routes with the exact 404 envelope and bad tokens with 401', async () => {
    const missing = await sift.call('GET', '/api/v1/nothing-here');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toEqual({ status: 'error', message: '404 Not Found' });
    const wrongMethod = await sift.call('PATCH', '/api/v1/projects');
    expect(wrongMethod.statusCode).toBe(404);
    expect((await sift.call('GET', '/api/v1/projects', { token: 'sift_wrong' })).statusCode).toBe(
      401,
    );
    const none = await sift.call('GET', '/api/v1/projects', { token: null });
    expect(none.statusCode).toBe(401);
    expect(none.body.message).toBe('Missing API token');
  });

  it('walks the whole scenario', async () => {
    const me = await sift.call('GET', '/auth/user');
    expect(me.body['user']).toMatchObject({ username: 'admin', global_permissions: ['root'] });

    for (const project of ['alpha', 'beta']) {
      const created = await sift.call('PUT', `/api/_private/projects/${project}`, {
        body: { project: { title: project.toUpperCase() }, user_ids: [] },
      });
      expect(created.statusCode).toBe(200);
    }
    const projects = await sift.call('GET', '/api/v1/projects');
    expect(projects.body['projects']).toEqual([
      { name: 'alpha', title: 'ALPHA', description: '' },
      { name: 'beta', title: 'BETA', description: '' },
    ]);

    const inbox = await sift.call('PUT', '/api/v1/sources/alpha/inbox', { body: { source: {} } });
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body['source']).toMatchObject({
      owner: 'alpha',
      name: 'inbox',
      title: '',
      description: '',
      language: 'en',
      _kind: 'unknown',
      bucket_id: null,
      email_transform_tag: null,
      sensitive_properties: [],
      should_translate: false,
    });
    const secret = await sift.call('PUT', '/api/v1/sources/beta%2Fsecret', {
      body: { source: { title: 'S' } },
    });
    expect(secret.statusCode).toBe(200);
    const secretId = (secret.body['source'] as { id: string }).id;
    expect(secretId).toMatch(/^[0-9a-f]{16}$/);

    expect((await sift.call('GET', '/api/v1/sources/beta/secret')).body['source']).toMatchObject({
      id: secretId,
    });
    expect((await sift.call('GET', '/api/v1/sources/beta%2Fsecret')).body['source']).toMatchObject({
      id: secretId,
    });
    expect((await sift.call('GET', `/api/v1/sources/id:${secretId}`)).body['source']).toMatchObject(
      { name: 'secret' },
    );
    expect(
      (await sift.call('GET', `/api/v1/sources/id%3A${secretId}/`)).body['source'],
    ).toMatchObject({ name: 'secret' });
    expect(
      (await sift.call('PUT', '/api/v1/sources/alpha/inbox', { body: { source: {} } })).statusCode,
    ).toBe(409);

    const bob = await sift.call('PUT', '/api/_private/users', {
      body: {
        user: {
          username: 'bob',
          email: 'bob@example.com',
          organisation_permissions: { alpha: ['sources-read', 'voc-readonly'] },
        },
      },
    });
    expect(bob.statusCode).toBe(200);
    const bobId = (bob.body['user'] as { id: string }).id;
    const issued = await sift.call('POST', `/api/_private/users/${bobId}/api-token`, { body: {} });
    const bobToken = issued.body['token'] as string;
    expect(bobToken).toMatch(/^sift_[A-Za-z0-9]{43}$/);

    const bobSources = await sift.call('GET', '/api/v1/sources', { token: bobToken });
    expect((bobSources.body['sources'] as { owner: string }[]).map((s) => s.owner)).toEqual([
      'alpha',
    ]);
    const hidden = await sift.call('GET', '/api/v1/sources/beta/secret', { token: bobToken });
    expect(hidden.statusCode).toBe(404);
    const hiddenById = await sift.call('GET', `/api/v1/sources/id:${secretId}`, {
      token: bobToken,
    });
    expect(hiddenById.statusCode).toBe(404);
    expect((await sift.call('GET', '/api/v1/sources/beta', { token: bobToken })).statusCode).toBe(
      404,
    );
    const forbidden = await sift.call('PUT', '/api/v1/sources/alpha/mine', {
      token: bobToken,
      body: {},
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.body.message).toContain('sources-admin');

    const reissued = await sift.call('POST', `/api/_private/users/${bobId}/api-token`, {
      body: {},
    });
    expect(reissued.statusCode).toBe(200);
    expect((await sift.call('GET', '/auth/user', { token: bobToken })).statusCode).toBe(401);
    const newToken = reissued.body['token'] as string;
    expect((await sift.call('GET', '/auth/user', { token: newToken })).body['user']).toMatchObject({
      username: 'bob',
    });

    const badLanguage = await sift.call('PUT', '/api/v1/sources/alpha/other', {
      body: { source: { language: 42 } },
    });
    expect(badLanguage.statusCode).toBe(400);
    expect(badLanguage.body.message).toMatch(/^'42' is not one of \['en', 'de', 'xlm'\]/);
    expect(badLanguage.body.message).toContain('language');

    const refused = await sift.call('DELETE', '/api/_private/projects/beta');
    expect(refused.statusCode).toBe(409);
    expect(refused.body.message).toBe(
      'Project contains child resources but force deletion was not requested: {"sources": 1}',
    );
    expect((await sift.call('GET', '/api/v1/sources/beta/secret')).statusCode).toBe(200);
    expect((await sift.call('DELETE', '/api/_private/projects/beta?force=true')).statusCode).toBe(
      200,
    );
    expect((await sift.call('GET', `/api/v1/sources/id:${secretId}`)).statusCode).toBe(404);

    const audit = await sift.call('POST', '/api/v1/audit_events/query', { body: {} });
    const types = (audit.body['audit_events'] as { event_type: string }[]).map((e) => e.event_type);
    expect(types).toEqual(
      expect.arrayContaining([
        'create_project',
        'create_source',
        'create_user',
        'generate_api_token',
        'delete_project',
      ]),
    );

    const openapi = await sift.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(openapi.statusCode).toBe(200);
    const document = openapi.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/auth/user',
        '/api/v1/sources/{project}/{name}',
        '/api/_private/projects/{project}',
      ]),
    );
  });
});
