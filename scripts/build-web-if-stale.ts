// `npm start` runs this first (prestart), and so does the e2e suite: it builds the web UI when web/dist is
// missing or older than its sources, so a fresh `npm ci && npm start` serves the UI, and a restart
// without changes costs nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const builtIndex = join(root, 'web', 'dist', 'index.html');
const sources = [
  join(root, 'web', 'src'),
  join(root, 'web', 'public'),
  join(root, 'web', 'index.html'),
  join(root, 'web', 'vite.config.ts'),
  join(root, 'package-lock.json'),
];

function newestMtime(path: string): number {
  if (!existsSync(path)) {
    return 0;
  }
  const stats = statSync(path);
  if (!stats.isDirectory()) {
    return stats.mtimeMs;
  }
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Why the UI needs building, or null when web/dist is newer than every source. */
export function webBuildReason(): string | null {
  if (!existsSync(builtIndex)) {
    return 'web UI not built';
  }
  return statSync(builtIndex).mtimeMs >= Math.max(...sources.map(newestMtime))
    ? null
    : 'web UI sources changed';
}

/** Runs `npm run build:web` when needed; throws when the build fails. */
export function buildWebIfStale(): void {
  const reason = webBuildReason();
  if (reason === null) {
    return;
  }
  process.stdout.write(`${reason}: running npm run build:web\n`);
  const result = spawnSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`npm run build:web failed (exit ${result.status ?? result.signal})`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    buildWebIfStale();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
