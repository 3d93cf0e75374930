import type { AnnotatedComment } from '../../contracts/labellings.js';
import type { QueryDatasetBody } from '../../contracts/query.js';
import type { CallContext } from '../context.js';
import { resolveDataset, type DatasetRef } from '../datasets/dataset-access.js';
import { getDataset } from '../datasets/manage-datasets.js';
import { DEFAULT_GROUP, LABEL_SEPARATOR } from '../datasets/taxonomy.js';

import { queryDataset } from './query-dataset.js';

/**
 * The fixed columns of api.md §6.7, then `Date` and one probability column per label def: the official
 * CLI's `get custom-label-trend-report` reads `Date` as RFC 3339 and looks up every chosen label by its
 * joined name, parsing the cell as a number (docs/query-csv.md).
 */
const FIXED_COLUMNS = [
  'uid',
  'source_id',
  'id',
  'timestamp',
  'subject',
  'body',
  'assigned_labels',
  'dismissed_labels',
  'predicted_labels',
  'Date',
] as const;

export type QueryCsv = { csv: string; continuation?: string };

/** RFC 4180: quote a field holding a comma, quote or line break; double the quotes inside. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function csvRow(values: readonly string[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

function messageText(message: unknown, key: 'subject' | 'body'): string {
  if (typeof message !== 'object' || message === null) {
    return '';
  }
  const part = (message as Record<string, unknown>)[key];
  if (typeof part !== 'object' || part === null) {
    return '';
  }
  const text = (part as Record<string, unknown>)['text'];
  return typeof text === 'string' ? text : '';
}

/** Serialises one page of query results; the query's JSON shape is the only input. */
export function queryResultsToCsv(
  results: readonly AnnotatedComment[],
  labelNames: readonly string[],
): string {
  const lines = [csvRow([...FIXED_COLUMNS, ...labelNames])];
  for (const result of results) {
    const group = result.labelling?.find((entry) => entry.group === DEFAULT_GROUP);
    const predicted = group?.predicted ?? [];
    const probabilities = new Map(
      predicted.map((label) => [label.name.join(LABEL_SEPARATOR), label.probability]),
    );
    const first = result.comment.messages[0];
    lines.push(
      csvRow([
        result.comment.uid,
        result.comment.source_id,
        result.comment.id,
        result.comment.timestamp,
        messageText(first, 'subject'),
        messageText(first, 'body'),
        (group?.assigned ?? []).map((label) => label.name).join('; '),
        (group?.dismissed ?? []).map((label) => label.name).join('; '),
        predicted
          .map((label) => `${label.name.join(LABEL_SEPARATOR)}=${String(label.probability)}`)
          .join('; '),
        result.comment.timestamp,
        ...labelNames.map((name) => String(probabilities.get(name) ?? 0)),
      ]),
    );
  }
  return lines.join('');
}

/**
 * `POST …/query` with `Accept: text/csv` (api.md §6.7): the JSON query's page as CSV. Exporting rows
 * needs `datasets-export` on top of the query's own `voc-readonly`.
 */
export async function queryDatasetCsv(
  context: CallContext,
  ref: DatasetRef,
  body: QueryDatasetBody,
  overrides: { limit?: number; continuation?: string },
): Promise<QueryCsv> {
  await resolveDataset(context, context.deps.store, ref, 'datasets-export');
  const page = await queryDataset(context, ref, body, overrides);
  const dataset = await getDataset(context, ref);
  const csv = queryResultsToCsv(
    page.results,
    dataset.label_defs.map((def) => def.name),
  );
  return page.continuation === undefined ? { csv } : { csv, continuation: page.continuation };
}
