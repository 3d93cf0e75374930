import { log, type Io } from '../io.js';
import {
  DATASET_KEYS,
  PROJECT_KEYS,
  SOURCE_KEYS,
  USER_KEYS,
  pick,
  printJsonLines,
  printTable,
  tableTime,
} from '../output.js';
import { parseResourceRef, type Session } from '../session.js';

type Json = Record<string, unknown>;

function fullName(object: Json): string {
  return `${String(object['owner'])}/${String(object['name'])}`;
}

export async function getCurrentUser(io: Io, session: Session): Promise<void> {
  const { user } = await session.client.request<{ user: Json }>('GET', ['auth', 'user']);
  if (session.output === 'json') {
    printJsonLines(io, [pick(user, USER_KEYS)]);
  } else {
    printTable(
      io,
      ['Name', 'Email', 'ID', 'Created (UTC)', 'Global Permissions'],
      [
        [
          String(user['username']),
          String(user['email']),
          String(user['id']),
          tableTime(user['created']),
          (user['global_permissions'] as string[]).join(', '),
        ],
      ],
    );
  }
}

export async function getProjects(io: Io, session: Session, name?: string): Promise<void> {
  const projects =
    name === undefined
      ? (await session.client.request<{ projects: Json[] }>('GET', ['api', '_private', 'projects']))
          .projects
      : [
          (
            await session.client.request<{ project: Json }>('GET', [
              'api',
              '_private',
              'projects',
              name,
            ])
          ).project,
        ];
  if (session.output === 'json') {
    printJsonLines(
      io,
      projects.map((project) => pick(project, PROJECT_KEYS)),
    );
  } else {
    printTable(
      io,
      ['Name', 'ID', 'Title'],
      projects.map((p) => [
        String(p['name']),
        typeof p['id'] === 'string' ? p['id'] : 'unknown',
        String(p['title']),
      ]),
    );
  }
}

export async function getSources(io: Io, session: Session, ref?: string): Promise<void> {
  const sources =
    ref === undefined
      ? (await session.client.request<{ sources: Json[] }>('GET', ['api', 'v1', 'sources'])).sources
      : [
          (
            await session.client.request<{ source: Json }>('GET', [
              'api',
              'v1',
              'sources',
              ...parseResourceRef('source', ref),
            ])
          ).source,
        ];
  // The official CLI lists buckets every time to show their names (cli.md §5.1).
  const { buckets } = await session.client.request<{ buckets: Json[] }>('GET', [
    'api',
    '_private',
    'buckets',
  ]);
  if (session.output === 'json') {
    printJsonLines(
      io,
      sources.map((source) => pick(source, SOURCE_KEYS)),
    );
    return;
  }
  printTable(
    io,
    ['Name', 'ID', 'Updated (UTC)', 'Transform Tag', 'Bucket', 'Title', 'Num Comments'],
    sources.map((source) => {
      const bucket = buckets.find((candidate) => candidate['id'] === source['bucket_id']);
      return [
        fullName(source),
        String(source['id']),
        tableTime(source['updated_at']),
        typeof source['email_transform_tag'] === 'string'
          ? source['email_transform_tag']
          : 'missing',
        bucket
          ? fullName(bucket)
          : typeof source['bucket_id'] === 'string'
            ? source['bucket_id']
            : 'none',
        String(source['title']),
        'none',
      ];
    }),
  );
}

export async function getDatasets(io: Io, session: Session, ref?: string): Promise<void> {
  const datasets =
    ref === undefined
      ? (await session.client.request<{ datasets: Json[] }>('GET', ['api', 'v1', 'datasets']))
          .datasets
      : [
          (
            await session.client.request<{ dataset: Json }>('GET', [
              'api',
              'v1',
              'datasets',
              ...parseResourceRef('dataset', ref),
            ])
          ).dataset,
        ];
  if (session.output === 'json') {
    printJsonLines(
      io,
      datasets.map((dataset) => pick(dataset, DATASET_KEYS)),
    );
  } else {
    printTable(
      io,
      ['Name', 'ID', 'Updated (UTC)', 'Title'],
      datasets.map((d) => [
        fullName(d),
        String(d['id']),
        tableTime(d['last_modified']),
        String(d['title']),
      ]),
    );
  }
}

function ownerName(value: string, kind: string): [string, string] {
  const parts = value.split('/');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
    throw new Error(`Expected <owner>/<name>, got: ${value} (${kind})`);
  }
  return [parts[0]!, parts[1]!];
}

