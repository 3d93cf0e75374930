import { parentPort, workerData } from 'node:worker_threads';

import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';

import type { Database } from '../schema.js';

import { createQueryRepo } from './query-repo.js';

// The reader thread of the dataset query on SQLite (query-reader.ts): its own read-only connection on
// the WAL database, so ranking 100k comments never runs on the server's event loop.

type Request = { id: number; method: 'rank' | 'count'; query: never };

const { filename } = workerData as { filename: string };
const database = new BetterSqlite3(filename, { readonly: true, fileMustExist: true });
database.pragma('busy_timeout = 5000');
const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
const repo = createQueryRepo(db, { dialect: 'sqlite', skipLocked: false });

parentPort!.on('message', (request: Request) => {
  const run = request.method === 'rank' ? repo.rank(request.query) : repo.count(request.query);
  run.then(
    (result: unknown) => parentPort!.postMessage({ id: request.id, ok: true, result }),
    (error: unknown) =>
      parentPort!.postMessage({
        id: request.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      }),
  );
});
