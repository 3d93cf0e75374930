import { type Result, err, ok } from './result.js';

export function safeParseJson(text: string): Result<unknown> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (error) {
    return err(error instanceof Error ? error.message : 'invalid JSON');
  }
}

/**
 * JSON with keys sorted recursively, so equal values serialise identically. Written out directly rather
 * than through a key-sorted copy: sync fingerprints every comment with it, and the copy cost showed in
 * ingest profiles.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value) as string;
}

/** Like JSON.stringify for one value: undefined for what JSON.stringify leaves out. */
function serialise(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index += 1) {
      out += `${index === 0 ? '' : ','}${serialise(value[index]) ?? 'null'}`;
    }
    return `${out}]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    let out = '{';
    let first = true;
    for (const key of Object.keys(record).sort()) {
      const item = serialise(record[key]);
      if (item !== undefined) {
        out += `${first ? '' : ','}${JSON.stringify(key)}:${item}`;
        first = false;
      }
    }
    return `${out}}`;
  }
  const text: string | undefined = JSON.stringify(value);
  return text;
}
