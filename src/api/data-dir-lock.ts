import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// One server per SQLite data directory: two servers on one file would each run an embedded worker, and
// both would claim jobs, train and write predictions on the same database (issue 15 item 13). The lock
// is a file holding the owner's pid; a lock whose pid is no longer running (a crash, SIGKILL) is stale
// and taken over, so a restart after a crash needs no manual clean-up.

const LOCK_FILE = 'sift.lock';

type LockOwner = { pid: number; started_at: string; argv: string[] };

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
}

export type DataDirLock = { readonly path: string; release(): void };

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && Number.isInteger(owner.pid) && owner.pid > 0
      ? {
          pid: owner.pid,
          started_at: String(owner.started_at ?? ''),
          argv: Array.isArray(owner.argv) ? owner.argv.map(String) : [],
        }
      : null;
  } catch {
    // Missing, unreadable or half-written: nobody can be identified as its owner, so it is stale.
    return null;
  }
}

/**
 * Takes `<dataDir>/sift.lock` for this process, or throws {@link DataDirLockedError} naming the live
 * process that holds it. Creation is exclusive (`wx`), so of two servers starting at once one wins.
 */
export function lockDataDir(dataDir: string, startedAt: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const mine: LockOwner = { pid: process.pid, started_at: startedAt, argv: process.argv };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, `${JSON.stringify(mine)}\n`, { flag: 'wx', mode: 0o644 });
      let released = false;
      const release = (): void => {
        if (released) {
          return;
        }
        released = true;
        process.off('exit', release);
        if (readOwner(path)?.pid === process.pid) {
          try {
            unlinkSync(path);
          } catch {
            // Already gone: nothing to release.
          }
        }
      };
      process.once('exit', release);
      return { path, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
    const owner = readOwner(path);
    if (owner !== null && owner.pid !== process.pid && running(owner.pid)) {
      const command = owner.argv.length > 0 ? ` (${owner.argv.join(' ')})` : '';
      throw new DataDirLockedError(
        `The data directory ${dataDir} is in use by another Sift process: pid ${owner.pid}` +
          `${command}, started ${owner.started_at}. Stop that process, or point SIFT_DATA_DIR at ` +
          `another directory. (Lock file: ${path}.)`,
      );
    }
    // Stale: its process is gone. Remove it and try the exclusive create again.
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw error;
      }
    }
  }
  throw new DataDirLockedError(`Could not take the lock file ${path}: it keeps reappearing`);
}
