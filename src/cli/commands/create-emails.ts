import { statSync } from 'node:fs';

import { putEmailsRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { CliError, withContext } from '../errors.js';
import { refText, type ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { readLines } from '../lines.js';
import { isRecord, type Json } from '../models.js';
import { startProgress } from '../progress.js';
import { fetchBucket, fullNameOf, ownedParams } from '../resolve.js';

export type CreateEmailsArgs = WithGlobals<{
  file?: string;
  bucket: ResourceRef;
  batchSize: number;
  /** `--no-progress` sets this to false. */
  progress?: boolean;
  /** `-n/--no-charge` sets this to false; sent as `no_charge` (Sift does not bill). */
  charge?: boolean;
  yes?: boolean;
  resumeOnError?: boolean;
}>;

const EMAIL_KEYS = ['id', 'mailbox', 'timestamp', 'mime_content'] as const;

/** One email line (cli.md §6.4): the required keys must be strings; optional keys pass through. */
function parseEmailLine(text: string, number: number): Json {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`Could not parse email at line ${number} from input stream`, {
      cause: error,
    });
  }
  const missing = isRecord(value) ? EMAIL_KEYS.find((key) => typeof value[key] !== 'string') : 'id';
  if (!isRecord(value) || missing !== undefined) {
    throw new CliError(`Could not parse email at line ${number} from input stream`, {
      cause: new Error(`missing or invalid field \`${missing ?? 'id'}\``),
    });
  }
  const email: Json = {};
  for (const key of [...EMAIL_KEYS, 'metadata', 'attachments']) {
    if (value[key] !== undefined && value[key] !== null) {
      email[key] = value[key];
    }
  }
  return email;
}

/**
 * `create emails -b <BUCKET>`: `PUT …/emails` per batch; with `--resume-on-error` a failed batch is
 * resent one email at a time and the failures counted (cli.md §5.2).
 */
export async function run(args: CreateEmailsArgs, io: Io): Promise<void> {
  if (!Number.isInteger(args.batchSize) || args.batchSize <= 0) {
    throw new CliError('--batch-size must be greater than 0');
  }
  await withSession(io, args.globals, 'write', async (session) => {
    const bucket = await withContext(`Unable to get bucket ${refText(args.bucket)}`, () =>
      fetchBucket(session, args.bucket),
    );
    let total: number | null = null;
    if (args.file !== undefined) {
      session.log.info(
        `Uploading emails from file \`${args.file}\` to bucket \`${fullNameOf(bucket)}\` [id: ${String(bucket['id'])}]`,
      );
      try {
        total = statSync(args.file).size;
      } catch (error) {
        throw new CliError(`Could not open file \`${args.file}\``, { cause: error });
      }
    } else {
      session.log.info(
        `Uploading emails from stdin to bucket \`${fullNameOf(bucket)}\` [id: ${String(bucket['id'])}]`,
      );
      if (io.stdin === undefined) {
        throw new CliError('No input: stdin is not available');
      }
    }
    const counts = { uploaded: 0, failed: 0, bytes: 0 };
    const progress = startProgress(io, session.log, {
      enabled: args.file !== undefined && args.progress !== false,
      total,
      bytes: true,
      message: () =>
        `${counts.uploaded} emails${counts.failed > 0 ? ` ${counts.failed} skipped` : ''}`,
    });
    const put = (emails: Json[]) =>
      session.client.request(putEmailsRoute, {
        params: ownedParams(bucket),
        query: { no_charge: args.charge === false },
        body: { emails },
      });
    const send = async (emails: Json[]): Promise<void> => {
      if (emails.length === 0) {
        return;
      }
      try {
        await put(emails);
        counts.uploaded += emails.length;
      } catch (error) {
        if (args.resumeOnError !== true) {
          throw new CliError('Could not upload batch of emails', { cause: error });
        }
        for (const email of emails) {
          try {
            await put([email]);
            counts.uploaded += 1;
          } catch (single) {
            session.log.debug(single instanceof Error ? single.message : String(single));
            counts.failed += 1;
          }
        }
      }
      progress.update(counts.bytes);
    };
    let batch: Json[] = [];
    try {
      for await (const line of readLines(args.file ?? (io.stdin as NodeJS.ReadableStream))) {
        counts.bytes += line.bytes;
        if (line.text.trim() === '') {
          continue;
        }
        batch.push(parseEmailLine(line.text, line.number));
        if (batch.length >= args.batchSize) {
          const full = batch;
          batch = [];
          await send(full);
        }
      }
      await send(batch);
    } finally {
      progress.stop();
    }
    session.log.info(
      `Successfully uploaded ${counts.uploaded} emails${counts.failed > 0 ? ` (${counts.failed} skipped)` : ''}`,
    );
  });
}
