import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';

import type { UserModelMetadata } from '../../../../../src/contracts/models.js';
import { apiPath, apiRequest } from '../../../lib/api-client';
import type { PrCurve } from '../../../lib/precision-recall';

export type ModelVersion = Static<typeof UserModelMetadata>;

export type Health = {
  need_pinned?: number | null;
  need_pinned_increment?: number | null;
  smart?: {
    score: number;
    warnings: { kind: string; label?: string }[];
    actions: { kind: string; label?: string }[];
  } | null;
};

export type Action = string | { kind: string; label?: string; [key: string]: unknown };

export type RatingFactor = {
  kind: string;
  quality: string;
  score: number;
  dataset_actions: Action[];
  label_actions: Action[];
  contributors: { kind: string; value: number | null }[];
};

export type ValidationSummary = {
  version: number;
  model_rating: {
    score: number;
    quality: string;
    needs_refinement: boolean;
    factors: RatingFactor[];
  };
  reviewed_size: number;
  train_size: number;
  test_size: number;
  mean_average_precision_safe: number | null;
  labels: Record<
    string,
    {
      train_size: number;
      test_size: number;
      reviewed_size: number;
      average_precision: number | null;
      optimal_thresholds: { high_precision: number; balanced: number; high_recall: number } | null;
      health: Health;
    }
  >;
};

export type LabelMetrics = PrCurve & {
  average_precision: number | null;
  optimal_thresholds: { high_precision: number; balanced: number; high_recall: number } | null;
  reviewed_size: number;
  health: Health;
};

export function useModelVersions(project: string, dataset: string) {
  return useQuery({
    queryKey: ['labellers', project, dataset],
    queryFn: () =>
      apiRequest<{ labellers: ModelVersion[] }>(
        'POST',
        apiPath('/api/_private/datasets/:project/:name/labellers', project, dataset),
        { body: {} },
      ),
  });
}

export function useValidation(project: string, dataset: string, version: number | null) {
  return useQuery({
    queryKey: ['validation', project, dataset, version],
    queryFn: () =>
      apiRequest<{ validation: ValidationSummary }>(
        'GET',
        apiPath(
          '/api/_private/datasets/:project/:name/labellers/:version/validation',
          project,
          dataset,
          String(version),
        ),
      ),
    enabled: version !== null,
  });
}

function labelValidationQuery(
  project: string,
  dataset: string,
  version: number | null,
  label: string,
) {
  return {
    queryKey: ['label-validation', project, dataset, version, label],
    queryFn: () =>
      apiRequest<{ label_validation: LabelMetrics }>(
        'POST',
        apiPath(
          '/api/_private/datasets/:project/:name/labellers/:version/label-validation',
          project,
          dataset,
          String(version),
        ),
        { body: { label } },
      ),
    enabled: version !== null && label !== '',
  };
}

export function useLabelValidation(
  project: string,
  dataset: string,
  version: number | null,
  label: string,
) {
  return useQuery(labelValidationQuery(project, dataset, version, label));
}

/** Every label's curve, for precision and recall at the balanced threshold in the table. */
export function useAllLabelValidations(
  project: string,
  dataset: string,
  version: number | null,
  labels: readonly string[],
) {
  return useQueries({
    queries: labels.map((label) => labelValidationQuery(project, dataset, version, label)),
  });
}

export function usePinVersion(project: string, dataset: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { version: number; pinned: boolean }) =>
      apiRequest(
        input.pinned ? 'PUT' : 'DELETE',
        apiPath(
          '/api/_private/datasets/:project/:name/labellers/:version/pin',
          project,
          dataset,
          String(input.version),
        ),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['labellers', project, dataset] }),
  });
}
