import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';

import { buildProgram, expandPrefixes } from './program.js';
import { runCli } from './run.js';

const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {} };

describe('expandPrefixes', () => {
  const program = buildProgram(io);

  it('expands unambiguous prefixes level by level, skipping option values', () => {
    expect(expandPrefixes(program, ['g', 'proj'])).toEqual(['get', 'projects']);
    expect(
      expandPrefixes(program, ['-o', 'json', '--config-file', 'c.json', 'cr', 'comm', '-s', 'a/b']),
    ).toEqual(['-o', 'json', '--config-file', 'c.json', 'create', 'comments', '-s', 'a/b']);
    expect(expandPrefixes(program, ['--output=json', 'get', 'current'])).toEqual([
      '--output=json',
      'get',
      'current-user',
    ]);
    // Exact names win over longer names they prefix.
    expect(expandPrefixes(program, ['create', 'stream'])).toEqual(['create', 'stream']);
  });

  it('refuses ambiguous prefixes', () => {
    expect(() => expandPrefixes(program, ['get', 's'])).toThrow("the subcommand 's' is ambiguous");
    expect(() => expandPrefixes(program, ['c'])).toThrow('ambiguous');
  });
});

describe('the command tree', () => {
  const commandPaths = (command: Command, prefix: string[] = []): string[][] =>
    command.commands.flatMap((child) => {
      const path = [...prefix, child.name()];
      return [path, ...commandPaths(child, path)];
    });

  it('has every Tier 1 command of cli.md §1 and the buckets, emails and quotas commands', () => {
    const names = new Set(commandPaths(buildProgram(io)).map((path) => path.join(' ')));
    const expected = [
      'config add',
      'config get-token',
      'config current',
      'config delete',
      'config ls',
      'config use',
      'config set-context-required',
      'config parse-from-url',
      'completion',
      'auth refresh',
      ...[
        'sources',
        'datasets',
        'projects',
        'users',
        'current-user',
        'buckets',
        'comments',
        'comment',
        'streams',
        'stream-comments',
        'stream-stats',
        'audit-events',
        'emails',
        'quotas',
      ].map((name) => `get ${name}`),
      ...[
        'source',
        'dataset',
        'project',
        'user',
        'bucket',
        'comments',
        'annotations',
        'stream',
        'streams',
        'stream-exception',
        'emails',
        'quota',
      ].map((name) => `create ${name}`),
      ...['source', 'dataset', 'project', 'users'].map((name) => `update ${name}`),
      ...['source', 'dataset', 'project', 'user', 'bucket', 'comments', 'bulk'].map(
        (name) => `delete ${name}`,
      ),
      'parse emls',
    ];
    expect(expected.filter((name) => !names.has(name))).toEqual([]);
  });

  it('prints help with -h and --help on every level, exiting 0', async () => {
    const paths = [[], ...commandPaths(buildProgram(io))];
    for (const path of paths) {
      for (const flag of ['--help', '-h']) {
        let stdout = '';
        const code = await runCli([...path, flag], {
          stdout: { write: (text: string) => (stdout += text) },
          stderr: { write: () => true },
          env: {},
        });
        expect(code, `${path.join(' ')} ${flag}`).toBe(0);
        expect(stdout).toContain(`Usage: sift${path.length > 0 ? ` ${path.join(' ')}` : ''} `);
      }
    }
  });
});
