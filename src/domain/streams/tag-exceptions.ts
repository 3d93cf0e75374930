import type {
  DeleteStreamExceptionsQuery,
  PutStreamExceptionsBody,
} from '../../contracts/streams.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { CallContext } from '../context.js';
import { fullName } from '../datasets/dataset-access.js';
import { invalid, notFound } from '../errors.js';
import { now } from '../time.js';

import { resolveStream, type StreamRef } from './manage-streams.js';

// api.md §5.11.2 "Exceptions": consumers tag comments their automation could not handle.

function splitUid(uid: string, path: string): { source_id: string; comment_id: string } {
  const dot = uid.indexOf('.');
  if (dot <= 0 || dot === uid.length - 1) {
    throw invalid(`${path}: '${uid}' is not a comment uid (<source_id>.<comment_id>)`);
  }
  return { source_id: uid.slice(0, dot), comment_id: uid.slice(dot + 1) };
}

/** `PUT …/streams/<st>/exceptions`: stores or overwrites the type; an unknown uid is a 404. */
export async function tagExceptions(
  context: CallContext,
  ref: StreamRef,
  body: PutStreamExceptionsBody,
): Promise<void> {
  await context.deps.store.transaction(async (store) => {
    const { dataset, stream } = await resolveStream(context, store, ref, [
      'triggers-consume',
      'sources-read',
    ]);
    const entries = body.exceptions.map((exception, index) => ({
      stream_id: stream.id,
      ...splitUid(exception.uid, `exceptions[${index}].uid`),
      type: exception.metadata.type,
    }));
    const bySource = new Map<string, string[]>();
    for (const entry of entries) {
      bySource.set(entry.source_id, [...(bySource.get(entry.source_id) ?? []), entry.comment_id]);
    }
    for (const [sourceId, ids] of bySource) {
      const found = dataset.source_ids.includes(sourceId)
        ? new Set((await store.comments.getMany(sourceId, ids)).map((comment) => comment.id))
        : new Set<string>();
      const missing = ids.find((id) => !found.has(id));
      if (missing !== undefined) {
        throw notFound(
          `Comment '${sourceId}.${missing}' not found in dataset '${fullName(dataset)}'`,
        );
      }
    }
    await store.streams.putExceptions(entries, now(context.deps));
    await recordAuditEvent(store, context, 'update_stream_exceptions', {
      datasets: [dataset],
      streams: [stream],
    });
  });
}

/** `DELETE …/streams/<st>/exceptions?uid=…`: unknown uids are ignored. */
export async function untagExceptions(
  context: CallContext,
  ref: StreamRef,
  query: DeleteStreamExceptionsQuery,
): Promise<void> {
  const uids = Array.isArray(query.uid) ? query.uid : [query.uid];
  const parsed = uids.map((uid, index) => splitUid(uid, `uid[${index}]`));
  await context.deps.store.transaction(async (store) => {
    const { dataset, stream } = await resolveStream(context, store, ref, [
      'triggers-consume',
      'sources-read',
    ]);
    await store.streams.deleteExceptions(stream.id, parsed);
    await recordAuditEvent(store, context, 'update_stream_exceptions', {
      datasets: [dataset],
      streams: [stream],
    });
  });
}
