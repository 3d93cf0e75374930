import { InvalidArgumentError } from 'commander';

/** A source, dataset or bucket argument: an all-hex id or `owner/name` (cli.md §2.6). */
export type ResourceRef =
  { kind: 'id'; id: string } | { kind: 'name'; owner: string; name: string };

export type StreamRef = { owner: string; dataset: string; stream: string };

const HEX = /^[0-9a-fA-F]+$/;
const BUCKET_NAME = /^[A-Za-z0-9\-_]{1,256}\/[A-Za-z0-9\-_]{1,256}$/;
const PROJECT_NAME = /^[A-Za-z0-9_-]+$/;

function ownerName(value: string): ResourceRef | null {
  const parts = value.split('/');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
    return null;
  }
  return { kind: 'name', owner: parts[0]!, name: parts[1]! };
}

/** Commander argument parsers: a bad value is an argument error with the official texts (cli.md §2.5). */
export function parseSourceRef(value: string): ResourceRef {
  if (HEX.test(value)) {
    return { kind: 'id', id: value };
  }
  const ref = ownerName(value);
  if (ref === null) {
    throw new InvalidArgumentError(`Expected <owner>/<name> or a source id, got: ${value}`);
  }
  return ref;
}

export function parseDatasetRef(value: string): ResourceRef {
  if (HEX.test(value)) {
    return { kind: 'id', id: value };
  }
  const ref = ownerName(value);
  if (ref === null) {
    throw new InvalidArgumentError(`Expected <owner>/<name> or a dataset id, got: ${value}`);
  }
  return ref;
}

export function parseBucketRef(value: string): ResourceRef {
  if (HEX.test(value)) {
    return { kind: 'id', id: value };
  }
  if (!BUCKET_NAME.test(value)) {
    throw new InvalidArgumentError(`Expected <owner>/<name> or a bucket id, got: ${value}`);
  }
  return ownerName(value)!;
}

/** A full name that must be `owner/name` (the thing being created). */
export function parseFullName(kind: 'source' | 'dataset'): (value: string) => {
  owner: string;
  name: string;
} {
  return (value) => {
    const ref = ownerName(value);
    if (ref === null || ref.kind !== 'name') {
      throw new InvalidArgumentError(`Expected <owner>/<name> or a ${kind} id, got: ${value}`);
    }
    return { owner: ref.owner, name: ref.name };
  };
}

export function parseProjectName(value: string): string {
  if (!PROJECT_NAME.test(value)) {
    throw new InvalidArgumentError(`Expected a valid project name, got: ${value}`);
  }
  return value;
}

export function parseUserId(value: string): string {
  if (!HEX.test(value)) {
    throw new InvalidArgumentError(
      `Expected a user id (usernames and emails are not supported), got: ${value}`,
    );
  }
  return value;
}

export function parseStreamRef(value: string): StreamRef {
  const parts = value.split('/');
  if (parts.length !== 3 || parts.some((part) => part === '')) {
    throw new InvalidArgumentError(`Expected <owner>/<dataset>/<stream>: ${value}`);
  }
  return { owner: parts[0]!, dataset: parts[1]!, stream: parts[2]! };
}

// api.md §6.11: the closed vocabulary of quota kinds.
const QUOTA_KINDS = new Set([
  'alerts',
  'buckets',
  'comments',
  'comments_per_source',
  'comments_in_ixp_runtime',
  'comments_in_ixp_designtime',
  'datasets',
  'datasets_per_source',
  'entities_per_dataset',
  'extraction_predictions',
  'integrations',
  'labels_per_dataset',
  'mailboxes_per_integration',
  'pinned_models',
  'projects',
  'reviewed_comments_per_dataset',
  'sources',
  'sources_per_dataset',
  'triggers',
  'triggers_per_dataset',
  'users',
]);

export function parseQuotaKind(value: string): string {
  if (!QUOTA_KINDS.has(value)) {
    throw new InvalidArgumentError(`Expected a valid quota kind, got: ${value}`);
  }
  return value;
}

/** Buckets hold emails; `emails` is the only bucket type. */
export function parseBucketType(value: string): string {
  if (value !== 'emails') {
    throw new InvalidArgumentError(`Expected a valid bucket type, got: ${value}`);
  }
  return value;
}

/** `owner/name` of a bucket being created (the same name rule as bucket references). */
export function parseBucketName(value: string): { owner: string; name: string } {
  if (!BUCKET_NAME.test(value)) {
    throw new InvalidArgumentError(`Expected <owner>/<name>, got: ${value}`);
  }
  const [owner, name] = value.split('/');
  return { owner: owner!, name: name! };
}

/** `true`/`false` values of flags documented as `<bool>`. */
export function parseBool(value: string): boolean {
  if (value === 'true') {
    return true;
  }
  if (value === 'false') {
    return false;
  }
  throw new InvalidArgumentError(`expected \`true\` or \`false\`, got: ${value}`);
}

export function parsePositiveInteger(value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new InvalidArgumentError(`expected a non-negative integer, got: ${value}`);
  }
  return Number(value);
}

/** RFC 3339 with an offset (`2020-01-03T00:00:00Z`); returned unchanged. */
export function parseTimestamp(value: string): string {
  if (
    !/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(value) ||
    Number.isNaN(Date.parse(value))
  ) {
    throw new InvalidArgumentError(
      `expected an RFC 3339 timestamp such as 2020-01-03T00:00:00Z, got: ${value}`,
    );
  }
  return value;
}

/** The text of a reference as the user wrote it (for messages such as `Unable to get source <x>`). */
export function refText(ref: ResourceRef): string {
  return ref.kind === 'id' ? ref.id : `${ref.owner}/${ref.name}`;
}

/** Path parameters for the `:project/:name` routes, or `:project` = `id:<hex>` for the id form. */
export function refParams(ref: ResourceRef): { project: string; name?: string } {
  return ref.kind === 'id' ? { project: `id:${ref.id}` } : { project: ref.owner, name: ref.name };
}

/** `get integrations [OWNER/NAME]`: integrations are named only by `owner/name` (cli.md §2.5). */
export function parseIntegrationName(value: string): { owner: string; name: string } {
  const ref = ownerName(value);
  if (ref === null || ref.kind !== 'name') {
    throw new InvalidArgumentError(`Expected <owner>/<name>: ${value}`);
  }
  return { owner: ref.owner, name: ref.name };
}
