import { advanceStreamRoute, fetchStreamRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { StreamRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { stringifyLine } from '../json-output.js';
import { isRecord, streamBatchModel, streamResultModel } from '../models.js';
import type { Session } from '../session.js';

export type GetStreamCommentsArgs = WithGlobals<{
  stream: StreamRef;
  size: number;
  /** Poll every N seconds, printing and advancing, until interrupted. */
  listen?: number;
  individualAdvance?: boolean;
  /** Ends the `--listen` loop (tests; Ctrl-C otherwise). */
  signal?: AbortSignal;
}>;

function streamParams(stream: StreamRef): Record<string, string> {
  return { project: stream.owner, name: stream.dataset, stream: stream.stream };
}

async function advance(
  session: Session,
  stream: StreamRef,
  sequenceId: unknown,
  what: string,
): Promise<void> {
  await withContext(`Operation to advance stream for ${what} failed.`, () =>
    session.client.request(advanceStreamRoute, {
      params: streamParams(stream),
      body: { sequence_id: sequenceId },
    }),
  );
}

function sleep(seconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, seconds * 1000);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * `get stream-comments --stream <p/d/s>`: one fetch printed as a batch object, or with `--listen` the
 * consumer loop of cli.md §5.1 (fetch, print each result, advance; sleep when nothing arrives).
 */
export async function run(args: GetStreamCommentsArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'read', async (session) => {
    const fetchBatch = () =>
      withContext('Operation to fetch stream comments failed.', () =>
        session.client.request(fetchStreamRoute, {
          params: streamParams(args.stream),
          body: { size: args.size },
        }),
      );
    if (args.listen === undefined) {
      io.stdout.write(`${stringifyLine(streamBatchModel(await fetchBatch()))}\n`);
      return;
    }
    while (args.signal?.aborted !== true) {
      const batch = await fetchBatch();
      const results = Array.isArray(batch['results']) ? batch['results'].filter(isRecord) : [];
      if (results.length === 0) {
        if ((batch['filtered'] ?? 0) === 0) {
          await sleep(args.listen, args.signal);
        } else {
          await advance(session, args.stream, batch['sequence_id'], 'batch');
        }
        continue;
      }
      const last = results[results.length - 1]!;
      const needsFinalAdvance =
        args.individualAdvance !== true || batch['sequence_id'] !== last['sequence_id'];
      for (const result of results) {
        io.stdout.write(`${stringifyLine(streamResultModel(result))}\n`);
        if (args.individualAdvance === true) {
          await advance(session, args.stream, result['sequence_id'], 'comment');
        }
      }
      if (needsFinalAdvance) {
        await advance(session, args.stream, batch['sequence_id'], 'batch');
      }
    }
  });
}
