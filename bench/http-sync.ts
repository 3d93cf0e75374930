import type { TicketComment } from './shared-data.js';

// The HTTP side of the ingest comparison, shared by ingest.bench.ts and cli-upload.bench.ts so that the
// CLI is compared with exactly the rate the ingest benchmark reports.

export const RAW_SYNC_BATCH = 4096;

/** Creates project `bench` and source `bench/tickets` on a fresh server. */
export async function createBenchSource(
  url: string,
  headers: Record<string, string>,
): Promise<void> {
  for (const [path, body] of [
    ['/api/_private/projects/bench', '{"user_ids":[]}'],
    ['/api/v1/sources/bench/tickets', '{}'],
  ] as const) {
    const response = await fetch(`${url}${path}`, { method: 'PUT', headers, body });
    if (response.status !== 200) {
      throw new Error(`PUT ${path} failed: ${response.status} ${await response.text()}`);
    }
  }
}

/** Posts pre-encoded bodies of `RAW_SYNC_BATCH` comments one after another; returns comments/s. */
export async function rawSyncRate(
  url: string,
  headers: Record<string, string>,
  comments: readonly TicketComment[],
): Promise<number> {
  const bodies: string[] = [];
  for (let start = 0; start < comments.length; start += RAW_SYNC_BATCH) {
    bodies.push(JSON.stringify({ comments: comments.slice(start, start + RAW_SYNC_BATCH) }));
  }
  const started = process.hrtime.bigint();
  for (const body of bodies) {
    const response = await fetch(`${url}/api/v1/sources/bench/tickets/sync`, {
      method: 'POST',
      headers,
      body,
    });
    if (response.status !== 200) {
      throw new Error(`sync failed: ${response.status} ${await response.text()}`);
    }
    await response.arrayBuffer();
  }
  return comments.length / (Number(process.hrtime.bigint() - started) / 1e9);
}
