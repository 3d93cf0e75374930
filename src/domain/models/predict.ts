import type {
  PredictBody,
  PredictCommentsBody,
  PredictedLabel,
  PredictCommentsResponse,
  PredictRawEmailsBody,
  PredictResponse,
} from '../../contracts/models.js';
import { EmbedderUnavailableError, LABEL_SEPARATOR } from '../../ml/index.js';
import type { CommentRecord, DatasetRecord, ModelVersionRecord } from '../../store/store.js';
import type { CallContext } from '../context.js';
import { loadTaxonomy, resolveDataset, type DatasetRef } from '../datasets/dataset-access.js';
import { parseRawEmail } from '../emails/parse-raw-email.js';
import { AppError, notFound } from '../errors.js';
import {
  datasetFields,
  predictEntities,
  type DatasetFields,
} from '../fields/predicted-entities.js';
import { hasProjectPermission } from '../permissions/principal.js';
import { checkTransformTag } from '../sources/manage-sources.js';
import { now } from '../time.js';

import { prepareComment, prepareDocument, type PreparedComment } from './comment-features.js';
import { resolvePredictionVersion } from './model-versions.js';
import { loadPredictor, type LabelPrediction } from './version-predictor.js';

// api.md §5.9.2–§5.9.4: predictions with a pinned (or tagged) version for ad-hoc documents, stored
// comments and raw emails. Nothing is stored: ad-hoc vectors are not even cached.

const AUTO_NAMES = ['high_recall', 'balanced', 'high_precision'] as const;
const DEFAULT_TRANSFORM_TAG = 'generic.0.CONVKER5';

type Threshold = number | 'auto' | undefined;
type LabelFilter = NonNullable<PredictBody['labels']>;

function joined(name: string | string[]): string {
  return Array.isArray(name) ? name.join(LABEL_SEPARATOR) : name;
}

function autoThresholds(label: LabelPrediction): string[] {
  if (label.thresholds === null) {
    return [];
  }
  return AUTO_NAMES.filter((_, index) => label.probability >= label.thresholds![index]!);
}

/** api.md §5.9.2 threshold rules over one document's predictions. */
export function selectLabels(
  labels: readonly LabelPrediction[],
  threshold: Threshold,
  filter: LabelFilter | undefined,
): PredictedLabel[] {
  const wanted =
    filter === undefined
      ? null
      : new Map(filter.map((item) => [joined(item.name), item.threshold]));
  const out: PredictedLabel[] = [];
  for (const label of labels) {
    let own: number | undefined;
    if (wanted !== null) {
      if (!wanted.has(label.name)) {
        continue;
      }
      own = wanted.get(label.name);
    }
    const entry: PredictedLabel = {
      name: label.name.split(LABEL_SEPARATOR),
      probability: label.probability,
    };
    if (own !== undefined) {
      if (label.probability < own) {
        continue;
      }
    } else if (threshold === 'auto') {
      const cleared = autoThresholds(label);
      if (cleared.length === 0) {
        continue;
      }
      entry.auto_thresholds = cleared;
    } else if (threshold !== undefined && label.probability < threshold) {
      continue;
    }
    if (threshold === 'auto' && entry.auto_thresholds === undefined) {
      entry.auto_thresholds = autoThresholds(label);
    }
    out.push(entry);
  }
  return out;
}

async function predictPrepared(
  context: CallContext,
  dataset: DatasetRecord,
  version: ModelVersionRecord,
  prepared: readonly PreparedComment[],
  persist: boolean,
): Promise<LabelPrediction[][]> {
  const store = context.deps.store;
  const predictor = await loadPredictor(store, dataset.id, version.version);
  if (!predictor) {
    throw notFound(`Model version ${version.version} not found`);
  }
  try {
    return await predictor.predict(store, context.deps.models, prepared, now(context.deps), {
      persist,
    });
  } catch (error) {
    if (error instanceof EmbedderUnavailableError) {
      throw new AppError('embedder_unavailable', error.message, { cause: error });
    }
    throw error;
  }
}

async function versionFor(
  context: CallContext,
  dataset: DatasetRecord,
  rawVersion: string | null,
): Promise<ModelVersionRecord> {
  const store = context.deps.store;
  if (rawVersion !== null) {
    return resolvePredictionVersion(store, dataset, rawVersion);
  }
  const latest = await store.models.latest(dataset.id);
  if (!latest) {
    throw notFound('The dataset has no trained model version yet');
  }
  return latest;
}

async function fieldsOf(context: CallContext, dataset: DatasetRecord): Promise<DatasetFields> {
  return datasetFields(dataset, await loadTaxonomy(context.deps.store, dataset.id));
}

function entitiesOf(
  context: CallContext,
  fields: DatasetFields,
  comment: Parameters<typeof predictEntities>[1],
  uid: string,
) {
  return predictEntities(fields, comment, { now: now(context.deps), log: context.deps.log, uid });
}

