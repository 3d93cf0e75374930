import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { commentIdOfEmail } from '../../src/domain/buckets/email-comment.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/emails/${name}`, import.meta.url), 'utf8').replace(
    /\r?\n/g,
    '\r\n',
  );

function email(id: string, text: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    mailbox: 'support@example.com',
    timestamp: '2025-01-02T03:04:05Z',
    mime_content: `Message-ID: ${id}\r\nFrom: ann@example.org\r\nTo: support@example.com\r\nSubject: Order ${id}\r\n\r\n${text}`,
    ...extra,
  };
}

type Bucket = { id: string; owner: string; name: string; title: string; updated_at: string };
type Comment = {
  id: string;
  timestamp: string;
  thread_id?: string;
  messages: { body: { text: string }; subject?: { text: string }; signature?: { text: string } }[];
  user_properties: Record<string, string | number>;
};

describe('buckets, emails and sync states', () => {
  let sift: TestApp;

  const call = (method: string, url: string, body?: unknown, token?: string) =>
    sift.call(method, url, {
      ...(body === undefined ? {} : { body }),
      ...(token === undefined ? {} : { token }),
    });
  const putEmails = (emails: unknown[], bucket = 'acme/mail') =>
    call('PUT', `/api/_private/buckets/${bucket}/emails?no_charge=false`, { emails });
  const comment = async (source: string, emailId: string) => {
    const found = await call(
      'GET',
      `/api/v1/sources/${source}/comments/${commentIdOfEmail(emailId)}`,
    );
    return found.statusCode === 200 ? (found.body['comment'] as Comment) : null;
  };
  const count = async (source: string) =>
    (
      (await call('POST', `/api/v1/sources/${source}/statistics`, { comment_filter: {} })).body[
        'statistics'
      ] as { num_comments: number }
    ).num_comments;

  async function userToken(username: string, permissions: Record<string, string[]>) {
    const created = await call('PUT', '/api/_private/users', {
      user: { username, email: `${username}@example.com`, organisation_permissions: permissions },
    });
    const id = (created.body['user'] as { id: string }).id;
    return (await call('POST', `/api/_private/users/${id}/api-token`, {})).body['token'] as string;
  }

  beforeAll(async () => {
    sift = await startTestApp();
    await call('PUT', '/api/_private/projects/acme', { user_ids: [] });
    await call('PUT', '/api/_private/projects/other', { user_ids: [] });
  });
  afterAll(async () => {
    await sift.close();
  });

  it('creates, reads, lists, updates and refuses duplicate or mistyped buckets', async () => {
    const created = await call('PUT', '/api/_private/buckets/acme/mail', {
      bucket: { bucket_type: 'emails', title: 'Mail' },
    });
    expect(created.statusCode).toBe(200);
    const bucket = created.body['bucket'] as Bucket;
    expect(bucket).toMatchObject({
      owner: 'acme',
      name: 'mail',
      title: 'Mail',
      bucket_type: 'emails',
    });
    expect(bucket.id).toMatch(/^[0-9a-f]{16}$/);

    // The official CLI sends the name as one encoded segment.
    const byName = await call('GET', '/api/_private/buckets/acme%2Fmail');
    expect(byName.body['bucket']).toEqual(bucket);
    expect((await call('GET', `/api/_private/buckets/id:${bucket.id}`)).body['bucket']).toEqual(
      bucket,
    );
    await call('PUT', '/api/_private/buckets/acme/archive', { bucket: { bucket_type: 'emails' } });
    await call('PUT', '/api/_private/buckets/other/inbox', {});
    const all = (await call('GET', '/api/_private/buckets')).body['buckets'] as Bucket[];
    expect(all.map((b) => `${b.owner}/${b.name}`)).toEqual([
      'acme/archive',
      'acme/mail',
      'other/inbox',
    ]);
    const ofAcme = (await call('GET', '/api/_private/buckets/acme')).body['buckets'] as Bucket[];
    expect(ofAcme.map((b) => b.name)).toEqual(['archive', 'mail']);

    const duplicate = await call('PUT', '/api/_private/buckets/acme/mail', {
      bucket: { bucket_type: 'emails' },
    });
    expect(duplicate.statusCode).toBe(409);
    const chats = await call('PUT', '/api/_private/buckets/acme/chats', {
      bucket: { bucket_type: 'chats' },
    });
    expect(chats.statusCode).toBe(400);
    expect(chats.body.message).toContain("'chats' is not a bucket type");
    expect((await call('GET', '/api/_private/buckets/acme/chats')).statusCode).toBe(404);

    const updated = await call('POST', '/api/_private/buckets/acme/archive', {
      bucket: {
        title: 'Archive',
        last_updated_by: { config_owner: 'acme', config_key: 'k', shard_index: 0, num_shards: 1 },
      },
    });
    expect(updated.body['bucket']).toMatchObject({
      title: 'Archive',
      last_updated_by: { config_key: 'k' },
    });
  });

  it('turns emails into comments of every source reading the bucket, idempotently', async () => {
    const bucket = (await call('GET', '/api/_private/buckets/acme/mail')).body['bucket'] as Bucket;
    await call('PUT', '/api/v1/sources/acme/support', {
      source: { bucket_id: bucket.id, email_transform_tag: 'generic.0.CONVKER5' },
    });
    await call('PUT', '/api/v1/sources/acme/mirror', {
      source: { bucket_id: bucket.id, email_transform_tag: 'generic.1.ABCDEFGH' },
    });
    // Attached without a transform tag: not a reader (api.md §6.2).
    await call('PUT', '/api/v1/sources/acme/untagged', { source: { bucket_id: bucket.id } });

    const added = await putEmails([
      {
        id: '<reply-2@mail.example.com>',
        mailbox: 'legal@example.com',
        timestamp: '2001-03-13T15:20:00Z',
        mime_content: fixture('outlook-reply.eml'),
        metadata: { folder: ['Inbox', 'Contracts'], is_read: true },
        attachments: [{ name: 'contract.pdf', size: 1200, content_type: 'application/pdf' }],
      },
      email('<e-1@example.com>', 'Where is my order?'),
    ]);
    expect(added.statusCode).toBe(200);
    expect(added.body).toEqual({ status: 'ok' });

    const reply = await comment('acme/support', '<reply-2@mail.example.com>');
    expect(reply).not.toBeNull();
    expect(reply!.timestamp).toBe('2001-03-13T15:20:00.000000Z');
    expect(reply!.messages).toHaveLength(2);
    expect(reply!.messages[0]!.body.text).toContain('I have signed the contract');
    expect(reply!.messages[0]!.signature?.text).toContain('Mark Taylor');
    expect(reply!.messages[1]!.body.text).toContain('could you review the attached contract');
    expect(reply!.thread_id).toBe(commentIdOfEmail('original-1@mail.example.org'));
    expect(reply!.user_properties).toMatchObject({
      'string:Folder': 'Inbox/Contracts',
      'string:Message ID': 'reply-2@mail.example.com',
      'number:Messages': 2,
    });
    const mirrored = await comment('acme/mirror', '<reply-2@mail.example.com>');
    expect(mirrored).toMatchObject({
      id: reply!.id,
      messages: reply!.messages,
      user_properties: reply!.user_properties,
    });
    expect(await count('acme/untagged')).toBe(0);

    // The same emails again change nothing; a changed one replaces its comment.
    expect((await putEmails([email('<e-1@example.com>', 'Where is my order?')])).statusCode).toBe(
      200,
    );
    expect(await count('acme/support')).toBe(2);
    const before = (
      await call('GET', '/api/_private/buckets/acme/mail/emails?id=<e-1@example.com>')
    ).body['emails'] as { updated_at: string; created_at: string }[];
    await putEmails([email('<e-1@example.com>', 'Where is my order? It is late.')]);
    expect((await comment('acme/support', '<e-1@example.com>'))!.messages[0]!.body.text).toBe(
      'Where is my order? It is late.',
    );
    const after = (await call('GET', '/api/_private/buckets/acme/mail/emails?id=<e-1@example.com>'))
      .body['emails'] as { updated_at: string; created_at: string; mime_content: string }[];
    expect(after[0]!.created_at).toBe(before[0]!.created_at);
    expect(after[0]!.updated_at > before[0]!.updated_at).toBe(true);
    expect(await count('acme/support')).toBe(2);

    const stats = await call('GET', '/api/_private/buckets/acme/mail/statistics');
    expect(stats.body['statistics']).toEqual({ count: { kind: 'exact', value: 2 } });
  });

  it('rejects a batch with one bad email, naming its index and field, and writes none of it', async () => {
    const bad = await putEmails([
      email('<ok-1@example.com>', 'fine'),
      email('<bad-1@example.com>', 'x', { timestamp: 'yesterday' }),
    ]);
    expect(bad.statusCode).toBe(400);
    expect(bad.body.message).toBe('emails[1].timestamp: expected an RFC 3339 timestamp');
    const missing = await putEmails([
      email('<ok-2@example.com>', 'fine'),
      { id: 'no-mime', mailbox: 'm', timestamp: '2025-01-01T00:00:00Z' },
    ]);
    expect(missing.statusCode).toBe(400);
    expect(missing.body.message).toContain('emails');
    expect(missing.body.message).toContain('mime_content');
    for (const id of ['<ok-1@example.com>', '<ok-2@example.com>']) {
      const got = await call('GET', `/api/_private/buckets/acme/mail/emails?id=${id}`);
      expect(got.body['emails']).toEqual([]);
      expect(await comment('acme/support', id)).toBeNull();
    }
    const tooMany = await putEmails(
      Array.from({ length: 4097 }, (_, index) => email(`<many-${index}@x>`, 'x')),
    );
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body.message).toContain('4096');
  });

  it('pages through emails in creation order with continuations', async () => {
    await call('PUT', '/api/_private/buckets/acme/paged', {});
    for (const batch of [
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]) {
      await putEmails(
        batch.map((id) => email(id, `text ${id}`)),
        'acme/paged',
      );
    }
    const seen: string[] = [];
    let continuation: string | undefined;
    do {
      const page = await call('POST', '/api/_private/buckets/acme/paged/emails', {
        limit: 2,
        ...(continuation === undefined ? {} : { continuation }),
      });
      expect(page.statusCode).toBe(200);
      const emails = page.body['emails'] as { id: string; metadata: unknown; attachments: [] }[];
      expect(emails[0]).toMatchObject({ metadata: null, attachments: [] });
      seen.push(...emails.map((e) => e.id));
      continuation = page.body['continuation'] as string | undefined;
    } while (continuation !== undefined);
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);

    const first = await call('POST', '/api/_private/buckets/acme/paged/emails', { limit: 1 });
    const foreign = await call('POST', '/api/_private/buckets/acme/mail/emails', {
      continuation: first.body['continuation'],
    });
    expect(foreign.statusCode).toBe(400);
    expect(
      (await call('POST', '/api/_private/buckets/acme/paged/emails', { limit: 257 })).statusCode,
    ).toBe(400);
  });

  it('back-fills a source attached after the emails arrived and keeps its comments after the bucket goes', async () => {
    await call('PUT', '/api/v1/sources/acme/late', {});
    expect(await count('acme/late')).toBe(0);
    const paged = (await call('GET', '/api/_private/buckets/acme/paged')).body['bucket'] as Bucket;
    const attached = await call('POST', '/api/v1/sources/acme/late', {
      source: { bucket_id: paged.id, email_transform_tag: 'generic.0.CONVKER5' },
    });
    expect(attached.statusCode).toBe(200);
    expect(await count('acme/late')).toBe(5);

    const foreign = (await call('GET', '/api/_private/buckets/other/inbox')).body[
      'bucket'
    ] as Bucket;
    const wrongProject = await call('POST', '/api/v1/sources/acme/late', {
      source: { bucket_id: foreign.id },
    });
    expect(wrongProject.statusCode).toBe(400);

    expect((await call('DELETE', `/api/_private/buckets/id:${paged.id}`)).statusCode).toBe(200);
    expect((await call('GET', '/api/_private/buckets/acme/paged')).statusCode).toBe(404);
    const source = await call('GET', '/api/v1/sources/acme/late');
    expect((source.body['source'] as { bucket_id: string | null }).bucket_id).toBeNull();
    expect(await count('acme/late')).toBe(5);
    expect((await call('DELETE', `/api/_private/buckets/id:${paged.id}`)).statusCode).toBe(404);
  });

  it('stores keyed sync states per key and the bucket sync state', async () => {
    const bucket = (await call('GET', '/api/_private/buckets/acme/mail')).body['bucket'] as Bucket;
    const base = `/api/_private/buckets/id:${bucket.id}`;
    const state = (folder: string | null) => ({
      mailbox_name: 'legal@example.com',
      folder_id: folder,
      folder_path: folder === null ? null : ['Inbox', folder],
      status: 'UP_TO_DATE',
      synced_until: '2025-01-01T00:00:00Z',
      last_synced_at: '2025-01-02T00:00:00Z',
      fingerprint: '1700000000:42',
    });
    expect(
      (
        await call('PUT', `${base}/keyed-sync-state/00000000000000a1`, {
          keyed_sync_state: state(null),
        })
      ).statusCode,
    ).toBe(200);
    await call('PUT', `${base}/keyed-sync-state/00000000000000a2`, {
      keyed_sync_state: state('Contracts'),
    });
    await call('PUT', `${base}/keyed-sync-state/00000000000000b1`, {
      keyed_sync_state: { ...state(null), mailbox_name: 'other@example.com' },
    });
    // The official CLI encodes the trailing slash of `keyed-sync-states/`.
    const listed = await call('GET', `${base}/keyed-sync-states%2F`);
    expect(listed.statusCode).toBe(200);
    expect((listed.body['keyed_sync_states'] as unknown[]).length).toBe(3);
    expect((await call('GET', `${base}/keyed-sync-states/`)).body).toEqual(listed.body);
    const ids = await call('POST', `${base}/keyed-sync-state-ids`, {
      mailbox_name: 'legal@example.com',
    });
    expect(ids.body['keyed_sync_state_ids']).toEqual(['00000000000000a1', '00000000000000a2']);
    expect((await call('GET', `${base}/keyed-sync-state/00000000000000a2`)).body).toEqual({
      status: 'ok',
      keyed_sync_state: state('Contracts'),
    });
    expect((await call('DELETE', `${base}/keyed-sync-state/00000000000000a2`)).statusCode).toBe(
      200,
    );
    expect((await call('GET', `${base}/keyed-sync-state/00000000000000a2`)).statusCode).toBe(404);
    expect((await call('GET', `${base}/keyed-sync-state/not-hex`)).statusCode).toBe(400);
    const badStatus = await call('PUT', `${base}/keyed-sync-state/00000000000000a3`, {
      keyed_sync_state: { ...state(null), status: 'DONE' },
    });
    expect(badStatus.statusCode).toBe(400);

    expect((await call('GET', '/api/_private/bucket-sync-state/acme/mail')).body).toEqual({
      status: 'ok',
      bucket_sync_state: { sync_state: {} },
    });
    const syncState = {
      sync_state: { cursor: 'abc' },
      progress_timestamp: '2025-01-01T00:00:00Z',
      last_synced_at: '2025-01-02T00:00:00Z',
    };
    await call('PUT', '/api/_private/bucket-sync-state/acme%2Fmail', {
      bucket_sync_state: syncState,
    });
    expect(
      (await call('GET', '/api/_private/bucket-sync-state/acme/mail')).body['bucket_sync_state'],
    ).toEqual(syncState);
  });

  it('checks bucket permissions on every route and hides invisible projects', async () => {
    const bucket = (await call('GET', '/api/_private/buckets/acme/mail')).body['bucket'] as Bucket;
    const reader = await userToken('bucket-reader', { acme: ['buckets-read'] });
    expect(
      (await call('GET', '/api/_private/buckets/acme/mail', undefined, reader)).statusCode,
    ).toBe(200);
    const append = await call(
      'PUT',
      '/api/_private/buckets/acme/mail/emails',
      { emails: [email('<x@example.com>', 'x')] },
      reader,
    );
    expect(append.statusCode).toBe(403);
    expect(append.body.message).toContain('buckets-append');
    const items = await call('POST', '/api/_private/buckets/acme/mail/emails', {}, reader);
    expect(items.statusCode).toBe(403);
    const byId = await call('DELETE', `/api/_private/buckets/id:${bucket.id}`, undefined, reader);
    expect(byId.statusCode).toBe(403);
    const write = await call(
      'PUT',
      `/api/_private/buckets/id:${bucket.id}/keyed-sync-state/00000000000000c1`,
      {
        keyed_sync_state: {
          mailbox_name: 'm',
          folder_id: null,
          folder_path: null,
          status: 'IN_PROGRESS',
          synced_until: null,
          last_synced_at: '2025-01-01T00:00:00Z',
        },
      },
      reader,
    );
    expect(write.statusCode).toBe(403);

    const outsider = await userToken('outsider', { other: ['buckets-read'] });
    expect(
      (await call('GET', '/api/_private/buckets/acme/mail', undefined, outsider)).statusCode,
    ).toBe(404);
    expect(
      (await call('GET', `/api/_private/buckets/id:${bucket.id}`, undefined, outsider)).statusCode,
    ).toBe(404);
    const visible = (await call('GET', '/api/_private/buckets', undefined, outsider)).body[
      'buckets'
    ] as Bucket[];
    expect(visible.map((b) => b.owner)).toEqual(['other']);

    const appender = await userToken('appender', { acme: ['buckets-append'] });
    // Appending feeds the reading sources without the caller holding sources-add-comments there.
    const fed = await call(
      'PUT',
      '/api/_private/buckets/acme%2Fmail/emails',
      { emails: [email('<fed@example.com>', 'fed')] },
      appender,
    );
    expect(fed.statusCode).toBe(200);
    expect(await comment('acme/support', '<fed@example.com>')).not.toBeNull();
  });
});

