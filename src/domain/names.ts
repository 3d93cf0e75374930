import { invalid } from './errors.js';

const NAME = /^[A-Za-z0-9_-]{1,256}$/;

/** Project, source, dataset, bucket, stream and label-group names (api.md §3.2). */
export function checkName(kind: string, name: string): string {
  if (!NAME.test(name)) {
    throw invalid(`Invalid ${kind} name '${name}': names must match ^[A-Za-z0-9_-]{1,256}$`);
  }
  return name;
}

/** Parses the `id:<hex>` form; returns null when the segment is not of that form. */
export function parseIdRef(segment: string): string | null {
  if (!segment.startsWith('id:')) {
    return null;
  }
  const id = segment.slice(3);
  if (!/^[0-9a-f]{16}$/.test(id)) {
    throw invalid(`Invalid id '${id}': expected 16 lowercase hexadecimal characters`);
  }
  return id;
}
