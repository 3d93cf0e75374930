import { log, type Io } from '../io.js';
import {
  DATASET_KEYS,
  PROJECT_KEYS,
  SOURCE_KEYS,
  pick,
  printJsonLines,
  printTable,
} from '../output.js';
import { parseResourceRef, type Session } from '../session.js';

type Json = Record<string, unknown>;

function print(io: Io, session: Session, object: Json, row: string[]): void {
  if (session.output === 'json') {
    printJsonLines(io, [object]);
  } else {
    printTable(io, ['Name', 'ID', 'Title'], [row]);
  }
}

/** `update source`: `bucket_id` is always sent — the current one, or null with `--detach-bucket` (cli.md §5). */
export async function updateSource(
  io: Io,
  session: Session,
  ref: string,
  options: {
    title?: string;
    description?: string;
    shouldTranslate?: boolean;
    transformTag?: string;
    detachBucket?: boolean;
  },
): Promise<void> {
  const { source } = await session.client.request<{ source: Json }>('GET', [
    'api',
    'v1',
    'sources',
    ...parseResourceRef('source', ref),
  ]);
  const path = [String(source['owner']), String(source['name'])];
  const { source: updated } = await session.client.request<{ source: Json }>(
    'POST',
    ['api', 'v1', 'sources', ...path],
    {
      body: {
        source: {
          ...(options.title === undefined ? {} : { title: options.title }),
          ...(options.description === undefined ? {} : { description: options.description }),
          ...(options.shouldTranslate === undefined
            ? {}
            : { should_translate: options.shouldTranslate }),
          ...(options.transformTag === undefined
            ? {}
            : { email_transform_tag: options.transformTag }),
          bucket_id: options.detachBucket ? null : (source['bucket_id'] ?? null),
        },
      },
      retry: true,
    },
  );
  log(io, 'I', `Source \`${path.join('/')}\` [id: ${String(updated['id'])}] updated successfully`);
  print(io, session, pick(updated, SOURCE_KEYS), [
    path.join('/'),
    String(updated['id']),
    String(updated['title']),
  ]);
}

/** `update dataset`: `--source` with no value clears the sources. */
export async function updateDataset(
  io: Io,
  session: Session,
  ref: string,
  options: { title?: string; description?: string; sources?: string[] | true },
): Promise<void> {
  const { dataset } = await session.client.request<{ dataset: Json }>('GET', [
    'api',
    'v1',
    'datasets',
    ...parseResourceRef('dataset', ref),
  ]);
  const path = [String(dataset['owner']), String(dataset['name'])];
  let sourceIds: string[] | undefined;
  if (options.sources !== undefined) {
    sourceIds = [];
    for (const source of options.sources === true ? [] : options.sources) {
      const found = await session.client.request<{ source: Json }>('GET', [
        'api',
        'v1',
        'sources',
        ...parseResourceRef('source', source),
      ]);
      sourceIds.push(String(found.source['id']));
    }
  }
  const { dataset: updated } = await session.client.request<{ dataset: Json }>(
    'POST',
    ['api', 'v1', 'datasets', ...path],
    {
      body: {
        dataset: {
          ...(sourceIds === undefined ? {} : { source_ids: sourceIds }),
          ...(options.title === undefined ? {} : { title: options.title }),
          ...(options.description === undefined ? {} : { description: options.description }),
        },
      },
      retry: true,
    },
  );
  log(io, 'I', `Dataset \`${path.join('/')}\` [id: ${String(updated['id'])}] updated successfully`);
  print(io, session, pick(updated, DATASET_KEYS), [
    path.join('/'),
    String(updated['id']),
    String(updated['title']),
  ]);
}

export async function updateProject(
  io: Io,
  session: Session,
  name: string,
  options: { title?: string; description?: string },
): Promise<void> {
  const { project } = await session.client.request<{ project: Json }>(
    'POST',
    ['api', '_private', 'projects', name],
    {
      body: {
        project: {
          ...(options.title === undefined ? {} : { title: options.title }),
          ...(options.description === undefined ? {} : { description: options.description }),
        },
      },
      retry: true,
    },
  );
  log(io, 'I', `Project \`${name}\` updated successfully`);
  print(io, session, pick(project, PROJECT_KEYS), [
    name,
    String(project['id']),
    String(project['title']),
  ]);
}
