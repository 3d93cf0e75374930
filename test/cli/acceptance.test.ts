import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { runSift } from '../helpers/sift-cli.js';

const TOKEN = 'sift_cli-acceptance-admin-token-01';

const SOURCE_KEYS = [
  'id',
  'owner',
  'name',
  'title',
  'description',
  'language',
  'should_translate',
  'created_at',
  'updated_at',
  'bucket_id',
  '_kind',
  'email_transform_tag',
];
const DATASET_KEYS = [
  'id',
  'name',
  'owner',
  'title',
  'description',
  'created',
  'last_modified',
  'model_family',
  'source_ids',
  'has_sentiment',
  'entity_defs',
  'general_fields',
  'label_defs',
  'label_groups',
  '_dataset_flags',
  '_model_config',
];
const USER_KEYS = [
  'id',
  'username',
  'email',
  'created',
  'global_permissions',
  'organisation_permissions',
  'sso_global_permissions',
  'verified',
];

describe('sift CLI acceptance (issue "The sift CLI")', () => {
  let server: ServerProcess;
  let directory: string;
  let contexts: string;
  const sift = (args: string[]) => runSift(['--config-file', contexts, ...args]);

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'sift-cli-acceptance-'));
    contexts = join(directory, 'config', 'contexts.json');
    server = await startServerProcess({
      SIFT_DATA_DIR: join(directory, 'data'),
      SIFT_ADMIN_TOKEN: TOKEN,
      SIFT_WORKER: 'off',
    });
  }, 30_000);
  afterAll(async () => {
    await server.stop('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
  });

  it('walks the acceptance scenario from a fresh contexts file', async () => {
    const added = await sift(['config', 'add', '-n', 'local', '-e', server.url, '-t', TOKEN]);
    expect(added.code).toBe(0);
    expect(added.stderr).toContain('W Configuration file `');
    expect(added.stderr).toContain('I New context `local` was created.');
    expect(added.stderr).toContain('I Default context set to `local`.');
    expect(statSync(contexts).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(contexts)).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(contexts, 'utf8'))).toEqual({
      current_context: 'local',
      contexts: [
        {
          name: 'local',
          endpoint: `${server.url}/`,
          token: TOKEN,
          accept_invalid_certificates: false,
          proxy: null,
        },
      ],
      context_is_required: false,
    });

    const listed = await sift(['config', 'ls']);
    expect(listed.code).toBe(0);
    const [header, row] = listed.stdout.trimEnd().split('\n');
    expect(header!.split(/\s+/)).toEqual([
      'Active',
      'Context',
      'Endpoint',
      'Insecure',
      'Token',
      'Proxy',
    ]);
    expect(row!.split(/\s+/)).toEqual(['->', 'local', `${server.url}/`, 'No', '<Hidden>']);

    const me = await sift(['-o', 'json', 'get', 'current-user']);
    expect(me.code).toBe(0);
    const user = JSON.parse(me.stdout) as { id: string; username: string };
    expect(Object.keys(user)).toEqual(USER_KEYS);
    expect(user.username).toBe('admin');

    const project = await sift([
      'create',
      'project',
      'alpha',
      '--user-ids',
      user.id,
      '--title',
      'Alpha',
    ]);
    expect(project.code).toBe(0);
    expect(project.stderr).toContain('I New project `alpha` created successfully');
    expect(project.stdout).toMatch(/^Name\s+ID\s+Title\nalpha\s+[0-9a-f]{16}\s+Alpha\n$/);

    const source = await sift(['create', 'source', 'alpha/inbox', '--title', 'Inbox']);
    expect(source.code).toBe(0);
    expect(source.stderr).toMatch(
      /I New source `alpha\/inbox` \[id: [0-9a-f]{16}\] created successfully/,
    );

    const sources = await sift(['-o', 'json', 'get', 'sources']);
    expect(sources.code).toBe(0);
    const lines = sources.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const printed = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(printed).slice(0, 5)).toEqual([
      'id',
      'owner',
      'name',
      'title',
      'description',
    ]);
    expect(Object.keys(printed)).toEqual(SOURCE_KEYS);
    expect(printed).toMatchObject({
      owner: 'alpha',
      name: 'inbox',
      title: 'Inbox',
      bucket_id: null,
    });

    const upload = join(directory, 'comments.jsonl');
    const written = Array.from({ length: 3000 }, (_, index) => ({
      comment: {
        id: `c-${index}`,
        timestamp: new Date(Date.UTC(2025, 0, 1) + index * 60_000)
          .toISOString()
          .replace('.000Z', 'Z'),
        messages: [
          {
            subject: { text: `Ticket ${index}` },
            body: { text: `Comment number ${index}: where is my refund?` },
            from: `user${index % 13}@example.org`,
            to: ['support@example.com'],
          },
        ],
        user_properties: {
          'string:Channel': index % 2 === 0 ? 'email' : 'chat',
          'number:Score': index % 7,
        },
      },
    }));
    writeFileSync(upload, `${written.map((line) => JSON.stringify(line)).join('\n')}\n`);
    const uploaded = await sift([
      'create',
      'comments',
      '--source',
      'alpha/inbox',
      '-f',
      upload,
      '--yes',
      '--no-progress',
    ]);
    expect(uploaded.code).toBe(0);
    expect(uploaded.stdout).toBe('');
    expect(uploaded.stderr).toContain(
      `I Uploading comments from file \`${upload}\` to source \`alpha/inbox\` [id: ${String(printed['id'])}]`,
    );
    expect(uploaded.stderr).toContain(
      'I Successfully uploaded 3000 comments (of which 0 are annotated). 0 skipped',
    );

    const download = join(directory, 'download.jsonl');
    const downloaded = await sift(['get', 'comments', 'alpha/inbox', '-f', download]);
    expect(downloaded.code).toBe(0);
    expect(downloaded.stderr).toContain('I Successfully downloaded 3000 comments [0 annotated].');
    const back = readFileSync(download, 'utf8').trimEnd().split('\n');
    expect(back).toHaveLength(3000);
    const first = JSON.parse(back[0]!) as { comment: Record<string, unknown> };
    expect(Object.keys(first)).toEqual(['comment']);
    expect(Object.keys(first.comment)).toEqual([
      'id',
      'uid',
      'timestamp',
      'messages',
      'user_properties',
      'created_at',
      'has_annotations',
    ]);
    // Round trip (cli.md §6.2): same id, timestamp, messages and user properties per comment.
    const byId = new Map(
      back.map((line) => {
        const { comment } = JSON.parse(line) as { comment: Record<string, unknown> };
        return [comment['id'], comment] as const;
      }),
    );
    for (const { comment } of [written[0]!, written[1234]!, written[2999]!]) {
      expect(byId.get(comment.id)).toMatchObject({
        timestamp: comment.timestamp,
        messages: comment.messages,
        user_properties: comment.user_properties,
      });
    }
    // Number properties print as floats, as the official client's f64 model does.
    expect(back.find((line) => line.includes('"id":"c-7"'))).toContain('"number:Score":0.0');

    const dataset = await sift([
      '-o',
      'json',
      'create',
      'dataset',
      'alpha/claims',
      '--source',
      'alpha/inbox',
      '--title',
      'Claims',
      '--label-defs',
      '[{"name":"Refund"},{"name":"Refund > Late","instructions":"Late refunds"}]',
    ]);
    expect(dataset.code).toBe(0);
    expect(dataset.stderr).toMatch(
      /I New dataset `alpha\/claims` \[id: [0-9a-f]{16}\] created successfully/,
    );
    const created = JSON.parse(dataset.stdout) as Record<string, unknown>;
    expect(Object.keys(created)).toEqual(DATASET_KEYS);
    expect(created['source_ids']).toEqual([printed['id']]);
    expect(created['label_defs']).toEqual([
      { name: 'Refund', instructions: '', title: '' },
      { name: 'Refund > Late', instructions: 'Late refunds', title: '' },
    ]);

    const table = await sift(['get', 'datasets']);
    expect(table.code).toBe(0);
    const [tableHeader, tableRow] = table.stdout.split('\n');
    expect(tableHeader).toMatch(/^Name\s+ID\s+Updated \(UTC\)\s+Title$/);
    expect(tableRow).toMatch(
      /^alpha\/claims\s+[0-9a-f]{16}\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\s+Claims$/,
    );

    const deletedDataset = await sift(['delete', 'dataset', 'alpha/claims']);
    expect(deletedDataset.code).toBe(0);
    expect(deletedDataset.stderr).toContain('I Deleted dataset.');
    const deletedSource = await sift(['delete', 'source', 'alpha/inbox']);
    expect(deletedSource.code).toBe(0);
    expect(deletedSource.stderr).toContain('I Deleted source.');

    const missing = await sift(['get', 'source', 'alpha/inbox']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('E An error occurred:');
    expect(missing.stderr).toContain('E  |- API request failed with 404 Not Found: ');
  }, 60_000);
});
