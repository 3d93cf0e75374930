import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { readEml } from './parse-emls.js';

const directory = mkdtempSync(join(tmpdir(), 'sift-emls-'));

describe('readEml', () => {
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('reads Message-Id, Date and the attachment parts of an eml', () => {
    const path = join(directory, 'one.eml');
    const text = [
      'Message-Id: <abc@example.org>',
      'Date: Wed, 25 Oct 2023 17:03:22 +0000',
      'Subject: Hello',
      'Content-Type: multipart/mixed; boundary="XYZ"',
      '',
      '--XYZ',
      'Content-Type: text/plain',
      '',
      'Hello world',
      '--XYZ',
      'Content-Type: text/plain; name="hello.txt"',
      'Content-Disposition: attachment; filename="hello.txt"; size=176',
      '',
      'aGVsbG8=',
      '--XYZ--',
      '',
    ].join('\r\n');
    writeFileSync(path, text);
    expect(readEml(path, 'one.eml')).toEqual({
      id: '<abc@example.org>',
      mailbox: 'one.eml',
      timestamp: '2023-10-25T17:03:22.000000Z',
      mime_content: text,
      metadata: null,
      attachments: [{ name: 'hello.txt', size: 176, content_type: '.txt' }],
    });
  });

  it('names the missing header', () => {
    const path = join(directory, 'two.eml');
    writeFileSync(path, 'Subject: no id\r\n\r\nbody');
    expect(() => readEml(path, 'two.eml')).toThrow('Could not read Message-Id header');
  });
});
