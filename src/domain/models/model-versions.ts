import type {
  Labeller,
  LabellerStatusResponse,
  ListLabellersResponse,
  ModelTagsResponse,
} from '../../contracts/models.js';
import type { DatasetRecord, ModelVersionRecord, Store } from '../../store/store.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { CallContext } from '../context.js';
import { lockDataset, resolveDataset, type DatasetRef } from '../datasets/dataset-access.js';
import { AppError, conflict, invalid, notFound } from '../errors.js';
import { now } from '../time.js';

import type { VersionSummary } from './stored-validation.js';
import { embeddingProgress, trainingProgress } from './work-progress.js';

// api.md §4.8 and §5.9.1: model versions (labellers), pinning, tags and the training status route.

export const MAX_PINNED_VERSIONS = 100;
const MODEL_TAGS = new Set(['live', 'staging']);
const VERSION_NUMBER = /^[1-9][0-9]{0,9}$/;

/** A version a stream binds cannot be unpinned (api.md §5.9.1). */
export function isVersionUsed(store: Store, datasetId: string, version: number): Promise<boolean> {
  return store.streams.usesVersion(datasetId, version);
}

/** Resolves `<v>` (api.md §4.8): a number, `live`/`staging` through tags, or `latest`. */
export async function resolveVersion(
  store: Store,
  dataset: DatasetRecord,
  raw: string,
): Promise<ModelVersionRecord> {
  if (VERSION_NUMBER.test(raw)) {
    const version = await store.models.get(dataset.id, Number(raw));
    if (!version) {
      throw notFound(`Model version ${raw} not found`);
    }
    return version;
  }
  if (MODEL_TAGS.has(raw)) {
    const tag = (await store.models.listTags(dataset.id)).find((item) => item.name === raw);
    const version = tag ? await store.models.get(dataset.id, tag.version) : null;
    if (!version) {
      throw notFound(`Model tag '${raw}' is not set`);
    }
    return version;
  }
  if (raw === 'latest') {
    const version = await store.models.latest(dataset.id);
    if (!version) {
      throw notFound('The dataset has no trained model version yet');
    }
    return version;
  }
  throw invalid(
    `'${raw}' is not a model version: expected a positive integer, 'live', 'staging' or 'latest'`,
  );
}

function summaryOf(version: ModelVersionRecord): VersionSummary {
  return version.summary as VersionSummary;
}

/** UserModelMetadata (api.md §4.8). */
export async function toLabeller(store: Store, version: ModelVersionRecord): Promise<Labeller> {
  const summary = summaryOf(version);
  return {
    version: version.version,
    model_id: version.model_id,
    model_name: 'cm',
    fingerprint: version.fingerprint,
    trained_time: version.trained_time,
    training_duration: version.training_duration,
    input_updated_at: version.input_updated_at,
    validated: true,
    pinned: version.pinned,
    reviewed_counts: version.reviewed_counts,
    used_by_triggers: await isVersionUsed(store, version.dataset_id, version.version),
    settings: { starred: version.starred, description: version.description },
    freshness: 'fresh',
    flags: [],
    train_size: summary.train_size,
    test_size: summary.test_size,
  };
}

export async function listLabellers(
  context: CallContext,
  ref: DatasetRef,
  body: { older_than_version?: number; limit?: number; starred?: boolean; validated?: boolean },
): Promise<ListLabellersResponse> {
  const store = context.deps.store;
  const dataset = await resolveDataset(context, store, ref, 'voc-readonly');
  const limit = body.limit ?? 100;
  let versions = await store.models.list(dataset.id, {
    olderThan: body.older_than_version,
    limit: body.starred === true ? 10_000 : limit,
  });
  if (body.starred === true) {
    versions = versions.filter((version) => version.starred).slice(0, limit);
  }
  const labellers: Labeller[] = [];
  for (const version of versions) {
    labellers.push(await toLabeller(store, version));
  }
  return {
    labellers,
    model_tags: await modelTags(store, dataset.id),
    max_number_pinned_models: MAX_PINNED_VERSIONS,
  };
}

async function modelTags(
  store: Store,
  datasetId: string,
): Promise<{ name: string; version: number; updated_at: string }[]> {
  return (await store.models.listTags(datasetId)).map((tag) => ({
    name: tag.name,
    version: tag.version,
    updated_at: tag.updated_at,
  }));
}

export async function listModelTags(
  context: CallContext,
  ref: DatasetRef,
): Promise<ModelTagsResponse> {
  const dataset = await resolveDataset(context, context.deps.store, ref, 'voc-readonly');
  return { model_tags: await modelTags(context.deps.store, dataset.id) };
}

