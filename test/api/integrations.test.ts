import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../helpers/test-app.js';

type Integration = {
  id: string;
  owner: string;
  name: string;
  type: string;
  enabled: boolean;
  disabled_reason: string | null;
  configuration: { connection?: Record<string, unknown>; mailboxes: Record<string, unknown>[] };
};

const imap = (extra: Record<string, unknown> = {}) => ({
  title: 'Support mailbox',
  type: 'imap',
  configuration: {
    connection: {
      kind: 'imap',
      host: '127.0.0.1',
      port: 1143,
      tls: 'none',
      username: 'support',
      password: 'hunter2-secret',
      ...extra,
    },
    mailboxes: [
      {
        email: 'support@example.com',
        folder_denylist: [['Trash']],
        start_timestamp: '2001-01-01T00:00:00Z',
        bucket_specification: { project_name: 'acme', name: 'support-mail', title: 'Support' },
      },
    ],
  },
});

describe('integrations', () => {
  let sift: TestApp;
  const call = (method: string, url: string, body?: unknown, token?: string) =>
    sift.call(method, url, {
      ...(body === undefined ? {} : { body }),
      ...(token === undefined ? {} : { token }),
    });

  beforeAll(async () => {
    sift = await startTestApp({ SIFT_SECRET_KEY: 'integration-test-secret-key' });
    await call('PUT', '/api/_private/projects/acme', { user_ids: [] });
  });
  afterAll(async () => {
    await sift.close();
  });

  it('stores an imap integration, never returns the password and keeps it on updates without one', async () => {
    const created = await call('PUT', '/api/_private/integrations/acme/support', {
      integration: imap(),
    });
    expect(created.statusCode).toBe(200);
    const integration = created.body['integration'] as Integration;
    expect(integration).toMatchObject({
      owner: 'acme',
      name: 'support',
      type: 'imap',
      enabled: true,
      disabled_reason: null,
    });
    expect(integration.configuration.connection).toEqual({
      kind: 'imap',
      host: '127.0.0.1',
      port: 1143,
      tls: 'none',
      username: 'support',
    });
    expect(integration.configuration.mailboxes[0]).toMatchObject({
      enabled: true,
      start_timestamp: '2001-01-01T00:00:00.000000Z',
    });
    expect(JSON.stringify(created.body)).not.toContain('hunter2');

    const stored = await sift.store.integrations.getById(integration.id);
    expect(stored!.secret).not.toBeNull();
    expect(stored!.secret).not.toContain('hunter2');
    expect(JSON.stringify(stored!.configuration)).not.toContain('hunter2');

    const withoutPassword = imap();
    delete (withoutPassword.configuration.connection as Record<string, unknown>)['password'];
    const updated = await call('POST', '/api/_private/integrations/acme%2Fsupport', {
      integration: { ...withoutPassword, title: 'Renamed' },
    });
    expect(updated.statusCode).toBe(200);
    expect((await sift.store.integrations.getById(integration.id))!.secret).toBe(stored!.secret);

    const listed = await call('GET', '/api/_private/integrations');
    expect((listed.body['integrations'] as Integration[]).map((i) => i.name)).toEqual(['support']);
    expect(
      (await call('GET', `/api/_private/integrations/id:${integration.id}`)).body['integration'],
    ).toMatchObject({ title: 'Renamed' });
    expect(JSON.stringify(listed.body)).not.toContain('hunter2');
  });

  it('rejects bad connections and mailboxes with a message naming the field', async () => {
    const noPassword = imap();
    delete (noPassword.configuration.connection as Record<string, unknown>)['password'];
    const missing = await call('PUT', '/api/_private/integrations/acme/other', {
      integration: noPassword,
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body.message).toBe('integration.configuration.connection.password is required');
    const badTls = await call('PUT', '/api/_private/integrations/acme/other', {
      integration: imap({ tls: 'ssl' }),
    });
    expect(badTls.body.message).toContain('connection.tls');
    const badType = await call('PUT', '/api/_private/integrations/acme/other', {
      integration: { ...imap(), type: 'pop3' },
    });
    expect(badType.statusCode).toBe(400);
    const otherProject = imap();
    otherProject.configuration.mailboxes[0]!.bucket_specification.project_name = 'elsewhere';
    const foreign = await call('PUT', '/api/_private/integrations/acme/other', {
      integration: otherProject,
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body.message).toContain('bucket_specification.project_name');
    expect((await call('GET', '/api/_private/integrations/acme/other')).statusCode).toBe(404);
    expect(
      (await call('PUT', '/api/_private/integrations/acme/support', { integration: imap() }))
        .statusCode,
    ).toBe(409);
  });

  it('stores exchange_online as sent and records the documented error per enabled mailbox', async () => {
    const exchange = {
      configuration: {
        connection: {
          access: { kind: 'user_access', username: 'svc@example.com' },
          application: { kind: 'custom', client_id: 'c', tenant_id: 't' },
        },
        mailboxes: [
          {
            email: 'a@example.com',
            bucket_specification: { project_name: 'acme', name: 'a-mail', title: 'A' },
          },
          {
            email: 'b@example.com',
            enabled: false,
            bucket_specification: { project_name: 'acme', name: 'b-mail', title: 'B' },
          },
        ],
      },
    };
    const created = await call('PUT', '/api/_private/integrations/acme/exchange', {
      integration: exchange,
    });
    expect(created.statusCode).toBe(200);
    expect((created.body['integration'] as Integration).type).toBe('exchange_online');
    expect((created.body['integration'] as Integration).configuration.connection).toEqual(
      exchange.configuration.connection,
    );
    const errors = await call('GET', '/api/_private/integrations/acme/exchange/errors');
    const recorded = errors.body['errors'] as {
      error_text: string;
      error_details: { kind: string };
    }[];
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.error_details.kind).toBe('unknown_forbidden_error');
    expect(recorded[0]!.error_text).toContain('a@example.com');

    const id = (created.body['integration'] as Integration).id;
    expect((await call('DELETE', `/api/_private/integrations/id:${id}`)).statusCode).toBe(200);
    expect((await call('GET', '/api/_private/integrations/acme/exchange')).statusCode).toBe(404);
  });

  it('checks integrations-read and integrations-write', async () => {
    const created = await call('PUT', '/api/_private/users', {
      user: {
        username: 'reader',
        email: 'reader@example.com',
        organisation_permissions: { acme: ['integrations-read'] },
      },
    });
    const userId = (created.body['user'] as { id: string }).id;
    const token = (await call('POST', `/api/_private/users/${userId}/api-token`, {})).body[
      'token'
    ] as string;
    expect(
      (await call('GET', '/api/_private/integrations/acme/support', undefined, token)).statusCode,
    ).toBe(200);
    const write = await call(
      'POST',
      '/api/_private/integrations/acme/support',
      { integration: imap() },
      token,
    );
    expect(write.statusCode).toBe(403);
    expect(write.body.message).toContain('integrations-write');
  });
});
