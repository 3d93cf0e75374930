// The raw emails of the shared SpamAssassin and Enron corpora as a Sift client would send them to
// `sync-raw-emails`; shared by the corpus scripts (SIFT_SHARED_DATA overrides ../shared/data).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { RawEmailDocument } from '../src/contracts/emails.js';

export const CORPORA = ['spamassassin_2002', 'enron_berkeley'] as const;
export const TRANSFORM_TAG = 'generic.0.CONVKER5';

export type EmailRecord = {
  id: string;
  text: string;
  meta: {
    raw_header_block: string;
    raw_separator: string;
    raw_body?: string | null;
    raw_encoding?: string;
  };
};

function sharedDataDir(): string {
  const directory =
    process.env['SIFT_SHARED_DATA'] ??
    fileURLToPath(new URL('../../shared/data/', import.meta.url));
  if (!existsSync(directory)) {
    throw new Error(`shared data not found at ${directory} (set SIFT_SHARED_DATA)`);
  }
  return directory.endsWith('/') ? directory : `${directory}/`;
}

export function readRecords(folder: string): EmailRecord[] {
  const directory = `${sharedDataDir()}${folder}/`;
  return readdirSync(directory)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) =>
      readFileSync(`${directory}${name}`, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as EmailRecord),
    );
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

// A JSON client holds text, not bytes: decode like a typical one does, UTF-8 when valid, else Latin-1,
// and send an HTML-only body as `html`.
function decodeLikeAClient(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

export function toDocument(record: EmailRecord): RawEmailDocument {
  const { meta } = record;
  const encoding = meta.raw_encoding === 'latin1' ? 'latin1' : 'utf8';
  const headerBlock = decodeLikeAClient(Buffer.from(meta.raw_header_block, encoding));
  const body = decodeLikeAClient(Buffer.from(meta.raw_body ?? record.text, encoding));
  const contentType = /^content-type:\s*([^;\s]+)/im.exec(headerBlock)?.[1]?.toLowerCase();
  return {
    raw_email: {
      headers: { raw: headerBlock },
      body: contentType === 'text/html' ? { html: body } : { plain: body },
    },
  };
}
