import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

import { parseEmailDate } from '../../domain/emails/email-date.js';
import {
  headerParameter,
  headerValue,
  splitHeaderBlock,
  type HeaderField,
} from '../../domain/emails/header-fields.js';
import { putEmailsRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { CliError, withContext } from '../errors.js';
import { refText, type ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import type { Json } from '../models.js';
import { mapLimit } from '../parallel.js';
import { startProgress } from '../progress.js';
import { fetchBucket, ownedParams } from '../resolve.js';

export type ParseEmlsArgs = WithGlobals<{
  dir: string;
  bucket: ResourceRef;
  charge?: boolean;
  yes?: boolean;
}>;

// Emails per `PUT …/emails`, as in the official client; several chunks go in parallel.
const UPLOAD_BATCH_SIZE = 4;

type Part = { fields: HeaderField[]; body: string };

function splitPart(raw: string): Part {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match === null ? raw : raw.slice(0, match.index);
  const body = match === null ? '' : raw.slice(match.index + match[0].length);
  return { fields: splitHeaderBlock(head.replace(/^(?:\r?\n)+/, '')), body };
}

/** Every leaf part of a MIME message (multipart bodies split on their boundary). */
function leafParts(part: Part, depth = 0): Part[] {
  const type = headerValue(part.fields, 'content-type') ?? '';
  const boundary = headerParameter(type, 'boundary');
  if (!/^multipart\//i.test(type) || boundary === undefined || depth > 16) {
    return [part];
  }
  const pieces = part.body.split(
    new RegExp(`(?:^|\\r?\\n)--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
  );
  return pieces
    .slice(1)
    .filter((piece) => !piece.startsWith('--'))
    .flatMap((piece) => leafParts(splitPart(piece.replace(/^[ \t]*\r?\n/, '')), depth + 1));
}

/**
 * An `.eml` file → an email (cli.md §5.5): `id` = Message-Id, `timestamp` = Date, `mailbox` = file name,
 * `mime_content` = the file, attachments from `Content-Disposition: attachment` parts.
 */
export function readEml(path: string, fileName: string): Json {
  const bytes = readFileSync(path);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const message = splitPart(text);
  const header = (name: string): string => {
    const value = headerValue(message.fields, name.toLowerCase());
    if (value === undefined) {
      throw new Error(`Could not read ${name} header`);
    }
    if (value === '') {
      throw new Error(`${name} header blank`);
    }
    return value;
  };
  const id = header('Message-Id');
  const date = parseEmailDate(header('Date'));
  if (!date.ok) {
    throw new Error(`invalid Date header: ${date.error}`);
  }
  const attachments: Json[] = [];
  for (const part of leafParts(message)) {
    const disposition = headerValue(part.fields, 'content-disposition');
    if (disposition === undefined || !/^\s*attachment\b/i.test(disposition)) {
      continue;
    }
    const filename = headerParameter(disposition, 'filename');
    if (filename === undefined) {
      throw new Error('Could not get attachment param: filename');
    }
    const size = headerParameter(disposition, 'size');
    if (size === undefined) {
      throw new Error('Could not get attachment param: size');
    }
    if (!/^\d+$/.test(size)) {
      throw new Error(`invalid attachment size: ${size}`);
    }
    const extension = extname(filename);
    if (extension === '') {
      throw new Error('Could not get attachment extension');
    }
    attachments.push({ name: filename, size: Number(size), content_type: extension });
  }
  return {
    id,
    mailbox: fileName,
    timestamp: date.value,
    mime_content: text,
    metadata: null,
    attachments,
  };
}

/** `parse emls -d <DIR> -b <BUCKET>`: every `*.eml` → an email uploaded to the bucket. */
export async function run(args: ParseEmlsArgs, io: Io): Promise<void> {
  let names: string[];
  try {
    names = readdirSync(args.dir)
      .filter(
        (name) => name.toLowerCase().endsWith('.eml') && statSync(join(args.dir, name)).isFile(),
      )
      .sort();
  } catch (error) {
    throw new CliError(`Could not read directory \`${args.dir}\``, { cause: error });
  }
  await withSession(io, args.globals, 'write', async (session) => {
    const bucket = await withContext(`Unable to get bucket ${refText(args.bucket)}`, () =>
      fetchBucket(session, args.bucket),
    );
    const counts = { processed: 0, failed: 0, uploaded: 0 };
    const progress = startProgress(io, session.log, {
      enabled: true,
      total: names.length,
      bytes: false,
      message: () =>
        `${counts.processed} processed${counts.failed > 0 ? ` ${counts.failed} failed` : ''}`,
    });
    const errors: string[] = [];
    let pending: Json[] = [];
    const send = async (): Promise<void> => {
      const chunks: Json[][] = [];
      for (let start = 0; start < pending.length; start += UPLOAD_BATCH_SIZE) {
        chunks.push(pending.slice(start, start + UPLOAD_BATCH_SIZE));
      }
      pending = [];
      await mapLimit(chunks, session.numThreads, async (emails) => {
        await session.client.request(putEmailsRoute, {
          params: ownedParams(bucket),
          query: { no_charge: args.charge === false },
          body: { emails },
        });
        counts.uploaded += emails.length;
      });
    };
    try {
      for (const name of names) {
        try {
          pending.push(readEml(join(args.dir, name), name));
        } catch (error) {
          errors.push(
            `Failed to process file ${name}: ${error instanceof Error ? error.message : String(error)}`,
          );
          counts.failed += 1;
        }
        counts.processed += 1;
        progress.update(counts.processed);
        if (pending.length > session.numThreads * UPLOAD_BATCH_SIZE) {
          await send();
        }
      }
      await send();
    } finally {
      progress.stop();
    }
    for (const error of errors) {
      session.log.error(error);
    }
  });
}
