import { LABEL_SEPARATOR } from '../../ml/index.js';
import type { Store } from '../../store/store.js';
import type { CallContext } from '../context.js';
import { resolveDataset, type DatasetRef } from '../datasets/dataset-access.js';
import { notFound } from '../errors.js';

import { resolveVersion } from './model-versions.js';
import type { StoredValidation } from './stored-validation.js';

// api.md §4.9 and §5.10: the wire views of a version's stored validation (ml.md §5).

type Loaded = {
  version: number;
  validation: StoredValidation;
  taxonomy: { label_groups?: unknown[]; entity_defs?: unknown[] };
};

async function load(context: CallContext, ref: DatasetRef, rawVersion: string): Promise<Loaded> {
  const store: Store = context.deps.store;
  const dataset = await resolveDataset(context, store, ref, 'voc-readonly');
  const version = await resolveVersion(store, dataset, rawVersion);
  const stored = await store.models.getValidation(dataset.id, version.version);
  if (!stored) {
    throw notFound(`Validation for model version ${rawVersion} is not available yet`);
  }
  return {
    version: version.version,
    validation: stored.validation as StoredValidation,
    taxonomy: stored.taxonomy as Loaded['taxonomy'],
  };
}

function factorQuality(validation: StoredValidation, kind: string): string | null {
  return validation.model_rating.factors.find((factor) => factor.kind === kind)?.quality ?? null;
}

/** `GET /api/v1/…/labellers/<v>/validation` → ValidationSummaryV1. */
export async function validationSummaryV1(
  context: CallContext,
  ref: DatasetRef,
  rawVersion: string,
): Promise<{ validation: Record<string, unknown> }> {
  const { version, validation } = await load(context, ref, rawVersion);
  const labels = Object.entries(validation.labels);
  return {
    validation: {
      version,
      labels: labels.map(([name]) => ({ name, parts: name.split(LABEL_SEPARATOR) })),
      entities: [],
      num_reviewed_comments: validation.reviewed_size,
      num_labels: labels.length,
      num_amber_labels: labels.filter(([, label]) => label.health.smart.quality === 'average')
        .length,
      num_red_labels: labels.filter(([, label]) => label.health.smart.quality === 'poor').length,
      mean_average_precision_safe: validation.mean_average_precision_safe,
      dataset_quality: validation.model_rating.quality,
      dataset_score: validation.model_rating.score,
      balance: validation.balance,
      coverage: validation.coverage,
      balance_quality: factorQuality(validation, 'biased'),
      coverage_quality: factorQuality(validation, 'coverage'),
      underperforming_labels_quality: factorQuality(validation, 'lowest_label_health'),
      all_labels_quality: factorQuality(validation, 'overall_label_health'),
    },
  };
}

/** `GET /api/_private/…/labellers/<v>/validation` → taxonomy at training time + ValidationSummary. */
export async function validationSummary(
  context: CallContext,
  ref: DatasetRef,
  rawVersion: string,
): Promise<{
  label_groups: unknown[];
  entity_defs: unknown[];
  validation: Record<string, unknown>;
}> {
  const { version, validation, taxonomy } = await load(context, ref, rawVersion);
  return {
    label_groups: taxonomy.label_groups ?? [],
    entity_defs: taxonomy.entity_defs ?? [],
    validation: {
      version,
      model_rating: validation.model_rating,
      reviewed_size: validation.reviewed_size,
      train_size: validation.train_size,
      test_size: validation.test_size,
      min_comments_threshold: validation.min_comments_threshold,
      fingerprint: validation.fingerprint,
      model_kind: validation.model_kind,
      training_time: validation.training_time,
      trained_time: validation.trained_time,
      input_updated_at: validation.input_updated_at,
      mean_average_precision_safe: validation.mean_average_precision_safe,
      recalls: validation.recalls,
      mean_precision_curve_safe: validation.mean_precision_curve_safe,
      labels: Object.fromEntries(
        Object.entries(validation.labels).map(([name, label]) => [
          name,
          {
            train_size: label.train_size,
            test_size: label.test_size,
            reviewed_size: label.reviewed_size,
            average_precision: label.average_precision,
            optimal_thresholds: label.optimal_thresholds,
            health: label.health,
          },
        ]),
      ),
      entities: {
        num_train_entities: 0,
        num_test_entities: 0,
        num_reviewed_entities: 0,
        num_train_documents: 0,
        num_test_documents: 0,
        num_reviewed_documents: 0,
        error_count: 0,
        entities_by_def_id: {},
      },
      has_uninformative: validation.has_uninformative,
      validation_mode: validation.mode,
      bias_model_auc: validation.bias_model_auc,
      calibration: validation.calibration,
    },
  };
}

/** `POST /api/_private/…/labellers/<v>/label-validation` → LabelMetrics of one label. */
export async function labelValidation(
  context: CallContext,
  ref: DatasetRef,
  rawVersion: string,
  label: string | string[],
): Promise<{ label_validation: Record<string, unknown> }> {
  const { version, validation } = await load(context, ref, rawVersion);
  const name = Array.isArray(label) ? label.join(LABEL_SEPARATOR) : label;
  const metrics = validation.labels[name];
  if (metrics === undefined) {
    throw notFound(`Label '${name}' is not part of model version ${version}`);
  }
  return {
    label_validation: {
      thresholds: metrics.thresholds,
      precisions: metrics.precisions,
      recalls: metrics.recalls,
      average_precision: metrics.average_precision,
      optimal_thresholds: metrics.optimal_thresholds,
      train_size: metrics.train_size,
      test_size: metrics.test_size,
      reviewed_size: metrics.reviewed_size,
      test_error_count: metrics.test_error_count,
      test_expected_count: metrics.test_expected_count,
      health: metrics.health,
    },
  };
}
