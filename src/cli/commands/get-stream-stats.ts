import { getStreamRoute, labelValidationRoute, validationRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { CliError } from '../errors.js';
import type { ResourceRef, StreamRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { float } from '../json-output.js';
import { isRecord, type Json } from '../models.js';
import { dim, printResources, stdoutColour, type Cell } from '../output.js';
import { mapLimit } from '../parallel.js';
import type { Session } from '../session.js';

export type GetStreamStatsArgs = WithGlobals<{
  stream: StreamRef;
  compareVersion?: number;
  compareDataset?: ResourceRef;
}>;

type LabelValidation = { thresholds: number[]; precisions: number[]; recalls: number[] };

type StreamStat = {
  label_name: string;
  threshold: number;
  precision: number;
  recall: number;
  compare_to_precision: number | null;
  compare_to_recall: number | null;
  maintain_recall_precision: number | null;
  maintain_recall_threshold: number | null;
  maintain_precision_recall: number | null;
  maintain_precision_threshold: number | null;
};

function numbers(value: unknown): number[] {
  return Array.isArray(value) ? value.map(Number) : [];
}

async function labelValidation(
  session: Session,
  dataset: { project: string; name: string },
  version: string,
  label: string,
): Promise<LabelValidation> {
  session.log.info(
    `Getting label validation for ${label} in dataset ${dataset.project}/${dataset.name}`,
  );
  const response = await session.client.request(labelValidationRoute, {
    params: { ...dataset, version },
    body: { label },
  });
  const validation = isRecord(response['label_validation']) ? response['label_validation'] : {};
  return {
    thresholds: numbers(validation['thresholds']),
    precisions: numbers(validation['precisions']),
    recalls: numbers(validation['recalls']),
  };
}

/**
 * Precision and recall at the first index whose threshold is ≤ T (thresholds descend). A stream threshold
 * below the lowest point of the curve (the curve stops where the validation scores stop) takes that lowest
 * point, the nearest one, instead of failing as the reference CLI does: a 0.5 threshold on a label whose
 * validation starts at 0.63 is a normal setting.
 */
export function atThreshold(
  threshold: number,
  label: string,
  validation: LabelValidation,
  warn: (message: string) => void = () => undefined,
) {
  let index = validation.thresholds.findIndex((value) => value <= threshold);
  if (index < 0) {
    index = validation.thresholds.length - 1;
    if (index < 0) {
      throw new CliError(`Label ${label} has no validation curve in this model version`);
    }
    warn(
      `Threshold ${threshold} for label ${label} is below the lowest validated threshold ` +
        `${validation.thresholds[index]}; using that point`,
    );
  }
  return { precision: validation.precisions[index]!, recall: validation.recalls[index]! };
}

function forRecall(recall: number, validation: LabelValidation) {
  const index = validation.recalls.findIndex((value) => value >= recall);
  return index < 0
    ? { threshold: null, precision: null }
    : {
        threshold: validation.thresholds[index] ?? null,
        precision: validation.precisions[index] ?? null,
      };
}

function forPrecision(precision: number, validation: LabelValidation) {
  let index = -1;
  validation.precisions.forEach((value, position) => {
    if (value >= precision) {
      index = position;
    }
  });
  return index < 0
    ? { threshold: null, recall: null }
    : {
        threshold: validation.thresholds[index] ?? null,
        recall: validation.recalls[index] ?? null,
      };
}

/** `get stream-stats <p/d/s>`: precision and recall per stream threshold, optionally compared. */
export async function run(args: GetStreamStatsArgs, io: Io): Promise<void> {
  if (args.compareDataset !== undefined && args.compareVersion === undefined) {
    throw new CliError(
      'You cannot provide `compare_to_dataset` without `compare_to_model_version`',
    );
  }
  await withSession(io, args.globals, 'read', async (session) => {
    const dataset = { project: args.stream.owner, name: args.stream.dataset };
    session.log.info('Getting Stream');
    const response = await session.client.request(getStreamRoute, {
      params: { ...dataset, stream: args.stream.stream },
    });
    const stream = isRecord(response['stream']) ? response['stream'] : {};
    const model = stream['model'];
    if (!isRecord(model)) {
      throw new CliError('No model associated with stream.');
    }
    const version = String(model['version']);
    let compare: {
      dataset: { project: string; name: string };
      version: string;
      labels: Set<string>;
    } | null = null;
    if (args.compareVersion !== undefined) {
      const ref = args.compareDataset;
      const compareDataset =
        ref === undefined
          ? dataset
          : ref.kind === 'name'
            ? { project: ref.owner, name: ref.name }
            : null;
      if (compareDataset === null) {
        throw new CliError('Expected <owner>/<name> for the dataset to compare with');
      }
      session.log.info(`Getting validation for ${compareDataset.project}/${compareDataset.name}`);
      const validation: Json = await session.client.request(validationRoute, {
        params: { ...compareDataset, version: String(args.compareVersion) },
      });
      const groups = Array.isArray(validation['label_groups'])
        ? (validation['label_groups'] as unknown[])
        : [];
      const defaultGroup = groups.find((group) => isRecord(group) && group['name'] === 'default');
      if (!isRecord(defaultGroup)) {
        throw new CliError('Compare to dataset does not have a default label group');
      }
      const defs = Array.isArray(defaultGroup['label_defs'])
        ? (defaultGroup['label_defs'] as unknown[])
        : [];
      compare = {
        dataset: compareDataset,
        version: String(args.compareVersion),
        labels: new Set(defs.map((def) => (isRecord(def) ? String(def['name']) : ''))),
      };
    }
    const thresholds = (Array.isArray(model['label_thresholds']) ? model['label_thresholds'] : [])
      .filter(isRecord)
      // A threshold of 1 or more selects nothing: precision and recall would both be 0.
      .filter((entry) => Number(entry['threshold']) < 1);
    const stats = await mapLimit(
      thresholds,
      session.numThreads,
      async (entry): Promise<StreamStat> => {
        const label = Array.isArray(entry['name'])
          ? entry['name'].join(' > ')
          : String(entry['name']);
        const threshold = Number(entry['threshold']);
        const validation = await labelValidation(session, dataset, version, label);
        const { precision, recall } = atThreshold(threshold, label, validation, (message) =>
          session.log.warn(message),
        );
        const stat: StreamStat = {
          label_name: label,
          threshold,
          precision,
          recall,
          compare_to_precision: null,
          compare_to_recall: null,
          maintain_recall_precision: null,
          maintain_recall_threshold: null,
          maintain_precision_recall: null,
          maintain_precision_threshold: null,
        };
        if (compare !== null && compare.labels.has(label)) {
          const other = await labelValidation(session, compare.dataset, compare.version, label);
          const same = atThreshold(threshold, label, other, (message) => session.log.warn(message));
          const keepRecall = forRecall(recall, other);
          const keepPrecision = forPrecision(precision, other);
          stat.compare_to_precision = same.precision;
          stat.compare_to_recall = same.recall;
          stat.maintain_recall_precision = keepRecall.precision;
          stat.maintain_recall_threshold = keepRecall.threshold;
          stat.maintain_precision_recall = keepPrecision.recall;
          stat.maintain_precision_threshold = keepPrecision.threshold;
        }
        return stat;
      },
    );
    stats.sort((a, b) => (a.label_name < b.label_name ? -1 : a.label_name > b.label_name ? 1 : 0));
    const colour = stdoutColour(io);
    const versus = (value: number | null, reference: number): Cell => {
      if (value === null) {
        return dim('none');
      }
      const text = value.toFixed(3);
      const difference = value - reference;
      const shown =
        difference === 0 ? text : `${text} (${difference >= 0 ? '+' : ''}${difference.toFixed(3)})`;
      if (!colour) {
        return shown;
      }
      return `${value < reference ? '\u001b[31m' : '\u001b[32m'}${shown}\u001b[0m`;
    };
    printResources(session.io, session.output, stats, {
      headers: [
        'Name',
        'Threshold (T)',
        'Precision (P)',
        'Recall (R)',
        'P at same T',
        'R at same T',
        'P at same R',
        'R at same P',
        'T at same R',
        'T at same P',
      ],
      model: (stat) => ({
        label_name: stat.label_name,
        threshold: float(stat.threshold),
        precision: float(stat.precision),
        recall: float(stat.recall),
        compare_to_precision: float(stat.compare_to_precision),
        compare_to_recall: float(stat.compare_to_recall),
        maintain_recall_precision: float(stat.maintain_recall_precision),
        maintain_recall_threshold: float(stat.maintain_recall_threshold),
        maintain_precision_recall: float(stat.maintain_precision_recall),
        maintain_precision_threshold: float(stat.maintain_precision_threshold),
      }),
      row: (stat) => [
        stat.label_name,
        stat.threshold.toFixed(3),
        stat.precision.toFixed(3),
        stat.recall.toFixed(3),
        versus(stat.compare_to_precision, stat.precision),
        versus(stat.compare_to_recall, stat.recall),
        versus(stat.maintain_recall_precision, stat.precision),
        versus(stat.maintain_precision_recall, stat.recall),
        stat.maintain_recall_threshold === null
          ? dim('none')
          : stat.maintain_recall_threshold.toFixed(5),
        stat.maintain_precision_threshold === null
          ? dim('none')
          : stat.maintain_precision_threshold.toFixed(5),
      ],
    });
  });
}
