import { loadConfig } from '../config.js';
import type { Deps } from '../domain/deps.js';
import { systemClock } from '../lib/clock.js';
import { cryptoIds } from '../lib/ids.js';
import { createLogger } from '../log.js';
import { openStore } from '../store/open-store.js';

import { startImapConnector } from './imap-connector.js';
import { createModelServices } from './model-services.js';
import { startWorker } from './start-worker.js';

/** Entrypoint of `sift worker`: runs jobs until SIGTERM/SIGINT, or until its supervising server goes. */
export async function runWorker(env: Record<string, string | undefined>): Promise<void> {
  const config = loadConfig(env);
  const log = createLogger(config).child({ process: 'worker' });
  const store = await openStore(config);
  const models = createModelServices({
    embedderProcesses: config.embedderProcesses,
    trainThreads: config.trainThreads,
  });
  const deps: Deps = { store, clock: systemClock, ids: cryptoIds, log, config, models };
  const worker = startWorker(deps, {
    leaseMillis: config.jobLeaseMillis,
    ...(config.workerKinds === null ? {} : { kinds: config.workerKinds }),
  });
  // Every worker polls the mailboxes; passes are idempotent by email id, so two workers only cost time.
  const imap = startImapConnector(deps, config.imapPollMillis);
  log.info(
    { store: store.dialect, kinds: config.workerKinds ?? 'all', lease_ms: config.jobLeaseMillis },
    'sift worker started',
  );
  let stopping: Promise<void> | null = null;
  const stop = (): void => {
    stopping ??= (async () => {
      log.info('sift worker stopping: no new claims, the running job is aborted and handed back');
      const forceExit = setTimeout(() => process.exit(1), 15_000);
      forceExit.unref();
      await imap.stop();
      await worker.stop();
      await models.close();
      await store.close();
      process.exit(0);
    })();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Forked by an embedded server: never outlive it.
  process.once('disconnect', stop);
}
