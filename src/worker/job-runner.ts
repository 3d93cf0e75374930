import type { JobProgress } from '../contracts/jobs.js';
import { AppError } from '../domain/errors.js';
import type { Clock } from '../lib/clock.js';
import { formatMicros } from '../lib/timestamps.js';
import type { Logger } from '../log.js';
import type { JobRecord, Store } from '../store/store.js';

import { RetryableJobError } from './errors.js';

/** Records what a running job is doing (phase, done / total) for the status route; never throws. */
export type ReportProgress = (progress: JobProgress) => void;

export type JobHandler = (
  job: JobRecord,
  signal: AbortSignal,
  report: ReportProgress,
) => Promise<unknown>;

export type JobRunnerOptions = {
  store: Store;
  clock: Clock;
  log: Logger;
  handlers: ReadonlyMap<string, JobHandler>;
  /** How long a claim holds before another worker may take the job over. */
  leaseMillis?: number;
  pollMillis?: number;
  maxAttempts?: number;
};

const MICROS_PER_MILLI = 1000n;
/** At most one progress write per job per interval: progress is for people, not for the database. */
const PROGRESS_INTERVAL_MILLIS = 1000;

/**
 * Claim → heartbeat → dispatch → complete/fail (architecture.md §7.1). Every state change is fenced by
 * the attempt number, so a worker that lost its lease cannot overwrite the new holder's outcome.
 */
export class JobRunner {
  private readonly leaseMillis: number;
  private readonly pollMillis: number;
  private readonly maxAttempts: number;
  private stopping = false;
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  /** The job being run, so that a shutdown can hand its lease back. */
  private current: JobRecord | null = null;

  constructor(private readonly options: JobRunnerOptions) {
    this.leaseMillis = options.leaseMillis ?? 60_000;
    this.pollMillis = options.pollMillis ?? 500;
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  private at(offsetMillis = 0): string {
    return formatMicros(this.options.clock.nowMicros() + BigInt(offsetMillis) * MICROS_PER_MILLI);
  }

  /** Claims and runs at most one job; false when nothing was runnable. */
  async tick(): Promise<boolean> {
    const job = await this.options.store.jobs.claimNext({
      now: this.at(),
      leaseUntil: this.at(this.leaseMillis),
      kinds: [...this.options.handlers.keys()],
    });
    if (!job) {
      return false;
    }
    if (this.stopping) {
      // Claimed while shutting down: give it straight back rather than start it.
      await this.handBack(job);
      return true;
    }
    await this.run(job);
    return true;
  }

  private async run(job: JobRecord): Promise<void> {
    const { store, log } = this.options;
    const handler = this.options.handlers.get(job.kind);
    const jobLog = log.child({ job_id: job.id, kind: job.kind, attempt: job.attempts });
    this.current = job;
    const heartbeat = setInterval(
      () => {
        store.jobs.heartbeat(job.id, job.attempts, this.at(this.leaseMillis), this.at()).then(
          (held) => {
            // A beat sent just before the job finished answers after it: not a lost lease.
            if (!held && this.current === job) {
              jobLog.warn('lease lost; another worker owns the job now');
            }
          },
          (error: unknown) => jobLog.warn({ err: error }, 'heartbeat failed'),
        );
      },
      Math.max(1000, Math.floor(this.leaseMillis / 3)),
    );
    const started = Date.now();
    let lastReport = 0;
    const report: ReportProgress = (progress) => {
      const at = Date.now();
      if (at - lastReport < PROGRESS_INTERVAL_MILLIS && progress.done < progress.total) {
        return;
      }
      lastReport = at;
      store.jobs
        .reportProgress(job.id, job.attempts, progress, this.at())
        .catch((error: unknown) => jobLog.warn({ err: error }, 'progress report failed'));
    };
    try {
      if (!handler) {
        throw new AppError('internal', `no handler for job kind '${job.kind}'`);
      }
      const result = await handler(job, this.abort.signal, report);
      await store.jobs.complete(job.id, job.attempts, result, this.at());
      jobLog.info({ duration_ms: Date.now() - started }, 'job done');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.stopping && this.abort.signal.aborted) {
        // Aborted by a shutdown, not failed: another worker picks it up at once.
        await this.handBack(job);
      } else if (error instanceof RetryableJobError && job.attempts < this.maxAttempts) {
        const backoff = 10_000 * 2 ** (job.attempts - 1);
        await store.jobs.retryLater(
          job.id,
          job.attempts,
          this.at(backoff),
          { code: 'retryable', message },
          this.at(),
        );
        jobLog.warn({ err: error, retry_in_ms: backoff }, 'job will be retried');
      } else {
        const code = error instanceof AppError ? error.code : 'internal';
        await store.jobs.fail(job.id, job.attempts, { code, message }, this.at());
        jobLog.error({ err: error }, 'job failed');
      }
    } finally {
      this.current = null;
      clearInterval(heartbeat);
    }
  }

  /** Puts a claimed job back to pending, due now, so that no worker waits for its lease to expire. */
  private async handBack(job: JobRecord): Promise<void> {
    await this.options.store.jobs.retryLater(
      job.id,
      job.attempts,
      this.at(),
      { code: 'interrupted', message: 'worker shut down' },
      this.at(),
    );
    this.options.log.info({ job_id: job.id, kind: job.kind }, 'job handed back on shutdown');
  }

  /** Polls until stopped; a single empty claim does not mean the queue is empty (stack.md §4.7). */
  start(): void {
    this.loop ??= (async () => {
      while (!this.stopping) {
        let worked = false;
        try {
          worked = await this.tick();
        } catch (error) {
          this.options.log.error({ err: error }, 'job runner tick failed');
        }
        if (!worked && !this.stopping) {
          await new Promise((resolve) => setTimeout(resolve, this.pollMillis));
        }
      }
    })();
  }

  /**
   * Stops claiming and signals the running job to abort at its next checkpoint. A job that does not
   * stop within `graceMillis` (a handler between checkpoints) is handed back anyway, fenced by its
   * attempt number, so the process can exit and another worker takes the job without waiting for
   * the lease to run out.
   */
  async stop(graceMillis = 5_000): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      (this.loop ?? Promise.resolve()).then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMillis);
      }),
    ]);
    clearTimeout(timer);
    const stuck = this.current;
    if (!finished && stuck !== null) {
      await this.handBack(stuck);
    }
  }
}
