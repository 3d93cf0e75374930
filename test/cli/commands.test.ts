import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { runSift, type CliRun } from '../helpers/sift-cli.js';

const TOKEN = 'sift_cli-commands-admin-token-0001';

function jsonLines(run: CliRun): Record<string, unknown>[] {
  return run.stdout
    .trimEnd()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function commentLine(id: string, text: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    comment: { id, timestamp: '2025-02-03T09:00:00Z', messages: [{ body: { text } }] },
    ...extra,
  });
}

describe('sift CLI commands against a real server', () => {
  let server: ServerProcess;
  let directory: string;
  let contexts: string;
  let adminId: string;
  const sift = (args: string[], options: { input?: string; env?: Record<string, string> } = {}) =>
    runSift(['--config-file', contexts, ...args], options);

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'sift-cli-commands-'));
    contexts = join(directory, 'contexts.json');
    server = await startServerProcess({
      SIFT_DATA_DIR: join(directory, 'data'),
      SIFT_ADMIN_TOKEN: TOKEN,
      SIFT_WORKER: 'off',
    });
    await runSift([
      '--config-file',
      contexts,
      'config',
      'add',
      '-n',
      'main',
      '-e',
      server.url,
      '-t',
      TOKEN,
    ]);
    const me = await runSift(['--config-file', contexts, '-o', 'json', 'get', 'current-user']);
    adminId = (JSON.parse(me.stdout) as { id: string }).id;
  }, 30_000);
  afterAll(async () => {
    await server.stop('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
  });

  it('manages contexts without touching the network', async () => {
    const file = join(directory, 'other.json');
    const other = (args: string[], input?: string) =>
      runSift(['--config-file', file, ...args], input === undefined ? {} : { input });
    expect((await other(['config', 'ls'])).stderr).toContain('I No available contexts.');
    expect((await other(['config', 'current'])).stderr).toContain(
      'I There is no default context in use.',
    );
    // Missing token and endpoint are prompted for; answers come from stdin.
    const prompted = await other(['config', 'add', '-n', 'b'], '\nhttp://nowhere.invalid:9\n');
    expect(prompted.code).toBe(0);
    expect(prompted.stderr).toContain('* Enter API token [none]: ');
    expect(prompted.stderr).toContain(
      'I No API token was associated with the context. You will have to enter it for every request.',
    );
    await other([
      'config',
      'add',
      '-n',
      'a',
      '-e',
      'http://a.invalid',
      '-t',
      'tok',
      '--proxy',
      'http://proxy.invalid:3128',
    ]);
    const updated = await other([
      'config',
      'add',
      '-n',
      'a',
      '-e',
      'http://a.invalid',
      '-t',
      'tok2',
      '-k',
    ]);
    expect(updated.stderr).toContain('I Context `a` already exists, it will be modified.');
    expect(updated.stderr).toContain('I Context `a` was updated.');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as {
      contexts: Record<string, unknown>[];
    };
    expect(stored.contexts.find((context) => context['name'] === 'a')).toEqual({
      name: 'a',
      endpoint: 'http://a.invalid/',
      token: 'tok2',
      accept_invalid_certificates: true,
      proxy: 'http://proxy.invalid:3128/',
    });
    const listed = await other(['config', 'ls', '--tokens']);
    expect(
      listed.stdout
        .split('\n')
        .slice(1, 3)
        .map((line) => line.trim().split(/\s+/)),
    ).toEqual([
      ['a', 'http://a.invalid/', 'Yes', 'tok2', 'http://proxy.invalid:3128/'],
      ['->', 'b', 'http://nowhere.invalid:9/', 'No'],
    ]);
    expect((await other(['config', 'current'])).stdout).toBe('b\n');
    expect((await other(['config', 'use', 'a'])).stderr).toContain('I Switched to context `a`.');
    expect((await other(['config', 'get-token'])).stdout).toBe('tok2\n');
    const noToken = await other(['config', 'get-token', 'b']);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('E  |- The context `b` has no stored token.');
    const unknown = await other(['config', 'use', 'zzz']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`No such context \`zzz\` exists in \`${file}\`.`);
    await other(['config', 'delete', 'a']);
    expect((await other(['config', 'current'])).stderr).toContain(
      'There is no default context in use.',
    );
    const fromUrl = await other([
      'config',
      'parse-from-url',
      '-u',
      'https://cloud.example/acme/prod/reinfer_/app',
      '-t',
      't',
    ]);
    expect(fromUrl.code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      contexts: expect.arrayContaining([
        expect.objectContaining({
          name: 'acme/prod',
          endpoint: 'https://cloud.example/acme/prod/reinfer_',
        }),
      ]) as unknown,
    });
    const badUrl = await other([
      'config',
      'parse-from-url',
      '-u',
      'https://cloud.example/acme',
      '-t',
      't',
    ]);
    expect(badUrl.stderr).toContain(
      'Invalid URL path, needs to contain <ORG NAME>/<TENANT NAME>/reinfer_/',
    );
    await other(['config', 'set-context-required', 'true']);
    const required = await other(['get', 'projects']);
    expect(required.code).toBe(1);
    expect(required.stderr).toContain(
      'Please provide a context with the `sift -c <context>` option or opt out with `sift config set-context-required false`',
    );
    const unknownContext = await other(['-c', 'nope', 'get', 'projects']);
    expect(unknownContext.stderr).toContain('E  |- Unknown context `nope`.');
  }, 60_000);

  it('resolves endpoint and token from flags and the environment, and reports bad tokens', async () => {
    const home = join(directory, 'home');
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
    const viaEnv = await runSift(['-o', 'jsonl', 'get', 'current-user'], {
      env: { ...env, SIFT_ENDPOINT: server.url, SIFT_TOKEN: TOKEN },
    });
    expect(viaEnv.code).toBe(0);
    expect(jsonLines(viaEnv)[0]).toMatchObject({ username: 'admin' });
    // The default path is created only when a context is stored, never by a read.
    expect(existsSync(join(home, '.config', 'sift'))).toBe(false);
    const badToken = await runSift(
      ['--endpoint', server.url, '--token', 'sift_wrong', 'get', 'projects'],
      { env },
    );
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toMatch(
      /^E An error occurred:\nE {2}\|- API request failed with 401 Unauthorized: .+\n$/,
    );
  });

  it('accepts unambiguous prefixes, prints help, completions and argument errors', async () => {
    expect((await sift(['g', 'proj'])).stdout).toMatch(/^Name\s+ID\s+Title\n/);
    const ambiguous = await sift(['get', 's']);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain("error: the subcommand 's' is ambiguous");
    const help = await sift(['cr', 'comm', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: sift create comments [options]');
    expect(help.stdout).toContain('--allow-duplicates');
    const bash = await sift(['completion', 'bash']);
    expect(bash.stdout).toContain('complete -o default -F _sift sift');
    expect(bash.stdout).toContain('current-user');
    expect((await sift(['completion', 'zsh'])).stdout).toContain('bashcompinit');
    expect((await sift(['completion', 'fish'])).stdout).toContain(
      "complete -c sift -n '__fish_use_subcommand' -a",
    );
    const tcsh = await sift(['completion', 'tcsh']);
    expect(tcsh.code).toBe(1);
    expect(tcsh.stderr).toContain("unknown shell: 'tcsh'");
    const badSource = await sift(['get', 'comments', 'a/b/c']);
    expect(badSource.code).toBe(1);
    expect(badSource.stderr).toContain('Expected <owner>/<name> or a source id, got: a/b/c');
    expect((await sift(['delete', 'user', 'bob@example.com'])).stderr).toContain(
      'Expected a user id (usernames and emails are not supported), got: bob@example.com',
    );
    expect((await sift(['create', 'project', 'no good', '--user-ids', adminId])).stderr).toContain(
      'Expected a valid project name, got: no good',
    );
    expect((await sift(['-o', 'yaml', 'get', 'projects'])).code).toBe(1);
  }, 60_000);

  it('creates, updates and deletes projects, sources, datasets and users', async () => {
    expect((await sift(['create', 'project', 'beta', '--user-ids', adminId])).code).toBe(0);
    expect((await sift(['create', 'source', 'beta/mail', '--language', 'en'])).code).toBe(0);
    expect(
      (await sift(['create', 'dataset', 'beta/set', '-s', 'beta/mail', '--has-sentiment', 'true']))
        .code,
    ).toBe(0);
    const source = await sift([
      '-o',
      'json',
      'update',
      'source',
      'beta/mail',
      '--title',
      'Mailbox',
    ]);
    expect(jsonLines(source)[0]).toMatchObject({ title: 'Mailbox', bucket_id: null });
    expect(source.stderr).toMatch(
      /I Source `beta\/mail` \[id: [0-9a-f]{16}\] updated successfully/,
    );
    const cleared = await sift([
      '-o',
      'json',
      'update',
      'dataset',
      'beta/set',
      '--source',
      '--title',
      'Set',
    ]);
    expect(jsonLines(cleared)[0]).toMatchObject({
      title: 'Set',
      source_ids: [],
      has_sentiment: true,
    });
    const project = await sift(['-o', 'json', 'upd', 'proj', 'beta', '--description', 'D']);
    expect(jsonLines(project)[0]).toMatchObject({ name: 'beta', description: 'D' });
    expect(Object.keys(jsonLines(project)[0]!)).toEqual([
      'id',
      'name',
      'title',
      'description',
      'created_at',
      'updated_at',
    ]);
    const sources = await sift(['get', 'sources', '--stats']);
    expect(sources.stdout.split('\n')[0]).toMatch(
      /^Name\s+ID\s+Updated \(UTC\)\s+Transform Tag\s+Bucket\s+Title\s+Num Comments$/,
    );
    expect(sources.stdout).toMatch(
      /beta\/mail\s+[0-9a-f]{16}\s+\S+ \S+\s+missing\s+none\s+Mailbox\s+0/,
    );

    const refused = await sift(['delete', 'project', 'beta']);
    expect(refused.code).toBe(1);
    // Reported at once: a non-transient 409 is not retried (issue 15 item 11).
    expect(refused.stderr).not.toContain('W 409 Conflict for ');
    expect(refused.stderr).toContain(
      'E An error occurred:\nE  |- Operation to delete project has failed.\nE  |- API request failed with 409 Conflict: Project contains child resources but force deletion was not requested: {"datasets": 1, "sources": 1}\n',
    );
    expect((await sift(['delete', 'project', 'beta', '--force'])).stderr).toContain(
      'I Deleted project.',
    );

    const user = await sift([
      '-o',
      'json',
      'create',
      'user',
      'carol',
      'carol@example.org',
      '--global-permissions',
      'tenant-admin',
    ]);
    expect(user.code).toBe(0);
    const carol = jsonLines(user)[0]!;
    expect(user.stderr).toContain(
      `I New user \`carol\` with email \`carol@example.org\` [id: ${String(carol['id'])}] created successfully`,
    );
    const users = await sift(['-o', 'json', 'get', 'users']);
    expect(jsonLines(users).map((entry) => entry['username'])).toEqual(['admin', 'carol']);
    expect((await sift(['get', 'users', '--permission', 'voc'])).stderr).toContain(
      'You cannot filter on `permission` without a `project`',
    );
    const issued = await sift(['auth', 'regenerate-token', '--user', String(carol['id'])]);
    expect(issued.code).toBe(0);
    const asCarol = await runSift([
      '--endpoint',
      server.url,
      '--token',
      issued.stdout.trim(),
      '-o',
      'json',
      'get',
      'current-user',
    ]);
    expect(jsonLines(asCarol)[0]).toMatchObject({ username: 'carol' });
    writeFileSync(
      join(directory, 'users.jsonl'),
      `${JSON.stringify({ id: carol['id'], global_permissions: [] })}\n`,
    );
    const updatedUsers = await sift([
      'update',
      'users',
      '-f',
      join(directory, 'users.jsonl'),
      '--no-progress',
    ]);
    expect(updatedUsers.stderr).toContain('I Successfully updated 1 users');
    expect((await sift(['delete', 'user', String(carol['id'])])).stderr).toContain(
      'I Deleted user.',
    );
    expect((await sift(['auth', 'refresh'])).stderr).toContain('I Permissions Refreshed');
  }, 60_000);

  it('uploads with duplicates, overwrite, stdin and annotations, and downloads through a dataset', async () => {
    await sift(['create', 'project', 'gamma', '--user-ids', adminId]);
    await sift(['create', 'source', 'gamma/mail']);
    await sift([
      'create',
      'dataset',
      'gamma/set',
      '-s',
      'gamma/mail',
      '--label-defs',
      '[{"name":"Refund"}]',
    ]);

    const duplicated = join(directory, 'duplicated.jsonl');
    writeFileSync(duplicated, [commentLine('d1', 'one'), commentLine('d1', 'again')].join('\n'));
    const refused = await sift(['create', 'comments', '-s', 'gamma/mail', '-f', duplicated]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('E  |- Duplicate comments with id d1');
    const fromStdin = await sift(['create', 'comments', '-s', 'gamma/mail'], {
      input: commentLine('s1', 'x'),
    });
    expect(fromStdin.stderr).toContain('--allow-duplicates is required when uploading from stdin');
    const allowed = await sift(
      ['create', 'comments', '-s', 'gamma/mail', '--allow-duplicates', '--batch-size', '1'],
      {
        input: `${commentLine('d1', 'one')}\n${commentLine('d1', 'again')}\n`,
      },
    );
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain('I Uploading comments from stdin to source `gamma/mail`');
    expect(allowed.stderr).toContain(
      'I Successfully uploaded 2 comments (of which 0 are annotated). 0 skipped',
    );
    const one = await sift(['get', 'comment', 'd1', '--source', 'gamma/mail']);
    expect((jsonLines(one)[0]!['comment'] as { messages: unknown[] }).messages).toEqual([
      { body: { text: 'again' } },
    ]);

    const changed = join(directory, 'changed.jsonl');
    writeFileSync(
      changed,
      [commentLine('d1', 'changed'), commentLine('d2', 'new'), commentLine('d3', 'x')].join('\n'),
    );
    const conflicting = await sift([
      'create',
      'comments',
      '-s',
      'gamma/mail',
      '-f',
      changed,
      '--resume-on-error',
    ]);
    expect(conflicting.stderr).toContain(
      'I Successfully uploaded 2 comments (of which 0 are annotated). 1 skipped',
    );
    const overwritten = await sift([
      'create',
      'comments',
      '-s',
      'gamma/mail',
      '-f',
      changed,
      '--overwrite',
      '-n',
    ]);
    expect(overwritten.stderr).toContain(
      'I Successfully uploaded 3 comments [0 new | 1 updated | 2 unchanged | 0 skipped] of which 0 are annotated.',
    );

    const annotated = join(directory, 'annotated.jsonl');
    writeFileSync(
      annotated,
      [
        commentLine('a1', 'Where is my refund?', {
          labelling: [{ group: 'default', assigned: [{ name: 'Refund', sentiment: 'positive' }] }],
        }),
        commentLine('a2', 'Late', {
          labelling: { assigned: [{ name: 'Refund > Late', sentiment: 'negative' }] },
        }),
        commentLine('a3', 'nothing'),
      ].join('\n'),
    );
    const withAnnotations = await sift([
      'create',
      'comments',
      '-s',
      'gamma/mail',
      '-d',
      'gamma/set',
      '-f',
      annotated,
    ]);
    expect(withAnnotations.code).toBe(0);
    expect(withAnnotations.stderr).toContain(
      'I Successfully uploaded 3 comments (of which 2 are annotated). 0 skipped',
    );
    const reviewed = await sift([
      'get',
      'comments',
      'gamma/mail',
      '-d',
      'gamma/set',
      '--reviewed-only',
      'true',
    ]);
    expect(reviewed.code).toBe(0);
    const reviewedLines = jsonLines(reviewed);
    expect(reviewedLines.map((line) => (line['comment'] as { id: string }).id)).toEqual([
      'a1',
      'a2',
    ]);
    expect(reviewedLines[1]!['labelling']).toEqual([
      { group: 'default', assigned: [{ name: 'Refund > Late', sentiment: 'negative' }] },
    ]);
    expect(reviewed.stderr).toContain('I Successfully downloaded 2 comments [2 annotated].');

    writeFileSync(
      join(directory, 'annotations.jsonl'),
      reviewedLines.map((line) => JSON.stringify(line)).join('\n'),
    );
    const reannotated = await sift([
      'create',
      'annotations',
      '-s',
      'gamma/mail',
      '-d',
      'gamma/set',
      '-f',
      join(directory, 'annotations.jsonl'),
    ]);
    expect(reannotated.stderr).toContain('I Successfully uploaded 2 annotations.');

    const queried = await sift([
      'get',
      'comments',
      'gamma/mail',
      '-d',
      'gamma/set',
      '-l',
      'Late$',
      '--no-progress',
    ]);
    expect(queried.code).toBe(0);
    expect(queried.stderr).toContain('I Filtering on label(s):\n- Refund > Late');
    expect(jsonLines(queried).map((line) => (line['comment'] as { id: string }).id)).toEqual([
      'a2',
    ]);
    const noMatch = await sift([
      'get',
      'comments',
      'gamma/mail',
      '-d',
      'gamma/set',
      '-l',
      '^Nope$',
    ]);
    expect(noMatch.stdout).toBe('');
    expect(noMatch.stderr).toContain("I No label names matching the filter '^Nope$'");
    expect(
      (await sift(['get', 'comments', 'gamma/mail', '--reviewed-only', 'true'])).stderr,
    ).toContain('Cannot get reviewed comments when `dataset` is not provided.');

    expect(
      (await sift(['delete', 'comments', '-s', 'gamma/mail', 'a3', 'missing'])).stderr,
    ).toContain('I Deleted comments.');
    const bulk = await sift([
      'delete',
      'bulk',
      '-s',
      'gamma/mail',
      '--include-annotated',
      'false',
      '--no-progress',
    ]);
    expect(bulk.stderr).toContain(
      'I Deleting comments in source `gamma/mail` (include-annotated: false)',
    );
    expect(bulk.stderr).toContain('I Deleted 3 comments (skipped 2).');
    const left = await sift(['get', 'comments', 'gamma/mail', '--no-progress']);
    expect(
      jsonLines(left)
        .map((line) => (line['comment'] as { id: string }).id)
        .sort(),
    ).toEqual(['a1', 'a2']);
  }, 60_000);

  it('lists buckets and audit events with their key sets', async () => {
    const buckets = await sift(['get', 'buckets']);
    expect(buckets.code).toBe(0);
    expect(buckets.stdout).toMatch(/^Name\s+ID\s+Created \(UTC\)\s+Num Emails\n$/);
    const audit = await sift(['-o', 'json', 'get', 'audit-events']);
    expect(audit.code).toBe(0);
    const events = jsonLines(audit);
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
    expect(
      events.some(
        (event) =>
          event['event_type'] === 'create_project' &&
          (event['project_names'] as string[]).includes('gamma') &&
          event['actor_email'] === 'admin@sift.local',
      ),
    ).toBe(true);
    const table = await sift(['get', 'audit-events', '-m', '2020-01-01T00:00:00Z']);
    expect(table.stdout.split('\n')[0]).toMatch(
      /^Timestamp\s+Event Id\s+Event Type\s+Actor Email\s+Actor Tenant\s+Dataset Names\s+Project Names\s+Tenant Names$/,
    );
  });
});
