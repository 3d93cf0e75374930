// Table layouts of the official CLI's printer (cli.md §5): headers, cell contents and dimmed fallbacks.
import { tableTimestamp } from './json-output.js';
import {
  bucketModel,
  datasetModel,
  isRecord,
  projectModel,
  sourceModel,
  streamModel,
  userModel,
  type Json,
} from './models.js';
import { dim, fullName, printResources, type Cell } from './output.js';
import type { Session } from './session.js';

function text(value: unknown): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (typeof value === 'string') {
    return value;
  }
  return typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

export function printProjects(session: Session, projects: readonly Json[]): void {
  printResources(session.io, session.output, projects, {
    headers: ['Name', 'ID', 'Title'],
    model: projectModel,
    row: (project) => [
      text(project['name']),
      typeof project['id'] === 'string' ? project['id'] : dim('unknown'),
      text(project['title']),
    ],
  });
}

export type PrintableSource = { source: Json; bucket: Json | undefined; numComments?: number };

export function printSources(session: Session, sources: readonly PrintableSource[]): void {
  printResources(session.io, session.output, sources, {
    headers: ['Name', 'ID', 'Updated (UTC)', 'Transform Tag', 'Bucket', 'Title', 'Num Comments'],
    model: ({ source }) => sourceModel(source),
    row: ({ source, bucket, numComments }) => {
      const tag = source['email_transform_tag'];
      const bucketId = source['bucket_id'];
      return [
        fullName(source['owner'], source['name']),
        text(source['id']),
        tableTimestamp(source['updated_at']),
        typeof tag === 'string' ? tag : dim('missing'),
        bucket !== undefined
          ? text(bucket['name'])
          : typeof bucketId === 'string'
            ? dim(bucketId)
            : dim('none'),
        text(source['title']),
        numComments === undefined ? dim('none') : String(numComments),
      ];
    },
  });
}

/** Sources printed by create/update: the plain Source table of the official printer. */
export function printSource(session: Session, source: Json): void {
  printResources(session.io, session.output, [source], {
    headers: ['Name', 'ID', 'Updated (UTC)', 'Transform Tag', 'Title', 'Bucket'],
    model: sourceModel,
    row: (item) => [
      fullName(item['owner'], item['name']),
      text(item['id']),
      tableTimestamp(item['updated_at']),
      typeof item['email_transform_tag'] === 'string'
        ? item['email_transform_tag']
        : dim('missing'),
      text(item['title']),
      typeof item['bucket_id'] === 'string' ? item['bucket_id'] : dim('missing'),
    ],
  });
}

export function printDatasets(session: Session, datasets: readonly Json[]): void {
  printResources(session.io, session.output, datasets, {
    headers: ['Name', 'ID', 'Updated (UTC)', 'Title'],
    model: datasetModel,
    row: (dataset) => [
      fullName(dataset['owner'], dataset['name']),
      text(dataset['id']),
      tableTimestamp(dataset['last_modified']),
      text(dataset['title']),
    ],
  });
}

export function printUsers(session: Session, users: readonly Json[]): void {
  printResources(session.io, session.output, users, {
    headers: ['Name', 'Email', 'ID', 'Created (UTC)', 'Global Permissions'],
    model: userModel,
    row: (user) => [
      text(user['username']),
      text(user['email']),
      text(user['id']),
      tableTimestamp(user['created']),
      [...strings(user['global_permissions']), ...strings(user['sso_global_permissions'])].join(
        ', ',
      ),
    ],
  });
}

export type PrintableBucket = { bucket: Json; statistics?: Json };

export function printBuckets(session: Session, buckets: readonly PrintableBucket[]): void {
  printResources(session.io, session.output, buckets, {
    headers: ['Name', 'ID', 'Created (UTC)', 'Num Emails'],
    model: ({ bucket }) => bucketModel(bucket),
    row: ({ bucket, statistics }) => {
      let count: Cell = dim('none');
      const counted = statistics?.['count'];
      if (isRecord(counted)) {
        count = `${counted['kind'] === 'lower_bound' ? '>=' : '='}${text(counted['value'])}`;
      }
      return [
        fullName(bucket['owner'], bucket['name']),
        text(bucket['id']),
        tableTimestamp(bucket['created_at']),
        count,
      ];
    },
  });
}

export function printStreams(session: Session, streams: readonly Json[]): void {
  printResources(session.io, session.output, streams, {
    headers: ['Name', 'ID', 'Updated (UTC)', 'Title'],
    model: streamModel,
    row: (stream) => [
      text(stream['name']),
      text(stream['id']),
      tableTimestamp(stream['updated_at']),
      text(stream['title']),
    ],
  });
}

/** Sorting of listings: `(owner, name)` for sources, datasets and buckets (cli.md §4.2). */
export function byOwnerAndName(a: Json, b: Json): number {
  const left = `${text(a['owner'])}\u0000${text(a['name'])}`;
  const right = `${text(b['owner'])}\u0000${text(b['name'])}`;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function byName(a: Json, b: Json): number {
  const left = text(a['name']);
  const right = text(b['name']);
  return left < right ? -1 : left > right ? 1 : 0;
}
