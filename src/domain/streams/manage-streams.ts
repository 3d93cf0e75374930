import type { CommentFilter } from '../../contracts/comment-filter.js';
import type { Stream, StreamNew, StreamUpdate } from '../../contracts/streams.js';
import type { DatasetRecord, Store, StreamRecord } from '../../store/store.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { CallContext } from '../context.js';
import { joinLabelName } from '../dataset-comments/dataset-scope.js';
import {
  fullName,
  loadTaxonomy,
  lockDataset,
  resolveDataset,
  type DatasetRef,
} from '../datasets/dataset-access.js';
import { conflict, invalid, notFound } from '../errors.js';
import { pinVersionIn, resolveVersion } from '../models/model-versions.js';
import { requireProjectPermission } from '../permissions/principal.js';
import { now } from '../time.js';

import { checkExceptionFilter } from './stream-exceptions.js';
import { toStreamResponse } from './stream-view.js';

// api.md §4.10 and §5.11.2: stream settings. The cursor itself lives in consume-stream.ts.

export type StreamRef = DatasetRef & { stream: string };

/**
 * Resolves `<p>/<d>/streams/<st>` and checks `permissions` on the dataset's project: the first through
 * dataset resolution (an invisible project reads as a missing dataset), the others by name.
 */
export async function resolveStream(
  context: CallContext,
  store: Store,
  ref: StreamRef,
  permissions: readonly [string, ...string[]],
  options: { lock?: boolean } = {},
): Promise<{ dataset: DatasetRecord; stream: StreamRecord }> {
  const [first, ...rest] = permissions;
  const dataset = options.lock
    ? await lockDataset(context, store, ref, first)
    : await resolveDataset(context, store, ref, first);
  for (const permission of rest) {
    requireProjectPermission(context.principal, dataset.owner, permission, '');
  }
  const stream = await store.streams.get(dataset.id, ref.stream);
  if (!stream) {
    throw notFound(`Stream '${ref.stream}' not found in dataset '${fullName(dataset)}'`);
  }
  return { dataset, stream };
}

export async function listStreams(context: CallContext, ref: DatasetRef): Promise<Stream[]> {
  const store = context.deps.store;
  const dataset = await resolveDataset(context, store, ref, 'triggers-read');
  requireProjectPermission(context.principal, dataset.owner, 'voc-readonly', '');
  return (await store.streams.list(dataset.id)).map(toStreamResponse);
}

export async function getStream(context: CallContext, ref: StreamRef): Promise<Stream> {
  const { stream } = await resolveStream(context, context.deps.store, ref, [
    'triggers-read',
    'voc-readonly',
  ]);
  return toStreamResponse(stream);
}

/** Validates a model binding: an existing version (pinned here) and existing label names. */
async function streamModel(
  store: Store,
  dataset: DatasetRecord,
  model: NonNullable<StreamNew['model']>,
): Promise<StreamRecord['model']> {
  const version = await resolveVersion(store, dataset, String(model.version)).catch(
    (error: unknown) => {
      throw error instanceof Error && 'code' in error && error.code === 'not_found'
        ? invalid(`stream.model.version: model version ${model.version} does not exist`)
        : error;
    },
  );
  const taxonomy = await loadTaxonomy(store, dataset.id);
  const known = new Set(
    taxonomy.label_groups.flatMap((group) => group.label_defs.map((def) => def.name)),
  );
  const thresholds = (model.label_thresholds ?? []).map((item, index) => {
    const name = joinLabelName(item.name);
    if (!known.has(name)) {
      throw invalid(
        `stream.model.label_thresholds[${index}].name: '${name}' is not a label of dataset '${fullName(dataset)}'`,
      );
    }
    return { name: name.split(' > '), threshold: item.threshold };
  });
  await pinVersionIn(store, dataset, version);
  return { version: version.version, label_thresholds: thresholds };
}

async function checkFilter(
  store: Store,
  dataset: DatasetRecord,
  filter: CommentFilter | undefined,
): Promise<Record<string, unknown>> {
  await checkExceptionFilter(store, dataset, filter ?? {}, 'stream.comment_filter');
  return filter ?? {};
}

export async function createStream(
  context: CallContext,
  ref: DatasetRef,
  body: StreamNew,
): Promise<Stream> {
  return context.deps.store.transaction(async (store) => {
    const dataset = await lockDataset(context, store, ref, 'triggers-admin');
    requireProjectPermission(context.principal, dataset.owner, 'voc-readonly', '');
    if (await store.streams.get(dataset.id, body.name)) {
      throw conflict(`A stream named '${body.name}' already exists in this dataset`);
    }
    const at = now(context.deps);
    const record: StreamRecord = {
      id: context.deps.ids.next(),
      dataset_id: dataset.id,
      name: body.name,
      title: body.title ?? '',
      description: body.description ?? '',
      created_at: at,
      updated_at: at,
      context: context.deps.ids.next(),
      comment_filter: await checkFilter(store, dataset, body.comment_filter),
      model: body.model === undefined ? null : await streamModel(store, dataset, body.model),
      // A new stream delivers comments created after it (api.md §5.11.1); reset reaches back.
      position: await store.comments.maxSeq(),
    };
    await store.streams.create(record);
    await recordAuditEvent(store, context, 'create_stream', {
      datasets: [dataset],
      streams: [record],
    });
    return toStreamResponse(record);
  });
}

export async function updateStream(
  context: CallContext,
  ref: StreamRef,
  body: StreamUpdate,
): Promise<Stream> {
  return context.deps.store.transaction(async (store) => {
    const { dataset, stream } = await resolveStream(
      context,
      store,
      ref,
      ['triggers-write', 'voc-readonly'],
      { lock: true },
    );
    const updated: StreamRecord = {
      ...stream,
      name: body.name ?? stream.name,
      title: body.title ?? stream.title,
      description: body.description ?? stream.description,
      comment_filter:
        body.comment_filter === undefined
          ? stream.comment_filter
          : await checkFilter(store, dataset, body.comment_filter),
      model:
        body.model === undefined
          ? stream.model
          : body.model === null
            ? null
            : await streamModel(store, dataset, body.model),
      updated_at: now(context.deps),
      context: context.deps.ids.next(),
    };
    if (updated.name !== stream.name && (await store.streams.get(dataset.id, updated.name))) {
      throw conflict(`A stream named '${updated.name}' already exists in this dataset`);
    }
    await store.streams.update(updated);
    await recordAuditEvent(store, context, 'update_stream', {
      datasets: [dataset],
      streams: [updated],
    });
    return toStreamResponse(updated);
  });
}

export async function deleteStream(context: CallContext, ref: StreamRef): Promise<void> {
  await context.deps.store.transaction(async (store) => {
    const { dataset, stream } = await resolveStream(
      context,
      store,
      ref,
      ['triggers-admin', 'voc-readonly'],
      { lock: true },
    );
    await store.streams.delete(stream.id);
    await recordAuditEvent(store, context, 'delete_stream', {
      datasets: [dataset],
      streams: [stream],
    });
  });
}
