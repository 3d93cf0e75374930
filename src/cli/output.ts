import type { Io } from './io.js';

/** RFC 3339 UTC with the fewest of 0, 3, 6 or 9 fractional digits (cli.md §4.2). */
export function formatTimestamp(value: unknown): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(value);
  if (!match) {
    return value;
  }
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction === '') {
    return `${match[1]}Z`;
  }
  const width = fraction.length <= 3 ? 3 : fraction.length <= 6 ? 6 : 9;
  return `${match[1]}.${fraction.padEnd(width, '0')}Z`;
}

type KeySpec = {
  key: string;
  nullWhenAbsent?: boolean;
  omitWhenEmpty?: boolean;
  timestamp?: boolean;
};

/** The CLI's model of a resource: keys in the fixed order of cli.md §7, unknown keys dropped. */
export function pick(
  object: Record<string, unknown>,
  spec: readonly (string | KeySpec)[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const entry of spec) {
    const { key, nullWhenAbsent, omitWhenEmpty, timestamp } =
      typeof entry === 'string' ? { key: entry } : entry;
    let value = object[key];
    if (value === undefined) {
      if (nullWhenAbsent) {
        out[key] = null;
      }
      continue;
    }
    if (
      omitWhenEmpty &&
      (Array.isArray(value)
        ? value.length === 0
        : typeof value === 'object' && value !== null && Object.keys(value).length === 0)
    ) {
      continue;
    }
    if (
      timestamp ||
      key.endsWith('_at') ||
      key === 'created' ||
      key === 'last_modified' ||
      key === 'timestamp'
    ) {
      value = formatTimestamp(value);
    }
    out[key] = value;
  }
  return out;
}

export const SOURCE_KEYS = [
  'id',
  'owner',
  'name',
  'title',
  'description',
  'language',
  'should_translate',
  'created_at',
  'updated_at',
  { key: 'bucket_id', nullWhenAbsent: true },
  '_kind',
  { key: 'email_transform_tag', nullWhenAbsent: true },
] as const;
export const PROJECT_KEYS = [
  { key: 'id', nullWhenAbsent: true },
  'name',
  'title',
  'description',
  'created_at',
  'updated_at',
] as const;
export const USER_KEYS = [
  'id',
  'username',
  'email',
  'created',
  'global_permissions',
  'organisation_permissions',
  'sso_global_permissions',
  'verified',
] as const;
export const DATASET_KEYS = [
  'id',
  'name',
  'owner',
  'title',
  'description',
  'created',
  'last_modified',
  'model_family',
  'source_ids',
  'has_sentiment',
  'entity_defs',
  'general_fields',
  'label_defs',
  'label_groups',
  '_dataset_flags',
  '_model_config',
] as const;
export const COMMENT_KEYS = [
  'id',
  'uid',
  'thread_id',
  'timestamp',
  'messages',
  { key: 'user_properties', omitWhenEmpty: true },
  { key: 'attachments', omitWhenEmpty: true },
  'created_at',
  'has_annotations',
] as const;

export function printJsonLines(io: Io, objects: readonly unknown[]): void {
  for (const object of objects) {
    io.stdout.write(`${JSON.stringify(object)}\n`);
  }
}

/** A borderless table: header row, then rows, columns padded to the widest cell (cli.md §4.1). */
export function printTable(
  io: Io,
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): void {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  io.stdout.write(`${line(headers)}\n`);
  for (const row of rows) {
    io.stdout.write(`${line(row)}\n`);
  }
}

/** `%Y-%m-%d %H:%M:%S` in UTC. */
export function tableTime(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 19).replace('T', ' ') : 'unknown';
}
