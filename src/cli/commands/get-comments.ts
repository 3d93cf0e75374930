import { randomInt } from 'node:crypto';

import { iterateCommentsRoute } from '../api-routes.js';
import { getLabellingsRoute } from '../api-routes.js';
import { queryDatasetRoute } from '../api-routes.js';
import {
  datasetStatisticsRoute,
  datasetSummaryRoute,
  sourceStatisticsRoute,
} from '../api-routes.js';
import { predictCommentsRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { attachmentsDirFor, downloadAttachments, openSink, type LineSink } from '../downloads.js';
import { CliError, withContext } from '../errors.js';
import type { ResourceRef } from '../identifiers.js';
import { readLine, type Io } from '../io.js';
import {
  annotatedCommentModel,
  hasAnnotations,
  isRecord,
  withoutPredictions,
  type Json,
} from '../models.js';
import { startProgress, type Progress } from '../progress.js';
import { fetchDataset, fetchSource, ownedParams } from '../resolve.js';
import type { Session } from '../session.js';

export type GetCommentsArgs = WithGlobals<{
  source: ResourceRef;
  dataset?: ResourceRef;
  file?: string;
  progress?: boolean;
  predictions?: boolean;
  modelVersion?: number;
  reviewedOnly?: boolean;
  fromTimestamp?: string;
  toTimestamp?: string;
  senders?: string[];
  recipients?: string[];
  labelFilter?: RegExp;
  userPropertyFilter?: Json;
  interactiveUserPropertyFilter?: boolean;
  attachmentTypes?: string[];
  onlyWithAttachments?: boolean;
  attachments?: boolean;
  shuffle?: boolean;
  stopAfter?: number;
}>;

type AttributeFilter = { attribute: string; filter: Json };

const SOURCE_PAGE_SIZE = 64;
const QUERY_PAGE_SIZE = 512;

/** The argument checks of the official CLI, with its exact messages (cli.md §5.1.1). */
function validate(args: GetCommentsArgs): void {
  const noDataset = args.dataset === undefined;
  if (args.reviewedOnly === true && noDataset) {
    throw new CliError('Cannot get reviewed comments when `dataset` is not provided.');
  }
  if (args.predictions === true && noDataset) {
    throw new CliError('Cannot get predictions when `dataset` is not provided.');
  }
  if (args.labelFilter !== undefined && noDataset) {
    throw new CliError('Cannot use a label filter when `dataset` is not provided.');
  }
  if (
    ((args.attachmentTypes ?? []).length > 0 || args.onlyWithAttachments !== undefined) &&
    noDataset
  ) {
    throw new CliError('Cannot use a attachment type filter when `dataset` is not provided.');
  }
  if (args.labelFilter !== undefined && args.modelVersion !== undefined) {
    throw new CliError('The `label_filter` and `model_version` options are mutually exclusive.');
  }
  if (
    (args.userPropertyFilter !== undefined || args.interactiveUserPropertyFilter === true) &&
    noDataset
  ) {
    throw new CliError('Cannot use a property filter when `dataset` is not provided.');
  }
  if (args.userPropertyFilter !== undefined && args.interactiveUserPropertyFilter === true) {
    throw new CliError(
      'The `interative_property_filter` and `property_filter` options are mutually exclusive.',
    );
  }
  if ((args.senders !== undefined || args.recipients !== undefined) && noDataset) {
    throw new CliError('Cannot filter on `senders` or `recipients` when `dataset` is not provided');
  }
  if (args.file === undefined && args.attachments !== undefined) {
    throw new CliError('Cannot include attachment content when no file is provided');
  }
  if (args.shuffle !== undefined && noDataset) {
    throw new CliError('Cannot shuffle data when dataset is not provided');
  }
}

type Counters = { downloaded: number; annotated: number; attachments: number };

type Plan = {
  session: Session;
  source: Json;
  sink: LineSink;
  attachmentsDir: string | undefined;
  counters: Counters;
  progress: Progress;
  args: GetCommentsArgs;
};

function timestampFilter(args: GetCommentsArgs): Json {
  return {
    ...(args.fromTimestamp === undefined ? {} : { minimum: args.fromTimestamp }),
    ...(args.toTimestamp === undefined ? {} : { maximum: args.toTimestamp }),
  };
}

function messagesFilter(args: GetCommentsArgs): Json {
  return {
    ...(args.senders === undefined ? {} : { from: { one_of: args.senders } }),
    ...(args.recipients === undefined ? {} : { to: { one_of: args.recipients } }),
  };
}

function commentFilter(
  args: GetCommentsArgs,
  sourceId: unknown,
  userProperties: Json | undefined,
): Json {
  return {
    ...(args.reviewedOnly === true ? { reviewed: 'only_reviewed' } : {}),
    timestamp: timestampFilter(args),
    ...(userProperties === undefined ? {} : { user_properties: userProperties }),
    sources: [sourceId],
    messages: messagesFilter(args),
  };
}

function stopped(plan: Plan): boolean {
  return plan.args.stopAfter !== undefined && plan.counters.downloaded >= plan.args.stopAfter;
}

async function emit(plan: Plan, lines: Json[]): Promise<void> {
  if (plan.attachmentsDir !== undefined) {
    for (const line of lines) {
      plan.counters.attachments += await downloadAttachments(
        plan.session,
        plan.attachmentsDir,
        line['comment'],
      );
    }
  }
  await plan.sink.write(lines.map(annotatedCommentModel));
  plan.progress.update(plan.counters.downloaded);
}

/** Without `--dataset`: the source's comments in pages of 64 (cli.md §5.1.1 step 2). */
async function downloadFromSource(plan: Plan): Promise<void> {
  const { session, source, args } = plan;
  let after: string | undefined;
  for (;;) {
    const page = await withContext('Operation to get comments has failed.', () =>
      session.client.request(iterateCommentsRoute, {
        params: ownedParams(source),
        query: {
          limit: SOURCE_PAGE_SIZE,
          include_markup: true,
          ...(after === undefined && args.fromTimestamp !== undefined
            ? { from_timestamp: args.fromTimestamp }
            : {}),
          ...(args.toTimestamp === undefined ? {} : { to_timestamp: args.toTimestamp }),
          ...(after === undefined ? {} : { after }),
        },
      }),
    );
    if (stopped(plan)) {
      break;
    }
    plan.counters.downloaded += page.comments.length;
    await emit(
      plan,
      page.comments.map((comment) => ({ comment })),
    );
    if (page.continuation === undefined || page.continuation === null) {
      break;
    }
    after = page.continuation;
  }
}

/** `--reviewed-only true` alone: the bulk labellings pages, until one is empty. */
async function downloadReviewed(plan: Plan, dataset: Json): Promise<void> {
  const { session, source, args } = plan;
  let after: string | undefined;
  for (;;) {
    const page = await withContext('Operation to get labellings has failed.', () =>
      session.client.request(getLabellingsRoute, {
        params: ownedParams(dataset),
        query: {
          source_id: String(source['id']),
          return_predictions: args.predictions === true,
          ...(after === undefined ? {} : { after }),
        },
      }),
    );
    if (page.results.length === 0 || stopped(plan)) {
      break;
    }
    if (page.after !== undefined && page.after === after) {
      throw new CliError('Labellings API did not increment pagination continuation');
    }
    plan.counters.downloaded += page.results.length;
    plan.counters.annotated += page.results.length;
    await emit(
      plan,
      page.results.map((line) => (args.predictions === true ? line : withoutPredictions(line))),
    );
    if (page.after === undefined) {
      break;
    }
    after = page.after;
  }
}

/** Every other dataset download: the dataset query in pages of 512 (with predictions per page). */
async function downloadFromQuery(
  plan: Plan,
  dataset: Json,
  filters: { attribute: AttributeFilter[]; userProperties: Json | undefined },
): Promise<void> {
  const { session, source, args } = plan;
  let continuation: string | undefined;
  const order =
    args.shuffle === true
      ? { kind: 'sample', seed: randomInt(0, 2 ** 31 - 1) }
      : { kind: 'recent' };
  for (;;) {
    const page = await withContext('Operation to get comments has failed.', () =>
      session.client.request(queryDatasetRoute, {
        params: ownedParams(dataset),
        body: {
          ...(filters.attribute.length === 0 ? {} : { attribute_filters: filters.attribute }),
          ...(continuation === undefined ? {} : { continuation }),
          filter: commentFilter(args, source['id'], filters.userProperties),
          limit: QUERY_PAGE_SIZE,
          order,
        },
      }),
    );
    if (page.results.length === 0 || stopped(plan)) {
      break;
    }
    plan.counters.downloaded += page.results.length;
    let lines: Json[];
    if (args.modelVersion !== undefined) {
      const response = await withContext('Operation to get predictions has failed.', () =>
        session.client.request(predictCommentsRoute, {
          params: { ...ownedParams(dataset), version: String(args.modelVersion) },
          body: { uids: page.results.map((line) => line.comment.uid), threshold: 'auto' },
        }),
      );
      const predictions = Array.isArray(response['predictions']) ? response['predictions'] : [];
      lines = page.results.map((line, index) => {
        const prediction = isRecord(predictions[index]) ? predictions[index] : {};
        return {
          comment: line.comment,
          labelling: [
            {
              group: 'default',
              assigned: [],
              dismissed: [],
              predicted: Array.isArray(prediction['labels']) ? prediction['labels'] : [],
            },
          ],
          entities: {
            assigned: [],
            dismissed: [],
            predicted: Array.isArray(prediction['entities']) ? prediction['entities'] : [],
          },
        };
      });
    } else {
      lines = page.results.map((line) => {
        const kept = args.predictions === true ? line : withoutPredictions(line);
        if (hasAnnotations(kept)) {
          plan.counters.annotated += 1;
        }
        return kept;
      });
    }
    await emit(plan, lines);
    if (page.continuation === undefined || page.continuation === null) {
      break;
    }
    continuation = page.continuation;
  }
}

/** The dataset's label names matching `--label-filter` as a labels attribute filter. */
function labelAttributeFilter(
  session: Session,
  dataset: Json,
  filter: RegExp,
): AttributeFilter | null {
  const names = (Array.isArray(dataset['label_defs']) ? dataset['label_defs'] : [])
    .map((def) => (isRecord(def) ? String(def['name']) : ''))
    .filter((name) => name !== '' && filter.test(name));
  if (names.length === 0) {
    session.log.info(`No label names matching the filter '${filter.source}'`);
    return null;
  }
  session.log.info(`Filtering on label(s):\n- ${names.join('\n- ')}`);
  return { attribute: 'labels', filter: { kind: 'string_any_of', any_of: names } };
}

/** `--interactive-user-property-filter`: asks, per property of the dataset summary, for a filter. */
async function interactivePropertyFilter(session: Session, dataset: Json): Promise<Json> {
  const { io, log } = session;
  if (io.stdin?.isTTY !== true) {
    throw new CliError('--interactive-user-property-filter needs a terminal on stdin');
  }
  const { summary } = await session.client.request(datasetSummaryRoute, {
    params: ownedParams(dataset),
    body: {},
  });
  const filter: Json = {};
  const properties: Json =
    isRecord(summary) && isRecord(summary['user_properties']) ? summary['user_properties'] : {};
  for (const property of Array.isArray(properties['string']) ? properties['string'] : []) {
    if (!isRecord(property)) {
      continue;
    }
    const name = String(property['full_name']);
    const values = Array.isArray(property['values'])
      ? property['values']
          .map((value) => (isRecord(value) ? String(value['value']) : ''))
          .slice(0, 20)
      : [];
    log.info(`"${name}" values include: ${values.join(', ')}`);
    log.prompt(`Values to include for "${name}" (comma separated, empty to skip): `);
    const include = (await readLine(io))
      .split(',')
      .map((value) => value.trim())
      .filter(Boolean);
    log.prompt(`Values to exclude for "${name}" (comma separated, empty to skip): `);
    const exclude = (await readLine(io))
      .split(',')
      .map((value) => value.trim())
      .filter(Boolean);
    if (include.length > 0 || exclude.length > 0) {
      filter[name] = {
        ...(include.length > 0 ? { one_of: include } : {}),
        ...(exclude.length > 0 ? { not_one_of: exclude } : {}),
      };
    }
  }
  for (const property of Array.isArray(properties['number']) ? properties['number'] : []) {
    if (!isRecord(property)) {
      continue;
    }
    const name = String(property['full_name']);
    log.prompt(`What is the minimum value that you want to filter "${name}" for? (empty to skip) `);
    const minimum = (await readLine(io)).trim();
    if (minimum === '') {
      continue;
    }
    log.prompt(`What is the maximum value that you want to filter "${name}" for? `);
    const maximum = (await readLine(io)).trim();
    if (Number.isNaN(Number(minimum)) || Number.isNaN(Number(maximum))) {
      throw new CliError('Please enter a valid number');
    }
    filter[name] = { minimum: Number(minimum), maximum: Number(maximum) };
  }
  return filter;
}

/** `get comments <SOURCE>` (cli.md §5.1.1): JSON Lines to stdout or `-f`. */
export async function run(args: GetCommentsArgs, io: Io): Promise<void> {
  validate(args);
  const sink = openSink(io, args.file);
  const attachmentsDir =
    args.file !== undefined && args.attachments === true ? attachmentsDirFor(args.file) : undefined;
  try {
    await withSession(io, args.globals, 'read', async (session) => {
      const counters: Counters = { downloaded: 0, annotated: 0, attachments: 0 };
      let dataset: Json | undefined;
      const attributeFilters: AttributeFilter[] = [];
      if (args.dataset !== undefined && args.labelFilter !== undefined) {
        const labelled = await fetchDataset(session, args.dataset);
        const filter = labelAttributeFilter(session, labelled, args.labelFilter);
        if (filter === null) {
          return;
        }
        attributeFilters.push(filter);
      }
      if ((args.attachmentTypes ?? []).length > 0) {
        attributeFilters.push({
          attribute: 'attachment_property_types',
          filter: { kind: 'string_any_of', any_of: args.attachmentTypes },
        });
      }
      if (args.onlyWithAttachments === true) {
        attributeFilters.push({
          attribute: 'attachment_property_num_attachments',
          filter: { kind: 'number_range', minimum: 1, maximum: null },
        });
      }
      let userProperties = args.userPropertyFilter;
      if (args.interactiveUserPropertyFilter === true && args.dataset !== undefined) {
        userProperties = await interactivePropertyFilter(
          session,
          await fetchDataset(session, args.dataset),
        );
      }

      const source = await withContext('Operation to get source has failed.', () =>
        fetchSource(session, args.source),
      );
      if (args.dataset !== undefined) {
        const ref = args.dataset;
        dataset = await withContext('Operation to get dataset has failed.', () =>
          fetchDataset(session, ref),
        );
      }

      let total: number | null = null;
      if (args.progress !== false) {
        const filter = commentFilter(args, source['id'], userProperties);
        if (dataset === undefined) {
          const { statistics } = await withContext(
            'Operation to get source comment count has failed..',
            () =>
              session.client.request(sourceStatisticsRoute, {
                params: ownedParams(source),
                body: { comment_filter: filter },
              }),
          );
          total = statistics.num_comments;
        } else {
          const { statistics } = await withContext(
            'Operation to get dataset comment count has failed..',
            () =>
              session.client.request(datasetStatisticsRoute, {
                params: ownedParams(dataset),
                body: {
                  ...(attributeFilters.length === 0 ? {} : { attribute_filters: attributeFilters }),
                  comment_filter: filter,
                  label_property_timeseries: false,
                  label_timeseries: false,
                },
              }),
          );
          total = statistics.num_comments;
        }
        if (args.stopAfter !== undefined) {
          total = Math.min(total, args.stopAfter);
        }
      }
      const withDataset = dataset !== undefined;
      const progress = startProgress(io, session.log, {
        enabled: args.progress !== false,
        total,
        bytes: false,
        message: () =>
          `${counters.downloaded} comments${withDataset ? ` [${counters.annotated} annotated]` : ''}${
            attachmentsDir === undefined ? '' : ` [${counters.attachments} attachments]`
          }`,
      });
      const plan: Plan = { session, source, sink, attachmentsDir, counters, progress, args };
      try {
        if (dataset === undefined) {
          await downloadFromSource(plan);
        } else {
          const reviewedQuery =
            attributeFilters.length > 0 ||
            args.fromTimestamp !== undefined ||
            args.toTimestamp !== undefined ||
            args.modelVersion !== undefined ||
            userProperties !== undefined ||
            args.shuffle === true ||
            args.senders !== undefined ||
            args.recipients !== undefined;
          if (args.reviewedOnly === true && !reviewedQuery) {
            await downloadReviewed(plan, dataset);
          } else {
            await downloadFromQuery(plan, dataset, {
              attribute: attributeFilters,
              userProperties,
            });
          }
        }
      } finally {
        progress.stop();
      }
      session.log.info(
        `Successfully downloaded ${counters.downloaded} comments [${counters.annotated} annotated].`,
      );
    });
  } finally {
    await sink.close();
  }
}
