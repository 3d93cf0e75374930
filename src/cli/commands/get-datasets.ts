import { listDatasetsRoute } from '../api-routes.js';
import { datasetStatisticsRoute } from '../api-routes.js';
import { latestValidationRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { float, tableTimestamp } from '../json-output.js';
import { datasetModel, isRecord, labelGroupModel, type Json } from '../models.js';
import { dim, fullName, printResources, type Cell } from '../output.js';
import { mapLimit } from '../parallel.js';
import { fetchDataset, fetchSource, fullNameOf, ownedParams } from '../resolve.js';
import type { Session } from '../session.js';
import { byOwnerAndName, printDatasets } from '../tables.js';

export type GetDatasetsArgs = WithGlobals<{
  dataset?: ResourceRef;
  stats?: boolean;
  source?: ResourceRef;
}>;

type DatasetStats = {
  total_verbatims: number;
  validation: Json | null;
  number_of_labels: number;
  number_of_fields: number;
  number_of_extraction_defs: number;
};

async function statsOf(session: Session, dataset: Json): Promise<DatasetStats> {
  session.log.info(`Getting statistics for dataset ${fullNameOf(dataset)}`);
  const { statistics } = await withContext('Could not get statistics for dataset', () =>
    session.client.request(datasetStatisticsRoute, {
      params: ownedParams(dataset),
      body: { comment_filter: {}, label_property_timeseries: false, label_timeseries: false },
    }),
  );
  // A dataset without a model has no validation: the official CLI shows N/A rather than failing.
  const validation: Json | null = await session.client
    .request(latestValidationRoute, { params: ownedParams(dataset) })
    .catch(() => null);
  const labelDefs = Array.isArray(dataset['label_defs'])
    ? (dataset['label_defs'] as unknown[])
    : [];
  const entityDefs = Array.isArray(dataset['entity_defs']) ? dataset['entity_defs'] : [];
  return {
    total_verbatims: statistics.num_comments,
    validation,
    number_of_labels: labelDefs.length,
    number_of_fields: entityDefs.length,
    number_of_extraction_defs: labelDefs.filter(
      (def) => isRecord(def) && Array.isArray(def['moon_form']) && def['moon_form'].length > 0,
    ).length,
  };
}

function validationModel(response: Json | null): Json | null {
  if (response === null) {
    return null;
  }
  const validation = isRecord(response['validation']) ? response['validation'] : {};
  const rating = isRecord(validation['model_rating']) ? validation['model_rating'] : {};
  return {
    label_groups: (Array.isArray(response['label_groups']) ? response['label_groups'] : []).map(
      labelGroupModel,
    ),
    validation: {
      version: validation['version'],
      model_rating: { score: float(rating['score']), quality: rating['quality'] },
      reviewed_size: validation['reviewed_size'],
    },
  };
}

/** The official client prints dataset quality capitalised (`Good`). */
function capitalise(text: string): string {
  return text.length === 0 ? text : `${text[0]!.toUpperCase()}${text.slice(1)}`;
}

/** `get datasets [DATASET] [--stats] [--source SOURCE]` (cli.md §5.1). */
export async function run(args: GetDatasetsArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'read', async (session) => {
    const ref = args.dataset;
    let datasets: Json[] = await withContext('Operation to list datasets has failed.', async () =>
      ref === undefined
        ? [...(await session.client.request(listDatasetsRoute)).datasets].sort(byOwnerAndName)
        : [await fetchDataset(session, ref)],
    );
    if (args.source !== undefined) {
      const source = await fetchSource(session, args.source);
      datasets = datasets.filter(
        (dataset) =>
          Array.isArray(dataset['source_ids']) && dataset['source_ids'].includes(source['id']),
      );
    }
    if (args.stats !== true) {
      printDatasets(session, datasets);
      return;
    }
    const stats = await mapLimit(datasets, session.numThreads, (dataset) =>
      statsOf(session, dataset),
    );
    const rows = datasets.map((dataset, index) => ({ dataset, stats: stats[index]! }));
    printResources(session.io, session.output, rows, {
      headers: [
        'Name',
        'ID',
        'Updated (UTC)',
        'Title',
        'Total Verbatims',
        'Num Reviewed',
        'Latest Model',
        'Score',
        'Quality',
      ],
      model: ({ dataset, stats: entry }) => ({
        dataset: datasetModel(dataset),
        stats: {
          total_verbatims: float(entry.total_verbatims),
          validation: validationModel(entry.validation),
          number_of_labels: entry.number_of_labels,
          number_of_fields: entry.number_of_fields,
          number_of_extraction_defs: entry.number_of_extraction_defs,
        },
      }),
      row: ({ dataset, stats: entry }) => {
        const validation = entry.validation?.['validation'];
        const cells: Cell[] = [
          fullName(dataset['owner'], dataset['name']),
          String(dataset['id']),
          tableTimestamp(dataset['last_modified']),
          typeof dataset['title'] === 'string' ? dataset['title'] : '',
          String(entry.total_verbatims),
        ];
        if (isRecord(validation)) {
          const rating = isRecord(validation['model_rating']) ? validation['model_rating'] : {};
          cells.push(
            String(validation['reviewed_size']),
            String(validation['version']),
            String(rating['score']),
            capitalise(String(rating['quality'])),
          );
        } else {
          cells.push(dim('N/A'), dim('N/A'), dim('N/A'), dim('N/A'));
        }
        return cells;
      },
    });
  });
}
