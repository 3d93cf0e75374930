import { readFileSync, statSync } from 'node:fs';

import { uploadAnnotations } from '../annotation-upload.js';
import { uploadAttachmentRoute } from '../api-routes.js';
import { addCommentsRoute, syncCommentsRoute } from '../api-routes.js';
import { uploadAudioRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { attachmentPath } from '../downloads.js';
import { CliError, withContext } from '../errors.js';
import { refText, type ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { readLines } from '../lines.js';
import type { Json } from '../models.js';
import { multipartFile } from '../multipart.js';
import { TaskPool } from '../parallel.js';
import { startProgress } from '../progress.js';
import { fetchDataset, fetchSource, fullNameOf, ownedParams } from '../resolve.js';
import type { Session } from '../session.js';
import { parseCommentLine, type AnnotationUpload } from '../upload-lines.js';

export type CreateCommentsArgs = WithGlobals<{
  file?: string;
  source: ResourceRef;
  dataset?: ResourceRef;
  batchSize: number;
  /** `--no-progress` sets this to false. */
  progress?: boolean;
  allowDuplicates?: boolean;
  overwrite?: boolean;
  /** `-n/--no-charge` sets this to false; sent as `no_charge` (Sift does not bill). */
  charge?: boolean;
  yes?: boolean;
  resumeOnError?: boolean;
  attachments?: string;
}>;

type Statistics = {
  bytesRead: number;
  uploaded: number;
  new: number;
  updated: number;
  unchanged: number;
  failedComments: number;
  annotations: number;
  failedAnnotations: number;
  attachments: number;
  failedAttachments: number;
};

type SyncCounts = { new: number; updated: number; unchanged: number };

type Batch = {
  put: Json[];
  sync: Json[];
  audio: { id: string; path: string }[];
};

// Batches in flight at once. Comment writes serialise in the server, so a few overlapping requests
// hide the client's encoding and the network round trip; more only queue up.
const MAX_PARALLEL_BATCHES = 4;

type Upload = {
  session: Session;
  source: Json;
  sourceId: string;
  noCharge: boolean;
  resumeOnError: boolean;
  attachmentsDir: string | undefined;
  stats: Statistics;
};

/** Checks the whole file for repeated ids before anything is sent (cli.md §5.2.1 step 2). */
async function checkNoDuplicateIds(file: string, skipMalformed: boolean): Promise<void> {
  const seen = new Set<string>();
  for await (const line of readLines(file)) {
    if (line.text.trim() === '') {
      continue;
    }
    let id: string;
    try {
      ({ id } = parseCommentLine(line.text, line.number));
    } catch (error) {
      if (skipMalformed) {
        continue;
      }
      throw error;
    }
    if (seen.has(id)) {
      throw new CliError(`Duplicate comments with id ${id}`);
    }
    seen.add(id);
  }
}

async function uploadAttachmentsOf(upload: Upload, comments: Json[]): Promise<void> {
  const directory = upload.attachmentsDir;
  if (directory === undefined) {
    return;
  }
  for (const comment of comments) {
    const attachments = Array.isArray(comment['attachments'])
      ? (comment['attachments'] as Json[])
      : [];
    for (const [index, attachment] of attachments.entries()) {
      const commentId = String(comment['id']);
      const path = attachmentPath(directory, commentId, index, String(attachment['name']));
      try {
        const { content_hash } = await upload.session.client.request(uploadAttachmentRoute, {
          params: { project: `id:${upload.sourceId}`, comment_id: commentId, index: String(index) },
          rawBody: multipartFile('file', path, readFileSync(path)),
        });
        attachment['content_hash'] = content_hash;
        upload.stats.attachments += 1;
      } catch (error) {
        if (!upload.resumeOnError) {
          throw error;
        }
        upload.stats.failedAttachments += 1;
      } finally {
        delete attachment['attachment_reference'];
      }
    }
  }
}

/**
 * One request for the batch, or with `--resume-on-error` one per comment after a failure, counting
 * the comments that still fail (cli.md §5.2.1 step 7).
 */
async function sendSplittable(
  upload: Upload,
  comments: Json[],
  send: (comments: Json[]) => Promise<SyncCounts | null>,
): Promise<{ counts: SyncCounts; failed: number }> {
  const counts: SyncCounts = { new: 0, updated: 0, unchanged: 0 };
  const add = (result: SyncCounts | null): void => {
    if (result !== null) {
      counts.new += result.new;
      counts.updated += result.updated;
      counts.unchanged += result.unchanged;
    }
  };
  try {
    add(await send(comments));
    return { counts, failed: 0 };
  } catch (error) {
    if (!upload.resumeOnError) {
      throw error;
    }
  }
  let failed = 0;
  for (const comment of comments) {
    try {
      add(await send([comment]));
    } catch (error) {
      upload.session.log.debug(error instanceof Error ? error.message : String(error));
      failed += 1;
    }
  }
  return { counts, failed };
}

async function uploadBatch(upload: Upload, batch: Batch): Promise<void> {
  const { session, stats } = upload;
  const params = ownedParams(upload.source);
  const query = { no_charge: upload.noCharge };
  if (batch.put.length > 0) {
    await uploadAttachmentsOf(upload, batch.put);
    const { failed } = await withContext('Could not put batch of comments', () =>
      sendSplittable(upload, batch.put, async (comments) => {
        await session.client.request(addCommentsRoute, { params, query, body: { comments } });
        return null;
      }),
    );
    stats.uploaded += batch.put.length - failed;
    stats.failedComments += failed;
  }
  if (batch.sync.length > 0) {
    await uploadAttachmentsOf(upload, batch.sync);
    const { counts, failed } = await withContext('Could not sync batch of comments', () =>
      sendSplittable(upload, batch.sync, async (comments) => {
        const result = await session.client.request(syncCommentsRoute, {
          params,
          query,
          body: { comments },
        });
        return { new: result.new, updated: result.updated, unchanged: result.unchanged };
      }),
    );
    stats.uploaded += batch.sync.length - failed;
    stats.failedComments += failed;
    stats.new += counts.new;
    stats.updated += counts.updated;
    stats.unchanged += counts.unchanged;
  }
  for (const { id, path } of batch.audio) {
    await withContext(`Could not upload audio file at \`${path}\` for comment id \`${id}\``, () =>
      session.client.request(uploadAudioRoute, {
        params: { project: `id:${upload.sourceId}`, comment_id: id },
        rawBody: multipartFile('file', path, readFileSync(path)),
      }),
    );
  }
}

/** `Skipping: Could not parse comment at line 3 from input stream: comment: missing field \`id\`` */
function describeSkipped(error: unknown): string {
  const parts: string[] = [];
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    parts.push(cause.message);
  }
  return `Skipping: ${parts.length > 0 ? parts.join(': ') : String(error)}`;
}

function skipped(count: number): string {
  return count > 0 ? ` ${count} skipped` : '';
}

/** The progress message of the official CLI (basic, or detailed with `--overwrite`). */
function progressMessage(stats: Statistics, detailed: boolean): string {
  const attachments =
    stats.attachments + stats.failedAttachments > 0
      ? ` [${stats.attachments} attachments${skipped(stats.failedAttachments)}]`
      : '';
  const annotations = `[${stats.annotations} annotations${skipped(stats.failedAnnotations)}]`;
  if (detailed) {
    return `${stats.uploaded} comments: ${stats.new} new ${stats.updated} upd ${stats.unchanged} nop${skipped(stats.failedComments)} ${annotations}${attachments}`;
  }
  return `${stats.uploaded} comments${skipped(stats.failedComments)} ${annotations}${attachments}`;
}

/**
 * `create comments`: reads upload lines, sends first occurrences to the create-only route and
 * `--overwrite`/repeated ids to `sync`, several batches at a time, then annotations with `--dataset`
 * (cli.md §5.2.1).
 */
export async function run(args: CreateCommentsArgs, io: Io): Promise<void> {
  if (!Number.isInteger(args.batchSize) || args.batchSize <= 0) {
    throw new CliError('--batch-size must be greater than 0');
  }
  const attachmentsDir = args.attachments;
  if (attachmentsDir !== undefined) {
    let directory: boolean;
    try {
      directory = statSync(attachmentsDir).isDirectory();
    } catch {
      throw new CliError('--attachments directory must exist');
    }
    if (!directory) {
      throw new CliError('--attachments must be a directory');
    }
  }
  await withSession(io, args.globals, 'write', async (session) => {
    const { log } = session;
    const source = await withContext(`Unable to get source ${refText(args.source)}`, () =>
      fetchSource(session, args.source),
    );
    const datasetRef = args.dataset;
    const dataset =
      datasetRef === undefined
        ? undefined
        : await withContext(`Unable to get dataset ${refText(datasetRef)}`, () =>
            fetchDataset(session, datasetRef),
          );
    const sourceId = String(source['id']);
    let total: number | null = null;
    if (args.file !== undefined) {
      const file = args.file;
      log.info(
        `Uploading comments from file \`${file}\` to source \`${fullNameOf(source)}\` [id: ${sourceId}]`,
      );
      try {
        total = statSync(file).size;
      } catch (error) {
        throw new CliError(`Could not open file \`${file}\``, { cause: error });
      }
      if (args.allowDuplicates !== true) {
        log.debug(`Checking \`${file}\` for duplicate comment ids`);
        await checkNoDuplicateIds(file, args.resumeOnError === true);
      }
    } else {
      log.info(
        `Uploading comments from stdin to source \`${fullNameOf(source)}\` [id: ${sourceId}]`,
      );
      if (args.allowDuplicates !== true) {
        throw new CliError('--allow-duplicates is required when uploading from stdin');
      }
      if (io.stdin === undefined) {
        throw new CliError('No input: stdin is not available');
      }
    }

    const stats: Statistics = {
      bytesRead: 0,
      uploaded: 0,
      new: 0,
      updated: 0,
      unchanged: 0,
      failedComments: 0,
      annotations: 0,
      failedAnnotations: 0,
      attachments: 0,
      failedAttachments: 0,
    };
    const upload: Upload = {
      session,
      source,
      sourceId,
      noCharge: args.charge === false,
      resumeOnError: args.resumeOnError === true,
      attachmentsDir,
      stats,
    };
    const overwrite = args.overwrite === true;
    const progress = startProgress(io, log, {
      enabled: args.file !== undefined && args.progress !== false,
      total,
      bytes: true,
      message: () => progressMessage(stats, overwrite),
    });
    const pool = new TaskPool(Math.min(session.numThreads, MAX_PARALLEL_BATCHES));
    const seen = new Set<string>();
    let batch: Batch = { put: [], sync: [], audio: [] };
    // A batch that repeats an id uploaded earlier must wait for those uploads, so that the last
    // occurrence in the file is the one that stays (the official client uploads in file order).
    let repeats = false;
    let annotations: AnnotationUpload[] = [];

    const dispatch = async (): Promise<void> => {
      if (batch.put.length + batch.sync.length === 0) {
        return;
      }
      const current = batch;
      batch = { put: [], sync: [], audio: [] };
      if (repeats) {
        await pool.drain();
        repeats = false;
      }
      await pool.run(async () => {
        await uploadBatch(upload, current);
        progress.update(stats.bytesRead);
      });
    };
    const flushAnnotations = async (): Promise<void> => {
      if (dataset === undefined || annotations.length === 0) {
        return;
      }
      await dispatch();
      await pool.drain();
      const pending = annotations;
      annotations = [];
      await uploadAnnotations(
        session,
        ownedParams(dataset),
        sourceId,
        pending,
        stats,
        upload.resumeOnError,
      );
    };

    try {
      const input = args.file ?? (io.stdin as NodeJS.ReadableStream);
      for await (const line of readLines(input)) {
        stats.bytesRead += line.bytes;
        if (line.text.trim() === '') {
          continue;
        }
        let parsed: ReturnType<typeof parseCommentLine>;
        try {
          parsed = parseCommentLine(line.text, line.number);
        } catch (error) {
          // `--resume-on-error` promises to count failures and go on; a malformed line is one.
          if (!upload.resumeOnError) {
            throw error;
          }
          log.warn(describeSkipped(error));
          stats.failedComments += 1;
          continue;
        }
        if (dataset !== undefined && parsed.annotation !== null) {
          annotations.push(parsed.annotation);
        }
        if (parsed.audioPath !== undefined) {
          batch.audio.push({ id: parsed.id, path: parsed.audioPath });
        }
        let toSync = overwrite;
        if (args.allowDuplicates === true) {
          if (seen.has(parsed.id)) {
            toSync = true;
            repeats = true;
          }
          seen.add(parsed.id);
        }
        (toSync ? batch.sync : batch.put).push(parsed.comment);
        if (batch.put.length + batch.sync.length >= args.batchSize) {
          await dispatch();
        }
        if (annotations.length >= args.batchSize) {
          await flushAnnotations();
        }
      }
      await dispatch();
      await pool.drain();
      await flushAnnotations();
    } finally {
      progress.stop();
    }

    if (overwrite) {
      log.info(
        `Successfully uploaded ${stats.uploaded} comments [${stats.new} new | ${stats.updated} updated | ${stats.unchanged} unchanged | ${stats.failedComments} skipped] of which ${stats.annotations} are annotated.`,
      );
    } else {
      log.info(
        `Successfully uploaded ${stats.uploaded} comments (of which ${stats.annotations} are annotated). ${stats.failedComments} skipped`,
      );
    }
  });
}
