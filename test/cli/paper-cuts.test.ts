import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { runSift } from '../helpers/sift-cli.js';

// Issue 15 item 11: what a newcomer meets first with the `sift` CLI.
const TOKEN = 'sift_cli-paper-cuts-admin-token-01';

// Each test spawns CLI processes, which take seconds each on a loaded machine.
describe('sift CLI newcomer paper cuts', { timeout: 60_000 }, () => {
  let server: ServerProcess;
  let directory: string;
  let contexts: string;
  const sift = (args: string[], options: { input?: string; env?: Record<string, string> } = {}) =>
    runSift(['--config-file', contexts, ...args], options);

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'sift-cli-paper-cuts-'));
    contexts = join(directory, 'contexts.json');
    server = await startServerProcess(
      {
        SIFT_DATA_DIR: join(directory, 'data'),
        SIFT_ADMIN_TOKEN: TOKEN,
        SIFT_WORKER: 'off',
      },
      60_000,
    );
    await sift(['config', 'add', '-n', 'main', '-e', server.url, '-t', TOKEN]);
  }, 90_000);
  afterAll(async () => {
    await server.stop('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
  });

  it('without any context says how to add one, without the retry back-off', async () => {
    const started = Date.now();
    // The official back-off, which the test helper otherwise shortens.
    const run = await runSift(['--config-file', join(directory, 'none.json'), 'get', 'projects'], {
      env: { SIFT_CLI_RETRY_WAITS_MS: '5000,10000,20000' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No context is configured');
    expect(run.stderr).toContain('sift config add --name <NAME> --endpoint <URL> --token <TOKEN>');
    expect(run.stderr).not.toContain('retrying after');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('reports a 409 "already exists" at once', async () => {
    expect((await sift(['create', 'project', 'dup'])).code).toBe(0);
    const started = Date.now();
    const again = await sift(['create', 'project', 'dup'], {
      env: { SIFT_CLI_RETRY_WAITS_MS: '5000,10000,20000' },
    });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('409 Conflict');
    expect(again.stderr).not.toContain('retrying after');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('create project gives the new project to the caller when --user-ids is left out', async () => {
    const created = await sift(['create', 'project', 'mine']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain('New project `mine` created successfully');
    const me = JSON.parse((await sift(['-o', 'json', 'get', 'current-user'])).stdout) as {
      id: string;
    };
    const projects = (await sift(['-o', 'json', 'get', 'projects'])).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { name: string });
    expect(projects.map((project) => project.name)).toContain('mine');
    expect(me.id).toMatch(/^[0-9a-f]+$/);
  });

  it('create comments --help shows the line format', async () => {
    const help = await sift(['create', 'comments', '--help']);
    expect(help.stdout).toContain('{"comment":{"id":"c1","timestamp":');
    expect(help.stdout).toMatch(/--resume-on-error\s+count failures \(malformed lines/);
  });

  it('create comments --resume-on-error skips a malformed line and uploads the rest', async () => {
    expect((await sift(['create', 'source', 'mine/chat'])).code).toBe(0);
    const file = join(directory, 'comments.jsonl');
    const line = (id: string) =>
      JSON.stringify({
        comment: { id, timestamp: '2025-02-03T09:00:00Z', messages: [{ body: { text: id } }] },
      });
    writeFileSync(
      file,
      [line('a'), '{"comment":{"id":"b"}}', 'not json', line('c')].join('\n') + '\n',
    );
    const refused = await sift(['create', 'comments', '-s', 'mine/chat', '-f', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Could not parse comment at line 2');
    const run = await sift([
      'create',
      'comments',
      '-s',
      'mine/chat',
      '-f',
      file,
      '--resume-on-error',
      '--no-progress',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Skipping: Could not parse comment at line 2');
    expect(run.stderr).toContain('Skipping: Could not parse comment at line 3');
    expect(run.stderr).toContain(
      'Successfully uploaded 2 comments (of which 0 are annotated). 2 skipped',
    );
    const comments = (await sift(['get', 'comments', 'mine/chat', '--no-progress'])).stdout
      .trim()
      .split('\n')
      .map((text) => (JSON.parse(text) as { comment: { id: string } }).comment.id);
    expect(comments.sort()).toEqual(['a', 'c']);
  });
});
