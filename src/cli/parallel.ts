/**
 * Runs tasks with at most `limit` in flight. `run` waits for a free slot, so a producer that reads a file
 * never gets far ahead of the uploads; the first failure is rethrown by the next `run` or by `drain`.
 */
export class TaskPool {
  private readonly active = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(private readonly limit: number) {}

  async run(task: () => Promise<void>): Promise<void> {
    this.throwIfFailed();
    while (this.active.size >= Math.max(1, this.limit)) {
      await Promise.race(this.active);
      this.throwIfFailed();
    }
    const promise: Promise<void> = task().then(
      () => {
        this.active.delete(promise);
      },
      (error: unknown) => {
        this.active.delete(promise);
        this.failure ??= { error };
      },
    );
    this.active.add(promise);
  }

  /** Waits for every task started so far. */
  async drain(): Promise<void> {
    while (this.active.size > 0) {
      await Promise.race(this.active);
    }
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure !== null) {
      throw this.failure.error;
    }
  }
}

/** Maps items with at most `limit` calls in flight, keeping the input order in the result. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]!, index);
    }
  });
  await Promise.all(workers);
  return results;
}
