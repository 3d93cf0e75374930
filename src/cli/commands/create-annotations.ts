import { statSync } from 'node:fs';

import { uploadAnnotations, type AnnotationCounts } from '../annotation-upload.js';
import { withSession, type WithGlobals } from '../command.js';
import { CliError, withContext } from '../errors.js';
import { refText, type ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { readLines } from '../lines.js';
import { startProgress } from '../progress.js';
import { fetchDataset, fetchSource, fullNameOf, ownedParams } from '../resolve.js';
import { parseAnnotationLine, type AnnotationUpload } from '../upload-lines.js';
import { waitForModel } from '../wait-for-model.js';

export type CreateAnnotationsArgs = WithGlobals<{
  file?: string;
  source: ResourceRef;
  dataset: ResourceRef;
  batchSize: number;
  progress?: boolean;
  resumeOnError?: boolean;
  /** Sift extension: wait until a model version includes the uploaded annotations. */
  waitForModel?: boolean;
  waitTimeout?: number;
}>;

/** `create annotations`: every line with annotations → `POST …/labellings/<uid>` (cli.md §5.2). */
export async function run(args: CreateAnnotationsArgs, io: Io): Promise<void> {
  if (!Number.isInteger(args.batchSize) || args.batchSize <= 0) {
    throw new CliError('--batch-size must be greater than 0');
  }
  await withSession(io, args.globals, 'write', async (session) => {
    const source = await withContext(`Unable to get source ${refText(args.source)}`, () =>
      fetchSource(session, args.source),
    );
    const dataset = await withContext(`Unable to get dataset ${refText(args.dataset)}`, () =>
      fetchDataset(session, args.dataset),
    );
    const where = `source \`${fullNameOf(source)}\` [id: ${String(source['id'])}] and dataset \`${fullNameOf(dataset)}\` [id: ${String(dataset['id'])}]`;
    let total: number | null = null;
    if (args.file !== undefined) {
      session.log.info(`Uploading comments from file \`${args.file}\` to ${where}`);
      try {
        total = statSync(args.file).size;
      } catch (error) {
        throw new CliError(`Could not open file \`${args.file}\``, { cause: error });
      }
    } else {
      session.log.info(`Uploading annotations from stdin to ${where}`);
      if (io.stdin === undefined) {
        throw new CliError('No input: stdin is not available');
      }
    }
    const counts: AnnotationCounts = { annotations: 0, failedAnnotations: 0 };
    let bytes = 0;
    const progress = startProgress(io, session.log, {
      enabled: args.file !== undefined && args.progress !== false,
      total,
      bytes: true,
      message: () =>
        `${counts.annotations} annotations${counts.failedAnnotations > 0 ? ` ${counts.failedAnnotations} skipped` : ''}`,
    });
    const target = ownedParams(dataset);
    const sourceId = String(source['id']);
    let pending: AnnotationUpload[] = [];
    const flush = async (): Promise<void> => {
      const batch = pending;
      pending = [];
      await uploadAnnotations(
        session,
        target,
        sourceId,
        batch,
        counts,
        args.resumeOnError === true,
      );
      progress.update(bytes);
    };
    try {
      for await (const line of readLines(args.file ?? (io.stdin as NodeJS.ReadableStream))) {
        bytes += line.bytes;
        if (line.text.trim() === '') {
          continue;
        }
        const annotation = parseAnnotationLine(line.text, line.number);
        if (annotation !== null) {
          pending.push(annotation);
          if (pending.length >= args.batchSize) {
            await flush();
          }
        }
      }
      if (pending.length > 0) {
        await flush();
      }
    } finally {
      progress.stop();
    }
    session.log.info(`Successfully uploaded ${counts.annotations} annotations.`);
    if (args.waitForModel === true) {
      const version = await waitForModel(session, target, {
        progress: args.progress !== false,
        timeoutSeconds: args.waitTimeout ?? 3600,
      });
      session.log.info(
        version === null
          ? 'The dataset has no annotations to train on.'
          : `Model version ${version} is ready.`,
      );
    }
  });
}