describe('quotas', () => {
  let sift: TestApp;
  const call = (method: string, url: string, body?: unknown, token?: string) =>
    sift.call(method, url, {
      ...(body === undefined ? {} : { body }),
      ...(token === undefined ? {} : { token }),
    });
  type Quota = {
    quota_kind: string;
    hard_limit: number;
    current_max_usage: number;
    auto_increase_up_to?: number;
  };
  const quotas = async () => (await call('GET', '/api/_private/quotas')).body['quotas'] as Quota[];
  const quota = async (kind: string) => (await quotas()).find((q) => q.quota_kind === kind)!;

  beforeAll(async () => {
    sift = await startTestApp();
    await call('PUT', '/api/_private/projects/acme', { user_ids: [] });
  });
  afterAll(async () => {
    await sift.close();
  });

  it('lists every kind with its default limit and usage; set and reset change them', async () => {
    const all = await quotas();
    expect(all).toHaveLength(21);
    expect(all.map((q) => q.quota_kind)).toEqual([...all.map((q) => q.quota_kind)].sort());
    expect(await quota('pinned_models')).toEqual({
      quota_kind: 'pinned_models',
      hard_limit: 100,
      current_max_usage: 0,
    });
    expect(await quota('projects')).toMatchObject({
      hard_limit: 1_000_000_000,
      current_max_usage: 1,
    });

    expect(
      (
        await call('POST', '/api/_private/quotas/default/sources', {
          hard_limit: 5,
          auto_increase_up_to: 10,
        })
      ).statusCode,
    ).toBe(200);
    expect(await quota('sources')).toEqual({
      quota_kind: 'sources',
      hard_limit: 5,
      current_max_usage: 0,
      auto_increase_up_to: 10,
    });
    // Absent keeps the self-serve limit; null resets it.
    await call('POST', `/api/_private/quotas/${sift.deps.config.tenantName}/sources`, {
      hard_limit: 6,
    });
    expect(await quota('sources')).toMatchObject({ hard_limit: 6, auto_increase_up_to: 10 });
    expect(
      (await call('POST', '/api/_private/quotas/sources', { requested_limit: 9 })).statusCode,
    ).toBe(200);
    expect((await quota('sources')).hard_limit).toBe(9);
    const above = await call('POST', '/api/_private/quotas/sources', { requested_limit: 11 });
    expect(above.statusCode).toBe(400);
    await call('POST', '/api/_private/quotas/default/sources', {
      hard_limit: 6,
      auto_increase_up_to: null,
    });
    expect(await quota('sources')).toEqual({
      quota_kind: 'sources',
      hard_limit: 6,
      current_max_usage: 0,
    });
    expect((await call('DELETE', '/api/_private/quotas/default/sources')).statusCode).toBe(200);
    expect((await quota('sources')).hard_limit).toBe(1_000_000_000);

    expect((await call('GET', '/api/_private/quotas/elsewhere')).statusCode).toBe(404);
    const widgets = await call('POST', '/api/_private/quotas/default/widgets', { hard_limit: 1 });
    expect(widgets.statusCode).toBe(400);
    expect(widgets.body.message).toContain("Unknown quota kind 'widgets'");
  });

  it('refuses an ingest over a stored limit with a 400 and writes nothing', async () => {
    await call('PUT', '/api/_private/buckets/acme/mail', {});
    const bucket = (await call('GET', '/api/_private/buckets/acme/mail')).body['bucket'] as {
      id: string;
    };
    await call('PUT', '/api/v1/sources/acme/inbox', {
      source: { bucket_id: bucket.id, email_transform_tag: 'generic.0.CONVKER5' },
    });
    await call('POST', '/api/_private/quotas/default/comments_per_source', { hard_limit: 3 });
    const emails = (ids: string[]) =>
      ids.map((id) => ({
        id,
        mailbox: 'm',
        timestamp: '2025-01-01T00:00:00Z',
        mime_content: `Subject: ${id}\r\n\r\nbody ${id}`,
      }));
    expect(
      (await call('PUT', '/api/_private/buckets/acme/mail/emails', { emails: emails(['a', 'b']) }))
        .statusCode,
    ).toBe(200);
    const over = await call('PUT', '/api/_private/buckets/acme/mail/emails', {
      emails: emails(['c', 'd']),
    });
    expect(over.statusCode).toBe(400);
    expect(over.body.message).toBe("Quota 'comments_per_source' exceeded (limit 3)");
    expect(
      (await call('GET', '/api/_private/buckets/acme/mail/emails?id=c')).body['emails'],
    ).toEqual([]);
    // Re-sending stored emails adds no comment, so it stays within the limit.
    expect(
      (await call('PUT', '/api/_private/buckets/acme/mail/emails', { emails: emails(['a', 'b']) }))
        .statusCode,
    ).toBe(200);
    const sync = await call('POST', '/api/v1/sources/acme/inbox/sync', {
      comments: ['x', 'y'].map((id) => ({
        id,
        timestamp: '2025-01-01T00:00:00Z',
        messages: [{ body: { text: id } }],
      })),
    });
    expect(sync.statusCode).toBe(400);
    expect(sync.body.message).toBe("Quota 'comments_per_source' exceeded (limit 3)");
    expect((await quota('comments_per_source')).current_max_usage).toBe(2);

    await call('POST', '/api/_private/quotas/default/buckets', { hard_limit: 1 });
    const second = await call('PUT', '/api/_private/buckets/acme/second', {});
    expect(second.statusCode).toBe(400);
    expect(second.body.message).toBe("Quota 'buckets' exceeded (limit 1)");
  });

  it('needs a quota permission to read and tenant-quota-write to set', async () => {
    const created = await call('PUT', '/api/_private/users', {
      user: { username: 'plain', email: 'plain@example.com', organisation_permissions: {} },
    });
    const id = (created.body['user'] as { id: string }).id;
    const token = (await call('POST', `/api/_private/users/${id}/api-token`, {})).body[
      'token'
    ] as string;
    const read = await call('GET', '/api/_private/quotas', undefined, token);
    expect(read.statusCode).toBe(403);
    expect(read.body.message).toContain('tenant-quota-read');
    const write = await call(
      'POST',
      '/api/_private/quotas/default/sources',
      { hard_limit: 1 },
      token,
    );
    expect(write.statusCode).toBe(403);
  });
});
