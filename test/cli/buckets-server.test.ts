import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { commentIdOfEmail } from '../../src/domain/buckets/email-comment.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { runSift } from '../helpers/sift-cli.js';

// The bucket, email, quota and keyed-sync-state commands of cli.md against a real Sift server
// (test/cli/buckets-emails-quotas.test.ts checks the exact requests against a scripted server).

const TOKEN = 'sift_cli-buckets-admin-token-0001';
const FIXTURES = fileURLToPath(new URL('../fixtures/emails/', import.meta.url));

describe('sift bucket, email, quota and keyed-sync-state commands against a real server', () => {
  let server: ServerProcess;
  let directory: string;
  const sift = (args: string[]) => runSift(['--endpoint', server.url, '--token', TOKEN, ...args]);
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'sift-cli-buckets-server-'));
    server = await startServerProcess({
      SIFT_DATA_DIR: join(directory, 'data'),
      SIFT_ADMIN_TOKEN: TOKEN,
      SIFT_WORKER: 'off',
    });
    await api('PUT', '/api/_private/projects/acme', { user_ids: [] });
  }, 30_000);

  afterAll(async () => {
    await server.stop('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
  });

  it('creates a bucket, feeds a source from uploaded emails and downloads them again', async () => {
    const created = await sift(['-o', 'json', 'create', 'bucket', 'acme/mail', '--title', 'Mail']);
    expect(created.code, created.stderr).toBe(0);
    const bucket = JSON.parse(created.stdout) as { id: string; name: string; owner: string };
    expect(bucket).toMatchObject({ name: 'mail', owner: 'acme' });
    expect(created.stderr).toContain(
      `New bucket \`acme/mail\` [id: ${bucket.id}] created successfully`,
    );
    const again = await sift(['create', 'bucket', 'acme/mail']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('409');

    const source = await sift([
      'create',
      'source',
      'acme/support',
      '--bucket',
      'acme/mail',
      '--transform-tag',
      'generic.0.CONVKER5',
    ]);
    expect(source.code, source.stderr).toBe(0);
    const sources = await sift(['get', 'sources']);
    expect(sources.stdout.split('\n')[1]).toMatch(
      /^acme\/support\s+\S+\s+.+generic\.0\.CONVKER5\s+mail/,
    );

    const file = join(directory, 'emails.jsonl');
    writeFileSync(
      file,
      ['e-1', 'e-2', 'e-3']
        .map((id, index) =>
          JSON.stringify({
            id: `<${id}@example.com>`,
            mailbox: 'support@example.com',
            timestamp: `2025-01-0${index + 1}T09:00:00Z`,
            mime_content: `Message-ID: <${id}@example.com>\r\nSubject: Order ${id}\r\nFrom: ann@example.org\r\n\r\nWhere is order ${id}?`,
            metadata: { folder: ['Inbox'] },
          }),
        )
        .join('\n'),
    );
    const upload = await sift([
      'create',
      'emails',
      '-b',
      'acme/mail',
      '-f',
      file,
      '--batch-size',
      '2',
      '--yes',
      '--no-progress',
    ]);
    expect(upload.code, upload.stderr).toBe(0);
    expect(upload.stderr).toContain('Successfully uploaded 3 emails');

    const comment = await api(
      'GET',
      `/api/v1/sources/acme/support/comments/${commentIdOfEmail('<e-2@example.com>')}`,
    );
    expect(comment.status).toBe(200);
    expect(comment.body['comment']).toMatchObject({
      timestamp: '2025-01-02T09:00:00.000000Z',
      messages: [{ subject: { text: 'Order e-2' }, body: { text: 'Where is order e-2?' } }],
      user_properties: { 'string:Folder': 'Inbox' },
    });

    const stats = await sift(['get', 'buckets', '--stats']);
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.stdout.split('\n')[1]).toMatch(/^acme\/mail\s+[0-9a-f]{16}\s+\S+ \S+\s+=3$/);

    const out = join(directory, 'emails-out.jsonl');
    const download = await sift(['get', 'emails', 'acme/mail', '-f', out]);
    expect(download.code, download.stderr).toBe(0);
    expect(download.stderr).toContain('Successfully downloaded 3 emails.');
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { id: string }).id)).toEqual([
      '<e-1@example.com>',
      '<e-2@example.com>',
      '<e-3@example.com>',
    ]);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      mailbox: 'support@example.com',
      timestamp: '2025-01-01T09:00:00Z',
      metadata: { folder: ['Inbox'] },
      attachments: [],
    });
    const one = await sift(['get', 'emails', 'acme/mail', '<e-3@example.com>']);
    expect(one.code, one.stderr).toBe(0);
    expect((JSON.parse(one.stdout) as { id: string }).id).toBe('<e-3@example.com>');

    // `parse emls` uploads a directory of .eml files into the bucket.
    const emls = join(directory, 'emls');
    mkdirSync(emls);
    copyFileSync(join(FIXTURES, 'outlook-reply.eml'), join(emls, 'reply.eml'));
    const parsed = await sift(['parse', 'emls', '-d', emls, '-b', 'acme/mail', '--yes']);
    expect(parsed.code, parsed.stderr).toBe(0);
    const reply = await api(
      'GET',
      `/api/v1/sources/acme/support/comments/${commentIdOfEmail('<reply-2@mail.example.com>')}`,
    );
    expect(reply.status).toBe(200);
    expect((reply.body['comment'] as { messages: unknown[] }).messages).toHaveLength(2);
  }, 60_000);

  it('lists and deletes the keyed sync states of a mailbox', async () => {
    const bucket = (await api('GET', '/api/_private/buckets/acme/mail')).body['bucket'] as {
      id: string;
    };
    const put = (key: string, mailbox: string, folder: string | null) =>
      api('PUT', `/api/_private/buckets/id:${bucket.id}/keyed-sync-state/${key}`, {
        keyed_sync_state: {
          mailbox_name: mailbox,
          folder_id: folder,
          folder_path: folder === null ? null : ['INBOX', folder],
          status: folder === null ? 'IN_PROGRESS' : 'UP_TO_DATE',
          synced_until: folder === null ? null : '2025-01-05T10:20:30Z',
          last_synced_at: '2025-01-06T00:00:00Z',
        },
      });
    await put('00000000000000a1', 'legal@example.com', null);
    await put('00000000000000a2', 'legal@example.com', 'Contracts');
    await put('00000000000000b1', 'sales@example.com', null);

    const table = await sift(['get', 'keyed-sync-states', 'acme/mail']);
    expect(table.code, table.stderr).toBe(0);
    const rows = table.stdout.trimEnd().split('\n');
    expect(rows[0]!.split(/\s{2,}/)).toEqual([
      'Type',
      'Mailbox Name',
      'Folder Path',
      'Status',
      'Synced Until',
      'Last Synced At',
    ]);
    expect(rows).toHaveLength(4);
    expect(rows[2]).toMatch(
      /^Folder\s+legal@example\.com\s+INBOX\/Contracts\s+Up to date\s+Sun, 5 Jan 2025 10:20:30 \+0000\s+2025-01-06 00:00:00 UTC$/,
    );
    expect(rows[1]).toMatch(/^Mailbox\s+legal@example\.com\s+N\/A\s+In progress\s+N\/A\s+/);
    const json = await sift(['-o', 'json', 'get', 'keyed-sync-states', `${bucket.id}`]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout.split('\n')[0]!)).toEqual({
      mailbox_name: 'legal@example.com',
      folder_id: null,
      folder_path: null,
      status: 'IN_PROGRESS',
      synced_until: null,
      last_synced_at: '2025-01-06T00:00:00Z',
    });

    const removed = await sift(['delete', 'keyed-sync-states', 'acme/mail', 'legal@example.com']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stderr).toContain('Delete keyed sync state 00000000000000a1');
    expect(removed.stderr).toContain('Delete keyed sync state 00000000000000a2');
    const left = (await api('GET', `/api/_private/buckets/id:${bucket.id}/keyed-sync-states/`))
      .body['keyed_sync_states'] as { mailbox_name: string }[];
    expect(left.map((state) => state.mailbox_name)).toEqual(['sales@example.com']);
  }, 60_000);

  it('sets and reads quotas; an upload over the limit fails and writes nothing', async () => {
    const set = await sift([
      'create',
      'quota',
      '--reinfer-tenant-id',
      'default',
      '--quota-kind',
      'comments_per_source',
      '--limit',
      '5',
      '--auto-increase-up-to',
      '10',
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stderr).toContain(
      'New quota `comments_per_source` set successfully in tenant with id `default`',
    );
    const table = await sift(['get', 'quotas']);
    expect(table.code, table.stderr).toBe(0);
    const row = table.stdout.split('\n').find((line) => line.startsWith('comments_per_source'));
    expect(row).toMatch(/^comments_per_source\s+5\s+10\s+4\s+80$/);
    const json = await sift(['-o', 'json', 'get', 'quotas', '-t', 'default']);
    expect(json.stdout.split('\n').filter((line) => line !== '')).toHaveLength(21);

    const file = join(directory, 'over.jsonl');
    writeFileSync(
      file,
      ['x-1', 'x-2']
        .map((id) =>
          JSON.stringify({
            id,
            mailbox: 'm',
            timestamp: '2025-02-01T00:00:00Z',
            mime_content: `Subject: ${id}\r\n\r\n${id}`,
          }),
        )
        .join('\n'),
    );
    const over = await sift(['create', 'emails', '-b', 'acme/mail', '-f', file, '--yes']);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain("Quota 'comments_per_source' exceeded (limit 5)");
    const stored = await api('GET', '/api/_private/buckets/acme/mail/emails?id=x-1');
    expect(stored.body['emails']).toEqual([]);
  }, 60_000);

  it('lists integrations without their password, as a table and as JSON Lines', async () => {
    const created = await api('PUT', '/api/_private/integrations/acme/support', {
      integration: {
        title: 'Support',
        type: 'imap',
        configuration: {
          connection: {
            kind: 'imap',
            host: 'imap.example.com',
            port: 993,
            tls: 'implicit',
            username: 'support',
            password: 'never-printed',
          },
          mailboxes: [
            {
              email: 'support@example.com',
              bucket_specification: { project_name: 'acme', name: 'mail', title: 'Mail' },
            },
          ],
        },
      },
    });
    expect(created.status).toBe(200);
    const table = await sift(['get', 'integrations']);
    expect(table.code, table.stderr).toBe(0);
    const [header, row] = table.stdout.split('\n');
    expect(header).toMatch(/^Project\s+Name\s+ID\s+Created \(UTC\)\s+Mailbox Count$/);
    expect(row).toMatch(
      /^acme\s+support\s+[0-9a-f]{16}\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\s+1$/,
    );
    const file = join(directory, 'integrations.jsonl');
    const saved = await sift(['get', 'integrations', 'acme/support', '-f', file]);
    expect(saved.code, saved.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('never-printed');
    expect(JSON.parse(text.trim())).toMatchObject({
      owner: 'acme',
      name: 'support',
      type: 'imap',
      enabled: true,
      disabled_reason: null,
      configuration: {
        connection: { host: 'imap.example.com', tls: 'implicit' },
        mailboxes: [
          {
            email: 'support@example.com',
            enabled: true,
            bucket_specification: { project_name: 'acme', name: 'mail', title: 'Mail' },
          },
        ],
      },
    });
    const bad = await sift(['get', 'integrations', 'acme']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Expected <owner>/<name>: acme');
  }, 60_000);

  it('deletes a bucket by name; the source keeps its comments and loses the bucket', async () => {
    const removed = await sift(['delete', 'bucket', 'acme/mail']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stderr).toContain('Deleted bucket.');
    const buckets = await sift(['-o', 'json', 'get', 'buckets']);
    expect(buckets.stdout).toBe('');
    const source = await api('GET', '/api/v1/sources/acme/support');
    expect((source.body['source'] as { bucket_id: unknown }).bucket_id).toBeNull();
    const missing = await sift(['delete', 'bucket', 'acme/mail']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Bucket 'acme/mail' not found");
  }, 60_000);
});
