import { readdirSync, readFileSync } from 'node:fs';

import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { commentIdOfEmail } from '../../src/domain/buckets/email-comment.js';
import { syncImapIntegrations, syncStateKey } from '../../src/worker/imap-connector.js';
import { dovecotAvailable, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// Sift's IMAP connector (api.md §6.12) against a real Dovecot started for the test (stack.md §2.5).
// The messages are the hand-written fixtures of test/fixtures/emails plus generated ones.

const FIXTURES = new URL('../fixtures/emails/', import.meta.url);
const fixtures = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.eml'))
  .map((name) => readFileSync(new URL(name, FIXTURES), 'utf8').replace(/\r?\n/g, '\r\n'))
  // The mbox "From " line of one fixture is not part of an RFC 822 message.
  .map((text) => text.replace(/^From [^\r\n]*\r\n/, ''));

function generated(index: number, folder = 'inbox'): string {
  return [
    `Message-ID: <${folder}-${index}@mail.example.com>`,
    `Date: Tue, ${String((index % 27) + 1)} Mar 2001 09:${String(index % 60).padStart(2, '0')}:00 +0000`,
    'From: Customer <customer@example.org>',
    'To: support@example.com',
    `Subject: Ticket ${folder} ${index}`,
    '',
    `Hello, this is message ${index} in ${folder}.`,
    '',
  ].join('\r\n');
}

describe.skipIf(!dovecotAvailable())('IMAP connector against Dovecot', () => {
  let sift: TestApp;
  let dovecot: Dovecot;
  let imap: ImapFlow;
  let bucketId = '';

  const call = (method: string, url: string, body?: unknown) =>
    sift.call(method, url, body === undefined ? {} : { body });
  const integration = (password: string) => ({
    title: 'Support',
    type: 'imap',
    configuration: {
      connection: {
        kind: 'imap',
        host: '127.0.0.1',
        port: dovecot.port,
        tls: 'none',
        username: 'support',
        password,
      },
      mailboxes: [
        {
          email: 'support@example.com',
          folder_denylist: [['Trash']],
          start_timestamp: '2000-01-01T00:00:00Z',
          bucket_specification: { project_name: 'acme', name: 'support-mail', title: 'Support' },
        },
      ],
    },
  });
  const bucketCount = async () =>
    (
      (await call('GET', '/api/_private/buckets/acme/support-mail/statistics')).body[
        'statistics'
      ] as { count: { value: number } }
    ).count.value;
  const sourceCount = async () =>
    (
      (await call('POST', '/api/v1/sources/acme/support/statistics', { comment_filter: {} })).body[
        'statistics'
      ] as { num_comments: number }
    ).num_comments;

  beforeAll(async () => {
    dovecot = await startDovecot({ support: 'right-password' });
    sift = await startTestApp({ SIFT_SECRET_KEY: 'imap-connector-test-secret' });
    await call('PUT', '/api/_private/projects/acme', { user_ids: [] });
    // The connector creates the bucket when it is missing; creating it first lets a source read it.
    const bucket = await call('PUT', '/api/_private/buckets/acme/support-mail', {});
    bucketId = (bucket.body['bucket'] as { id: string }).id;
    await call('PUT', '/api/v1/sources/acme/support', {
      source: { bucket_id: bucketId, email_transform_tag: 'generic.0.CONVKER5' },
    });
    const created = await call('PUT', '/api/_private/integrations/acme/support', {
      integration: integration('right-password'),
    });
    expect(created.statusCode).toBe(200);

    imap = new ImapFlow({
      host: '127.0.0.1',
      port: dovecot.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: 'support', pass: 'right-password' },
      logger: false,
    });
    await imap.connect();
    for (const text of fixtures) {
      await imap.append('INBOX', text);
    }
    for (let index = 0; index < 20; index++) {
      await imap.append('INBOX', generated(index));
    }
    await imap.mailboxCreate('Archive');
    await imap.mailboxCreate('Trash');
    await imap.append('Archive', generated(0, 'archive'));
    await imap.append('Archive', generated(1, 'archive'));
    await imap.append('Trash', generated(0, 'trash'));
  }, 60_000);

  afterAll(async () => {
    await imap?.logout().catch(() => undefined);
    await sift?.close();
    dovecot?.stop();
  });

  it('backfills in resumable steps without losing or duplicating an email, skipping denied folders', async () => {
    const inbox = fixtures.length + 20;
    // A pass stopped half way through the backfill, as when the worker is killed mid-way.
    await syncImapIntegrations(sift.deps, { maxMessagesPerFolder: 10 });
    expect(await bucketCount()).toBe(12);
    const partial = await sift.store.buckets.getSyncStateByKey(
      bucketId,
      syncStateKey('support@example.com', ['INBOX']),
    );
    expect(partial?.state).toMatchObject({ status: 'IN_PROGRESS', folder_path: ['INBOX'] });
    expect(String(partial?.state['fingerprint'])).toMatch(/^\d+:11$/);

    await syncImapIntegrations(sift.deps);
    expect(await bucketCount()).toBe(inbox + 2);
    expect(await sourceCount()).toBe(inbox + 2);
    await syncImapIntegrations(sift.deps);
    expect(await bucketCount()).toBe(inbox + 2);

    const email = await call(
      'GET',
      '/api/_private/buckets/acme/support-mail/emails?id=<archive-1@mail.example.com>',
    );
    expect((email.body['emails'] as { metadata: unknown; mailbox: string }[])[0]).toMatchObject({
      mailbox: 'support@example.com',
      metadata: { folder: ['Archive'] },
    });
    const comment = await call(
      'GET',
      `/api/v1/sources/acme/support/comments/${commentIdOfEmail('<reply-2@mail.example.com>')}`,
    );
    expect(comment.statusCode).toBe(200);
    expect(
      (comment.body['comment'] as { user_properties: Record<string, unknown> }).user_properties,
    ).toMatchObject({ 'string:Folder': 'INBOX' });
    const trash = await call(
      'GET',
      '/api/_private/buckets/acme/support-mail/emails?id=<trash-0@mail.example.com>',
    );
    expect(trash.body['emails']).toEqual([]);

    const states = await call('GET', `/api/_private/buckets/id:${bucketId}/keyed-sync-states/`);
    const listed = states.body['keyed_sync_states'] as {
      folder_path: string[] | null;
      status: string;
    }[];
    expect(listed.map((state) => state.folder_path?.join('/') ?? null).sort()).toEqual(
      ['Archive', 'INBOX', null].sort(),
    );
    expect(listed.every((state) => state.status === 'UP_TO_DATE')).toBe(true);
  }, 60_000);

  it('re-reads a folder whose UIDVALIDITY changed without duplicating its emails', async () => {
    const before = await bucketCount();
    const key = syncStateKey('support@example.com', ['Archive']);
    const old = String(
      (await sift.store.buckets.getSyncStateByKey(bucketId, key))?.state['fingerprint'],
    );
    await imap.mailboxDelete('Archive');
    await imap.mailboxCreate('Archive');
    await imap.append('Archive', generated(0, 'archive'));
    await imap.append('Archive', generated(1, 'archive'));
    await imap.append('Archive', generated(2, 'archive'));
    await syncImapIntegrations(sift.deps);
    expect(await bucketCount()).toBe(before + 1);
    const fresh = String(
      (await sift.store.buckets.getSyncStateByKey(bucketId, key))?.state['fingerprint'],
    );
    expect(fresh.split(':')[0]).not.toBe(old.split(':')[0]);
    expect(fresh.endsWith(':4')).toBe(true);
  }, 60_000);

  it('records refused logins and disables the mailbox after the third in a row', async () => {
    const updated = await call('POST', '/api/_private/integrations/acme/support', {
      integration: integration('wrong-password'),
    });
    expect(updated.statusCode).toBe(200);
    for (let attempt = 0; attempt < 3; attempt++) {
      await syncImapIntegrations(sift.deps);
    }
    const errors = (await call('GET', '/api/_private/integrations/acme/support/errors')).body[
      'errors'
    ] as {
      error_text: string;
      error_details: { kind: string };
      error_action: { kind: string; mailbox_name: string; bucket_id: string } | null;
    }[];
    expect(errors).toHaveLength(3);
    expect(
      errors.every((error) => error.error_details.kind === 'invalid_exchange_credentials'),
    ).toBe(true);
    expect(errors[0]!.error_action).toEqual({
      kind: 'mailbox_disabled',
      mailbox_name: 'support@example.com',
      bucket_id: bucketId,
    });
    expect(JSON.stringify(errors)).not.toContain('wrong-password');
    const after = (await call('GET', '/api/_private/integrations/acme/support')).body[
      'integration'
    ] as { configuration: { mailboxes: { enabled: boolean; disabled_reason?: string }[] } };
    expect(after.configuration.mailboxes[0]).toMatchObject({
      enabled: false,
      disabled_reason: 'sync_error',
    });
    // A disabled mailbox is left alone.
    await syncImapIntegrations(sift.deps);
    expect(
      ((await call('GET', '/api/_private/integrations/acme/support/errors')).body['errors'] as [])
        .length,
    ).toBe(3);
  }, 60_000);
});
