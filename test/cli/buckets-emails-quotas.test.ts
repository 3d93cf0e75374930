import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { Io } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';

// These commands run against a stub that answers as api.md §6.2, §6.3 and §6.11 specify, so the test
// can check the exact requests of cli.md §5 (test/cli/buckets-server.test.ts runs them against Sift).
type Call = { method: string; url: string; body: unknown };

const BUCKET = {
  id: '00000000000000b1',
  owner: 'acme',
  name: 'mail',
  title: 'Mail',
  bucket_type: 'emails',
  created_at: '2025-01-02T03:04:05.000000Z',
  extra_server_key: 1,
};

function email(id: string): Record<string, unknown> {
  return {
    updated_at: '2025-01-03T00:00:00.500Z',
    created_at: '2025-01-03T00:00:00Z',
    attachments: [],
    metadata: { folder: ['Inbox'], unknown: true, received_at: '2025-01-01T10:00:00+01:00' },
    mime_content: `Message-ID: <${id}>\r\n\r\nbody`,
    timestamp: '2025-01-01T09:00:00Z',
    mailbox: 'support@example.com',
    id,
  };
}

describe('bucket, email and quota commands', () => {
  let server: Server;
  let endpoint: string;
  let directory: string;
  let calls: Call[] = [];
  let pages: Record<string, unknown>[] = [];

  const routes: Record<string, (call: Call) => [number, Record<string, unknown>]> = {
    'GET /auth/user': () => [200, { user: { id: '0123456789abcdef', email: 'a@example.org' } }],
    'POST /auth/refresh-user-permissions': () => [200, { permissions_refreshed: true }],
    'PUT /api/_private/buckets/acme/mail': () => [200, { bucket: BUCKET }],
    'GET /api/_private/buckets/acme/mail': () => [200, { bucket: BUCKET }],
    'GET /api/_private/buckets/acme/missing': () => [
      404,
      { status: 'error', message: "Bucket 'acme/missing' not found" },
    ],
    'DELETE /api/_private/buckets/id:00000000000000b1': () => [200, {}],
    'PUT /api/_private/buckets/acme/mail/emails?no_charge=false': () => [200, {}],
    'GET /api/_private/buckets/acme/mail/statistics': () => [
      200,
      { statistics: { count: { kind: 'exact', value: 3 } } },
    ],
    'POST /api/_private/buckets/acme/mail/emails': () => [200, pages.shift() ?? { emails: [] }],
    'GET /api/_private/buckets/acme/mail/emails?id=e-2': () => [200, { emails: [email('e-2')] }],
    'GET /api/_private/quotas': () => [
      200,
      {
        quotas: [
          {
            quota_kind: 'comments',
            hard_limit: 1_000_000_000,
            current_max_usage: 12_345,
            auto_increase_up_to: 2_000_000_000,
          },
          { quota_kind: 'pinned_models', hard_limit: 0, current_max_usage: 0 },
        ],
      },
    ],
    'GET /api/_private/quotas/sift': () => [200, { quotas: [] }],
    'POST /api/_private/quotas/sift/sources': () => [200, {}],
  };

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'sift-cli-buckets-'));
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        const call: Call = {
          method: request.method ?? '',
          url: request.url ?? '',
          body: text === '' ? undefined : (JSON.parse(text) as unknown),
        };
        calls.push(call);
        const route = routes[`${call.method} ${call.url}`];
        const [status, payload] = route
          ? route(call)
          : [404, { status: 'error', message: `no stub for ${call.method} ${call.url}` }];
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ status: status === 200 ? 'ok' : 'error', ...payload }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(directory, { recursive: true, force: true });
  });
  beforeEach(() => {
    calls = [];
    pages = [];
  });

  async function sift(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const out = { stdout: '', stderr: '' };
    const io: Io = {
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { write: (text: string) => (out.stderr += text) },
      env: { SIFT_CLI_RETRY_WAITS_MS: '1,1,1' },
    };
    const code = await runCli(
      [
        '--config-file',
        join(directory, 'none.json'),
        '--endpoint',
        endpoint,
        '--token',
        't',
        ...args,
      ],
      io,
    );
    return { code, ...out };
  }
  const requests = () =>
    calls.filter((call) => call.url !== '/auth/user').map((call) => `${call.method} ${call.url}`);

  it('create bucket sends the bucket type and title, prints the bucket', async () => {
    const run = await sift(['-o', 'json', 'create', 'bucket', 'acme/mail', '--title', 'Mail']);
    expect(run.code).toBe(0);
    expect(requests()).toEqual([
      'POST /auth/refresh-user-permissions',
      'PUT /api/_private/buckets/acme/mail',
    ]);
    expect(calls.at(-1)!.body).toEqual({ bucket: { bucket_type: 'emails', title: 'Mail' } });
    expect(run.stderr).toContain(
      'I New bucket `acme/mail` [id: 00000000000000b1] created successfully',
    );
    expect(run.stdout).toBe(
      '{"id":"00000000000000b1","name":"mail","owner":"acme","created_at":"2025-01-02T03:04:05Z"}\n',
    );

    const table = await sift(['create', 'buck', 'acme/mail']);
    expect(table.stdout.split('\n')[0]).toMatch(/^Name\s+ID\s+Created \(UTC\)\s+Num Emails$/);
    expect(table.stdout.split('\n')[1]).toMatch(
      /^acme\/mail\s+00000000000000b1\s+2025-01-02 03:04:05\s+none$/,
    );
  });

  it('create bucket rejects bad names and types before any request', async () => {
    const badType = await sift(['create', 'bucket', 'acme/mail', '--type', 'chats']);
    expect(badType.code).toBe(1);
    expect(badType.stderr).toContain('Expected a valid bucket type, got: chats');
    const badName = await sift(['create', 'bucket', 'acme/mail/x']);
    expect(badName.code).toBe(1);
    expect(badName.stderr).toContain('Expected <owner>/<name>, got: acme/mail/x');
    expect(calls).toEqual([]);
  });

  it('delete bucket resolves the name to an id; a missing bucket is an API error', async () => {
    const run = await sift(['delete', 'bucket', 'acme/mail']);
    expect(run.code).toBe(0);
    expect(requests()).toEqual([
      'GET /api/_private/buckets/acme/mail',
      'DELETE /api/_private/buckets/id:00000000000000b1',
    ]);
    expect(run.stderr).toContain('I Deleted bucket.');

    const missing = await sift(['delete', 'bucket', 'acme/missing']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('E  |- Operation to delete bucket has failed.');
    expect(missing.stderr).toContain(
      "API request failed with 404 Not Found: Bucket 'acme/missing' not found",
    );
  });

  it('create emails uploads JSON Lines in batches and reports the count', async () => {
    const file = join(directory, 'emails.jsonl');
    writeFileSync(
      file,
      ['e-1', 'e-2', 'e-3']
        .map((id) =>
          JSON.stringify({
            id,
            mailbox: 'support@example.com',
            timestamp: '2025-01-01T09:00:00Z',
            mime_content: 'Subject: hi\r\n\r\nhello',
            metadata: null,
          }),
        )
        .join('\n'),
    );
    const run = await sift([
      'create',
      'emails',
      '-b',
      'acme/mail',
      '-f',
      file,
      '--batch-size',
      '2',
    ]);
    expect(run.code).toBe(0);
    expect(requests()).toEqual([
      'POST /auth/refresh-user-permissions',
      'GET /api/_private/buckets/acme/mail',
      'PUT /api/_private/buckets/acme/mail/emails?no_charge=false',
      'PUT /api/_private/buckets/acme/mail/emails?no_charge=false',
    ]);
    const sent = calls
      .filter((call) => call.method === 'PUT')
      .map((call) => (call.body as { emails: { id: string }[] }).emails.map((e) => e.id));
    expect(sent).toEqual([['e-1', 'e-2'], ['e-3']]);
    expect(
      (calls.find((call) => call.method === 'PUT')!.body as { emails: object[] }).emails[0],
    ).toEqual({
      id: 'e-1',
      mailbox: 'support@example.com',
      timestamp: '2025-01-01T09:00:00Z',
      mime_content: 'Subject: hi\r\n\r\nhello',
    });
    expect(run.stderr).toContain('I Successfully uploaded 3 emails');

    writeFileSync(file, '{"id":"e-9","mailbox":"m"}\n');
    const bad = await sift(['create', 'emails', '-b', 'acme/mail', '-f', file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Could not parse email at line 1 from input stream');
  });

  it('get emails pages with continuations and prints the email model of cli.md §7', async () => {
    pages = [
      { emails: [email('e-1'), email('e-2')], continuation: 'next-1' },
      { emails: [email('e-3')] },
    ];
    const file = join(directory, 'emails-out.jsonl');
    const run = await sift(['get', 'emails', 'acme/mail', '-f', file]);
    expect(run.code).toBe(0);
    expect(requests()).toEqual([
      'GET /api/_private/buckets/acme/mail',
      'GET /api/_private/buckets/acme/mail/statistics',
      'POST /api/_private/buckets/acme/mail/emails',
      'POST /api/_private/buckets/acme/mail/emails',
    ]);
    expect(calls.filter((call) => call.method === 'POST').map((call) => call.body)).toEqual([
      { limit: 64 },
      { limit: 64, continuation: 'next-1' },
    ]);
    expect(run.stderr).toContain('I Successfully downloaded 3 emails.');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      JSON.stringify({
        id: 'e-1',
        mailbox: 'support@example.com',
        timestamp: '2025-01-01T09:00:00Z',
        mime_content: 'Message-ID: <e-1>\r\n\r\nbody',
        metadata: { folder: ['Inbox'], received_at: '2025-01-01T09:00:00Z' },
        attachments: [],
        created_at: '2025-01-03T00:00:00Z',
        updated_at: '2025-01-03T00:00:00.500Z',
      }),
    );

    const one = await sift(['get', 'emails', 'acme/mail', 'e-2']);
    expect(one.code).toBe(0);
    expect(requests()).toContain('GET /api/_private/buckets/acme/mail/emails?id=e-2');
    expect((JSON.parse(one.stdout) as { id: string }).id).toBe('e-2');
  });

  it('get quotas prints the table with separators and N/A, or the quota model', async () => {
    const table = await sift(['get', 'quotas']);
    expect(table.code).toBe(0);
    const [header, comments, pinned] = table.stdout.split('\n');
    expect(header).toMatch(/^Kind\s+Hard Limit\s+Self-serve limit\s+Usage \(Total\)\s+Usage %$/);
    expect(comments).toMatch(/^comments\s+1,000,000,000\s+2,000,000,000\s+12,345\s+0$/);
    expect(pinned).toMatch(/^pinned_models\s+0\s+N\/A\s+0\s+N\/A$/);

    const json = await sift(['-o', 'json', 'get', 'quotas', '-t', 'sift']);
    expect(json.code).toBe(0);
    expect(requests()).toEqual(['GET /api/_private/quotas', 'GET /api/_private/quotas/sift']);
    const again = await sift(['-o', 'json', 'get', 'quotas']);
    expect(again.stdout.split('\n')[0]).toBe(
      '{"hard_limit":1000000000,"quota_kind":"comments","current_max_usage":12345,"auto_increase_up_to":2000000000}',
    );
  });

  it('create quota posts the limit to the tenant and kind; checks the kind and the tenant flags', async () => {
    const run = await sift([
      'create',
      'quota',
      '--reinfer-tenant-id',
      'sift',
      '--quota-kind',
      'sources',
      '--limit',
      '25',
    ]);
    expect(run.code).toBe(0);
    expect(calls.at(-1)).toEqual({
      method: 'POST',
      url: '/api/_private/quotas/sift/sources',
      body: { hard_limit: 25 },
    });
    expect(run.stderr).toContain('I New quota `sources` set successfully in tenant with id `sift`');

    calls = [];
    const badKind = await sift([
      'create',
      'quota',
      '--uipath-tenant-id',
      'sift',
      '--quota-kind',
      'widgets',
      '--limit',
      '1',
    ]);
    expect(badKind.code).toBe(1);
    expect(badKind.stderr).toContain('Expected a valid quota kind, got: widgets');
    const noTenant = await sift(['create', 'quota', '--quota-kind', 'sources', '--limit', '1']);
    expect(noTenant.code).toBe(1);
    expect(noTenant.stderr).toContain(
      'Exactly one of `--reinfer-tenant-id` and `--uipath-tenant-id`',
    );
    expect(calls).toEqual([]);
  });
});