export async function createProject(
  io: Io,
  session: Session,
  name: string,
  options: { title?: string; description?: string; userIds?: string[] },
): Promise<void> {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    throw new Error(`Expected a valid project name, got: ${name}`);
  }
  const { project } = await session.client.request<{ project: Json }>(
    'PUT',
    ['api', '_private', 'projects', name],
    {
      body: {
        project: {
          ...(options.title === undefined ? {} : { title: options.title }),
          ...(options.description === undefined ? {} : { description: options.description }),
        },
        user_ids: options.userIds ?? [],
      },
    },
  );
  log(io, 'I', `New project \`${name}\` with id \`${String(project['id'])}\` created successfully`);
  printJsonOrTable(io, session, [pick(project, PROJECT_KEYS)], ['Name', 'ID', 'Title'], (p) => [
    String(p['name']),
    String(p['id']),
    String(p['title']),
  ]);
}

export async function createSource(
  io: Io,
  session: Session,
  ref: string,
  options: { title?: string; description?: string; language?: string; transformTag?: string },
): Promise<void> {
  const [owner, name] = ownerName(ref, 'source');
  const { source } = await session.client.request<{ source: Json }>(
    'PUT',
    ['api', 'v1', 'sources', owner, name],
    {
      body: {
        source: {
          ...(options.title === undefined ? {} : { title: options.title }),
          ...(options.description === undefined ? {} : { description: options.description }),
          ...(options.language === undefined ? {} : { language: options.language }),
          ...(options.transformTag === undefined
            ? {}
            : { email_transform_tag: options.transformTag }),
        },
      },
    },
  );
  log(
    io,
    'I',
    `New source \`${fullName(source)}\` [id: ${String(source['id'])}] created successfully`,
  );
  printJsonOrTable(io, session, [pick(source, SOURCE_KEYS)], ['Name', 'ID', 'Title'], (s) => [
    fullName(s),
    String(s['id']),
    String(s['title']),
  ]);
}

export async function createDataset(
  io: Io,
  session: Session,
  ref: string,
  options: {
    title?: string;
    description?: string;
    sources?: string[];
    labelDefs?: string;
    hasSentiment?: boolean;
    modelFamily?: string;
  },
): Promise<void> {
  const [owner, name] = ownerName(ref, 'dataset');
  const sourceIds: string[] = [];
  for (const source of options.sources ?? []) {
    const found = await session.client.request<{ source: Json }>('GET', [
      'api',
      'v1',
      'sources',
      ...parseResourceRef('source', source),
    ]);
    sourceIds.push(String(found.source['id']));
  }
  let labelDefs: unknown;
  if (options.labelDefs !== undefined) {
    try {
      labelDefs = JSON.parse(options.labelDefs) as unknown;
    } catch {
      throw new Error('--label-defs must be a JSON array of label defs');
    }
  }
  const { dataset } = await session.client.request<{ dataset: Json }>(
    'PUT',
    ['api', 'v1', 'datasets', owner, name],
    {
      body: {
        dataset: {
          source_ids: sourceIds,
          ...(options.title === undefined ? {} : { title: options.title }),
          ...(options.description === undefined ? {} : { description: options.description }),
          ...(labelDefs === undefined ? {} : { label_defs: labelDefs }),
          ...(options.hasSentiment === undefined ? {} : { has_sentiment: options.hasSentiment }),
          ...(options.modelFamily === undefined ? {} : { model_family: options.modelFamily }),
        },
      },
    },
  );
  log(
    io,
    'I',
    `New dataset \`${fullName(dataset)}\` [id: ${String(dataset['id'])}] created successfully`,
  );
  printJsonOrTable(io, session, [pick(dataset, DATASET_KEYS)], ['Name', 'ID', 'Title'], (d) => [
    fullName(d),
    String(d['id']),
    String(d['title']),
  ]);
}

export async function deleteResource(
  io: Io,
  session: Session,
  kind: 'source' | 'dataset',
  ref: string,
): Promise<void> {
  const collection = kind === 'source' ? 'sources' : 'datasets';
  const found = await session.client.request<Record<string, Json>>('GET', [
    'api',
    'v1',
    collection,
    ...parseResourceRef(kind, ref),
  ]);
  const id = String(found[kind]?.['id']);
  await session.client.request('DELETE', ['api', 'v1', collection, `id:${id}`]);
  log(io, 'I', `Deleted ${kind} ${ref}.`);
}

export async function deleteProject(
  io: Io,
  session: Session,
  name: string,
  force: boolean,
): Promise<void> {
  await session.client.request('DELETE', ['api', '_private', 'projects', name], {
    query: { force },
  });
  log(io, 'I', `Deleted project ${name}.`);
}

function printJsonOrTable(
  io: Io,
  session: Session,
  objects: Json[],
  headers: string[],
  row: (object: Json) => string[],
): void {
  if (session.output === 'json') {
    printJsonLines(io, objects);
  } else {
    printTable(io, headers, objects.map(row));
  }
}
