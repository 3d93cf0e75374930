import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ../shared/data beside the repository (read-only), or SIFT_SHARED_DATA. */
export function sharedDataDir(): string {
  const fromEnv = process.env['SIFT_SHARED_DATA'];
  const directory = fromEnv ?? fileURLToPath(new URL('../../shared/data/', import.meta.url));
  if (!existsSync(directory)) {
    throw new Error(`shared data not found at ${directory} (set SIFT_SHARED_DATA)`);
  }
  return directory.endsWith('/') ? directory : `${directory}/`;
}

export type DataRecord = {
  id: string;
  text: string;
  labels: string[];
  split: string;
  meta?: Record<string, unknown>;
};

/** Every record of a dataset folder's JSONL shards, in file order. */
export function readDataset(folder: string): DataRecord[] {
  const directory = `${sharedDataDir()}${folder}/`;
  return readdirSync(directory)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) =>
      readFileSync(`${directory}${name}`, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as DataRecord),
    );
}
