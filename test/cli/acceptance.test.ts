import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const BIN = fileURLToPath(new URL('../../bin/sift.js', import.meta.url));
const TOKEN = 'sift_cli-test-admin-token-000001';

type Run = { code: number | null; stdout: string; stderr: string };

describe('sift CLI against a real server', () => {
  let server: ServerProcess;
  let directory: string;
  let contexts: string;

  const sift = (args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, '--config-file', contexts, ...args], {
        env: { ...process.env, SIFT_ENDPOINT: '', SIFT_TOKEN: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'sift-cli-'));
    contexts = join(directory, 'config', 'contexts.json');
    server = await startServerProcess({
      SIFT_DATA_DIR: join(directory, 'data'),
      SIFT_ADMIN_TOKEN: TOKEN,
    });
  }, 30_000);
  afterAll(async () => {
    await server.stop('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
  });

  it('walks the acceptance scenario of the CLI issue', async () => {
    const added = await sift(['config', 'add', '-n', 'local', '-e', server.url, '-t', TOKEN]);
    expect(added.code).toBe(0);
    expect(added.stderr).toContain('New context `local` was created.');
    expect(statSync(contexts).mode & 0o777).toBe(0o600);
    const listed = await sift(['config', 'ls']);
    expect(listed.stdout).toMatch(/^Active\s+Context\s+Endpoint/);
    expect(listed.stdout).toContain('<Hidden>');

    const me = await sift(['-o', 'json', 'get', 'current-user']);
    expect(Object.keys(JSON.parse(me.stdout) as object)).toEqual([
      'id',
      'username',
      'email',
      'created',
      'global_permissions',
      'organisation_permissions',
      'sso_global_permissions',
      'verified',
    ]);

    expect((await sift(['create', 'proj', 'alpha'])).code).toBe(0);
    expect((await sift(['create', 'source', 'alpha/inbox', '--title', 'Inbox'])).code).toBe(0);
    const sources = await sift(['-o', 'json', 'get', 'sources']);
    const source = JSON.parse(sources.stdout.trim()) as Record<string, unknown>;
    expect(Object.keys(source).slice(0, 5)).toEqual([
      'id',
      'owner',
      'name',
      'title',
      'description',
    ]);

    const file = join(directory, 'comments.jsonl');
    writeFileSync(
      file,
      Array.from({ length: 3000 }, (_, index) =>
        JSON.stringify({
          id: `c${index}`,
          timestamp: '2025-01-01T00:00:00Z',
          messages: [{ body: { text: `comment ${index}` } }],
        }),
      ).join('\n'),
    );
    const upload = await sift([
      'create',
      'comments',
      '--source',
      'alpha/inbox',
      '-f',
      file,
      '--yes',
      '--no-progress',
    ]);
    expect(upload.code).toBe(0);
    expect(upload.stderr).toContain('3000 comments');
    const download = join(directory, 'download.jsonl');
    const got = await sift(['get', 'comments', 'alpha/inbox', '-f', download]);
    expect(got.code).toBe(0);
    const lines = readFileSync(download, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3000);
    expect(Object.keys((JSON.parse(lines[0]!) as { comment: object }).comment)).toEqual([
      'id',
      'uid',
      'timestamp',
      'messages',
      'created_at',
      'has_annotations',
    ]);

    const dataset = await sift([
      'create',
      'dataset',
      'alpha/claims',
      '--source',
      'alpha/inbox',
      '--label-defs',
      '[{"name":"Refund"},{"name":"Refund > Late"}]',
    ]);
    expect(dataset.code).toBe(0);
    const table = await sift(['get', 'datasets']);
    expect(table.stdout.split('\n')[0]).toMatch(/^Name\s+ID\s+Updated \(UTC\)\s+Title/);
    expect(table.stdout).toContain('alpha/claims');

    expect((await sift(['delete', 'dataset', 'alpha/claims'])).code).toBe(0);
    expect((await sift(['delete', 'source', 'alpha/inbox'])).code).toBe(0);
    const missing = await sift(['get', 'source', 'alpha/inbox']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('E An error occurred:');
    expect(missing.stderr).toContain(
      "API request failed with 404 Not Found: Source 'alpha/inbox' not found",
    );
  }, 60_000);

  it('refuses to delete a non-empty project without --force, with the server message in the chain', async () => {
    await sift(['create', 'project', 'beta']);
    await sift(['create', 'source', 'beta/one']);
    const refused = await sift(['delete', 'project', 'beta']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'API request failed with 409 Conflict: Project contains child resources but force deletion was not requested: {"sources": 1}',
    );
    expect((await sift(['delete', 'project', 'beta', '--force'])).code).toBe(0);
  }, 60_000);
  it('refreshes permissions, lists users and resolved audit events, and reads and deletes single comments', async () => {
    expect((await sift(['auth', 'refresh'])).stderr).toContain('Permissions Refreshed');
    const users = await sift(['-o', 'json', 'get', 'users']);
    expect(
      users.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { username: string }).username),
    ).toEqual(['admin']);
    const filtered = await sift(['get', 'users', '-o', 'nowhere']);
    expect(filtered.stdout.trim().split('\n')).toHaveLength(1);
    expect((await sift(['get', 'users', '--permission', 'voc'])).stderr).toContain(
      'You cannot filter on `permission` without a `project`',
    );

    await sift(['create', 'project', 'gamma']);
    await sift(['create', 'source', 'gamma/mail']);
    const file = join(directory, 'two.jsonl');
    writeFileSync(
      file,
      ['a/1', 'b']
        .map((id) =>
          JSON.stringify({
            id,
            timestamp: '2025-01-01T00:00:00Z',
            messages: [{ body: { text: id } }],
          }),
        )
        .join('\n'),
    );
    await sift(['create', 'comments', '-s', 'gamma/mail', '-f', file]);
    const one = await sift(['get', 'comment', 'a/1', '--source', 'gamma/mail']);
    expect((JSON.parse(one.stdout) as { comment: { id: string } }).comment.id).toBe('a/1');
    expect((await sift(['delete', 'comments', '-s', 'gamma/mail', 'a/1', 'b'])).stderr).toContain(
      'Deleted comments.',
    );
    expect((await sift(['get', 'comment', 'a/1', '--source', 'gamma/mail'])).code).toBe(1);

    const audit = await sift(['-o', 'json', 'get', 'audit-events']);
    const events = audit.stdout
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { event_type: string; project_names: string[]; actor_email: string },
      );
    const created = events.find(
      (event) => event.event_type === 'create_project' && event.project_names.includes('gamma'),
    );
    expect(created?.actor_email).toBe('admin@sift.local');
    expect(Object.keys(events[0]!)).toEqual([
      'actor_email',
      'actor_tenant_name',
      'event_type',
      'dataset_names',
      'event_id',
      'project_names',
      'tenant_names',
      'timestamp',
    ]);
  }, 60_000);
  it('updates sources, datasets and projects, and prints completion scripts', async () => {
    await sift(['create', 'project', 'delta']);
    await sift(['create', 'source', 'delta/mail']);
    await sift(['create', 'dataset', 'delta/set', '--source', 'delta/mail']);
    const source = await sift([
      '-o',
      'json',
      'update',
      'source',
      'delta/mail',
      '--title',
      'Mailbox',
    ]);
    expect((JSON.parse(source.stdout) as { title: string }).title).toBe('Mailbox');
    expect(source.stderr).toContain('Source `delta/mail` [id: ');
    const cleared = await sift([
      '-o',
      'json',
      'update',
      'dataset',
      'delta/set',
      '--source',
      '--title',
      'Set',
    ]);
    expect(JSON.parse(cleared.stdout)).toMatchObject({ title: 'Set', source_ids: [] });
    const project = await sift(['-o', 'json', 'upd', 'proj', 'delta', '--description', 'D']);
    expect((JSON.parse(project.stdout) as { description: string }).description).toBe('D');
    const bash = await sift(['completion', 'bash']);
    expect(bash.stdout).toContain('complete -F _sift sift');
    expect(bash.stdout).toContain('current-user');
    const unknown = await sift(['completion', 'tcsh']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown shell: 'tcsh'");
  }, 60_000);
});