/** `dataset_status` (api.md §5.9.1): clients poll it until `training_complete == 1` with a version. */
export async function labellerStatus(
  context: CallContext,
  ref: DatasetRef,
): Promise<LabellerStatusResponse> {
  const store = context.deps.store;
  const dataset = await resolveDataset(context, store, ref, 'voc-readonly');
  const hasAnnotations = await store.annotations.hasReviewed(dataset.id, dataset.source_ids);
  const busy = await store.jobs.hasActive(dataset.id, 'model-train');
  const lastFinished = busy ? null : await store.jobs.lastFinished(dataset.id, 'model-train');
  const failed = lastFinished?.status === 'failed' ? lastFinished : undefined;
  const latest = await store.models.latest(dataset.id);
  const total = await store.comments.count({ sourceIds: dataset.source_ids });
  const predicted = latest
    ? await store.predictions.countForVersion(dataset.id, latest.version)
    : 0;
  const inference = total === 0 ? 1 : Math.min(1, predicted / total);
  const at = context.deps.clock.nowMicros();
  return {
    dataset_status: {
      training_complete: hasAnnotations ? (busy || failed ? 0 : 1) : null,
      validation_complete: latest ? 1 : null,
      training_completion_time: latest?.trained_time ?? dataset.created,
      inference_complete: latest ? inference : 0,
      total_comments_with_text: total,
      inference_stats_by_version: latest
        ? {
            [String(latest.version)]: {
              timestamp: latest.trained_time,
              comments: predicted,
              inference_complete: inference,
            },
          }
        : {},
      inference_stuck: false,
      operation: null,
      latest_version: latest?.version ?? null,
      embedding_progress: await embeddingProgress(store, dataset, at),
      training_progress: await trainingProgress(
        store,
        dataset,
        at,
        latest?.training_duration ?? null,
      ),
      ...(failed
        ? {
            training_error: {
              code: failed.error_code ?? 'internal',
              message: failed.error_message ?? 'training failed',
            },
          }
        : {}),
    },
  };
}

export async function updateLabeller(
  context: CallContext,
  ref: DatasetRef,
  rawVersion: string,
  body: { starred?: boolean; description?: string },
): Promise<void> {
  await context.deps.store.transaction(async (store) => {
    const dataset = await lockDataset(context, store, ref, 'datasets-model-admin');
    const version = await resolveVersion(store, dataset, rawVersion);
    await store.models.updateSettings(dataset.id, version.version, body);
    await recordAuditEvent(store, context, 'update_model', { datasets: [dataset] });
  });
}

async function pinIn(
  store: Store,
  dataset: DatasetRecord,
  version: ModelVersionRecord,
): Promise<void> {
  if (version.pinned) {
    return;
  }
  if ((await store.models.countPinned(dataset.id)) >= MAX_PINNED_VERSIONS) {
    throw invalid(
      `At most ${MAX_PINNED_VERSIONS} model versions can be pinned; unpin one before pinning ${version.version}`,
    );
  }
  await store.models.updateSettings(dataset.id, version.version, { pinned: true });
}

/** Pins a version inside the caller's transaction (streams pin the version they bind). */
export async function pinVersionIn(
  store: Store,
  dataset: DatasetRecord,
  version: ModelVersionRecord,
): Promise<void> {
  await pinIn(store, dataset, version);
}

export async function pinLabeller(
  context: CallContext,
  ref: DatasetRef,
  rawVersion: string,
  pinned: boolean,
): Promise<void> {
  await context.deps.store.transaction(async (store) => {
    const dataset = await lockDataset(context, store, ref, 'datasets-model-admin');
    const version = await resolveVersion(store, dataset, rawVersion);
    if (pinned) {
      await pinIn(store, dataset, version);
      await recordAuditEvent(store, context, 'pin_model', { datasets: [dataset] });
      return;
    }
    const tagged = (await store.models.listTags(dataset.id)).find(
      (tag) => tag.version === version.version,
    );
    if (tagged) {
      throw conflict(
        `Model version ${version.version} is tagged '${tagged.name}'; move the tag before unpinning it`,
      );
    }
    if (await isVersionUsed(store, dataset.id, version.version)) {
      throw conflict(`Model version ${version.version} is used by a stream and cannot be unpinned`);
    }
    await store.models.updateSettings(dataset.id, version.version, { pinned: false });
    await recordAuditEvent(store, context, 'unpin_model', { datasets: [dataset] });
  });
}

function checkTag(tag: string): void {
  if (!MODEL_TAGS.has(tag)) {
    throw invalid(`'${tag}' is not a model tag: expected 'live' or 'staging'`);
  }
}

export async function setModelTag(
  context: CallContext,
  ref: DatasetRef,
  tag: string,
  versionNumber: number,
): Promise<void> {
  checkTag(tag);
  await context.deps.store.transaction(async (store) => {
    const dataset = await lockDataset(context, store, ref, 'datasets-model-admin');
    const version = await resolveVersion(store, dataset, String(versionNumber));
    await pinIn(store, dataset, version);
    await store.models.setTag({
      dataset_id: dataset.id,
      name: tag,
      version: version.version,
      updated_at: now(context.deps),
    });
    await recordAuditEvent(store, context, 'set_model_tag', { datasets: [dataset] });
  });
}

export async function deleteModelTag(
  context: CallContext,
  ref: DatasetRef,
  tag: string,
): Promise<void> {
  checkTag(tag);
  await context.deps.store.transaction(async (store) => {
    const dataset = await lockDataset(context, store, ref, 'datasets-model-admin');
    if (!(await store.models.deleteTag(dataset.id, tag))) {
      throw notFound(`Model tag '${tag}' is not set`);
    }
    await recordAuditEvent(store, context, 'delete_model_tag', { datasets: [dataset] });
  });
}

/** A version usable for predictions: pinned (tags pin their version), api.md §5.9.2. */
export async function resolvePredictionVersion(
  store: Store,
  dataset: DatasetRecord,
  raw: string,
): Promise<ModelVersionRecord> {
  const version = await resolveVersion(store, dataset, raw);
  if (!version.pinned) {
    throw new AppError('invalid_request', `Model version ${version.version} is not pinned`);
  }
  return version;
}
