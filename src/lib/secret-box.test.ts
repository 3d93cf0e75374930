import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { loadServerKey, openSecret, sealSecret } from './secret-box.js';

describe('server key and sealed secrets', () => {
  const directory = mkdtempSync(join(tmpdir(), 'sift-secret-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('generates the key file once with mode 0600 and reads it back', () => {
    const dataDir = join(directory, 'data');
    const key = loadServerKey(null, dataDir);
    const file = join(dataDir, 'secret-key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toEqual(key);
    expect(loadServerKey(null, dataDir)).toEqual(key);
  });

  it('round-trips a secret, never shows it in the sealed text and refuses another key', () => {
    const key = loadServerKey('an environment secret of some length', directory);
    const sealed = sealSecret(key, 'hunter2-password');
    expect(sealed).not.toContain('hunter2');
    expect(sealSecret(key, 'hunter2-password')).not.toBe(sealed);
    expect(openSecret(key, sealed)).toBe('hunter2-password');
    expect(() => openSecret(loadServerKey('another secret entirely', directory), sealed)).toThrow();
  });
});
