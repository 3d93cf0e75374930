import { describe, expect, it } from 'vitest';

import { buildProgram, expandPrefixes } from './program.js';

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
