// Writes openapi.json from the route schemas; with --check, fails when the committed file differs.
import { readFileSync, writeFileSync } from 'node:fs';

import { createApp } from '../src/api/create-app.js';
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/lib/clock.js';
import { cryptoIds } from '../src/lib/ids.js';
import { createLogger } from '../src/log.js';
import { createSqliteStore } from '../src/store/sqlite/create-sqlite-store.js';
import { createModelServices } from '../src/worker/model-services.js';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

const config = loadConfig({
  SIFT_LOG_LEVEL: 'silent',
  SIFT_ADMIN_TOKEN: 'sift_openapi-export-only-token',
});
const store = createSqliteStore({ filename: ':memory:' });
const { app } = await createApp({
  store,
  clock: systemClock,
  ids: cryptoIds,
  log: createLogger(config),
  config,
  models: createModelServices({ embedderProcesses: 0 }),
});
const document = `${JSON.stringify(sortKeys(app.swagger()), null, 2)}\n`;
await app.close();
await store.close();

const target = new URL('../openapi.json', import.meta.url);
if (process.argv.includes('--check')) {
  let committed: string;
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    committed = '';
  }
  if (committed !== document) {
    console.error('openapi.json is out of date: run `npm run openapi` and commit the result');
    process.exit(1);
  }
  console.log('openapi.json is up to date');
} else {
  writeFileSync(target, document);
  console.log('wrote openapi.json');
}