function modelRef(version: ModelVersionRecord): { version: number; time: string } {
  return { version: version.version, time: version.trained_time };
}

/** `POST …/labellers/<v>/predict` and the private latest-version form (`rawVersion` null). */
export async function predictDocuments(
  context: CallContext,
  ref: DatasetRef,
  rawVersion: string | null,
  body: PredictBody,
): Promise<PredictResponse> {
  const dataset = await resolveDataset(context, context.deps.store, ref, 'voc-readonly');
  const version = await versionFor(context, dataset, rawVersion);
  const prepared = body.documents.map((document, index) =>
    prepareDocument(`document.${index}`, document.messages),
  );
  const predictions = await predictPrepared(context, dataset, version, prepared, false);
  const fields = await fieldsOf(context, dataset);
  return {
    predictions: predictions.map((labels) => selectLabels(labels, body.threshold, body.labels)),
    entities: body.documents.map((document, index) =>
      entitiesOf(context, fields, document, `document.${index}`),
    ),
    model: modelRef(version),
  };
}

/** `POST …/labellers/<v>/predict-comments` (api.md §5.9.3). */
export async function predictComments(
  context: CallContext,
  ref: DatasetRef,
  rawVersion: string,
  body: PredictCommentsBody,
): Promise<PredictCommentsResponse> {
  const store = context.deps.store;
  const dataset = await resolveDataset(context, store, ref, 'voc-readonly');
  const version = await versionFor(context, dataset, rawVersion);
  const sources = new Map(
    (await store.sources.getMany(dataset.source_ids)).map((source) => [source.id, source]),
  );
  const wanted = new Map<string, string[]>();
  for (const uid of body.uids) {
    const dot = uid.indexOf('.');
    const source = dot > 0 ? sources.get(uid.slice(0, dot)) : undefined;
    if (
      source === undefined ||
      !hasProjectPermission(context.principal, source.owner, 'sources-read')
    ) {
      throw notFound(`Comment '${uid}' not found in dataset '${dataset.owner}/${dataset.name}'`);
    }
    wanted.set(source.id, [...(wanted.get(source.id) ?? []), uid.slice(dot + 1)]);
  }
  const found = new Map<string, PreparedComment>();
  const records = new Map<string, CommentRecord>();
  for (const [sourceId, ids] of wanted) {
    for (const comment of await store.comments.getMany(sourceId, ids)) {
      const prepared = prepareComment(comment);
      found.set(prepared.uid, prepared);
      records.set(prepared.uid, comment);
    }
  }
  const missing = body.uids.find((uid) => !found.has(uid));
  if (missing !== undefined) {
    throw notFound(`Comment '${missing}' not found in dataset '${dataset.owner}/${dataset.name}'`);
  }
  const prepared = body.uids.map((uid) => found.get(uid)!);
  const predictions = await predictPrepared(context, dataset, version, prepared, true);
  const fields = await fieldsOf(context, dataset);
  return {
    predictions: predictions.map((labels, index) => ({
      uid: body.uids[index]!,
      labels: selectLabels(labels, body.threshold, body.labels),
      entities: entitiesOf(context, fields, records.get(body.uids[index]!)!, body.uids[index]!),
    })),
    model: modelRef(version),
  };
}

/** `POST …/labellers/<v>/predict-raw-emails` (api.md §5.9.4), on the `generic` parser of §6.1. */
export async function predictRawEmails(
  context: CallContext,
  ref: DatasetRef,
  rawVersion: string,
  body: PredictRawEmailsBody,
): Promise<PredictResponse> {
  const dataset = await resolveDataset(context, context.deps.store, ref, 'voc-readonly');
  const version = await versionFor(context, dataset, rawVersion);
  const transformTag = body.transform_tag ?? DEFAULT_TRANSFORM_TAG;
  checkTransformTag(transformTag);
  const comments = [];
  for (const [index, document] of body.documents.entries()) {
    const parsed = await parseRawEmail(document, { transformTag });
    if (!parsed.ok) {
      throw new AppError('invalid_request', `documents[${index}]: ${parsed.error}`);
    }
    comments.push(parsed.value);
  }
  const prepared = comments.map((comment, index) =>
    prepareDocument(
      `document.${index}`,
      comment.messages,
      (comment.attachments ?? []) as { name?: unknown }[],
    ),
  );
  const predictions = await predictPrepared(context, dataset, version, prepared, false);
  const fields = await fieldsOf(context, dataset);
  return {
    predictions: predictions.map((labels) => selectLabels(labels, body.threshold, body.labels)),
    entities: comments.map((comment, index) =>
      entitiesOf(context, fields, comment, `document.${index}`),
    ),
    model: modelRef(version),
    ...(body.include_comments === true ? { comments } : {}),
  };
}
