import { readFileSync } from 'node:fs';

/** The package version, written into model files (ml.md §3.8) and printed by `sift --version`. */
export function siftVersion(): string {
  try {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
