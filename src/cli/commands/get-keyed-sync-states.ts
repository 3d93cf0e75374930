import { listKeyedSyncStatesRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { isRecord, keyedSyncStateModel, type Json } from '../models.js';
import { dim, printResources, type Cell } from '../output.js';
import { fetchBucket } from '../resolve.js';

export type GetKeyedSyncStatesArgs = WithGlobals<{ bucket: ResourceRef }>;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (value: number) => String(value).padStart(2, '0');

/** RFC 2822 in UTC as `re` prints it (chrono's `to_rfc2822`: day of month unpadded). */
export function rfc2822(value: unknown): Cell {
  const date = typeof value === 'string' ? new Date(value) : null;
  if (date === null || Number.isNaN(date.getTime())) {
    return dim('N/A');
  }
  return (
    `${DAYS[date.getUTCDay()]}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ` +
    `${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:` +
    `${pad(date.getUTCSeconds())} +0000`
  );
}

/** chrono's `Display` of a UTC time: `2025-01-02 03:04:05 UTC` (fractions only when present). */
function utcDisplay(value: unknown): string {
  if (typeof value !== 'string') {
    return String(value);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return value;
  }
  const fraction = /\.(\d+)/.exec(value)?.[1]?.replace(/0+$/, '') ?? '';
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}${fraction === '' ? '' : `.${fraction}`} UTC`;
}

const STATUS: Record<string, string> = { IN_PROGRESS: 'In progress', UP_TO_DATE: 'Up to date' };

/** `get keyed-sync-states <BUCKET>`: `GET` the bucket, then its keyed sync states (cli.md §5.1). */
export async function run(args: GetKeyedSyncStatesArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'read', async (session) => {
    const bucket = await fetchBucket(session, args.bucket);
    const response = await withContext('Operation to list keyed sync states has failed.', () =>
      session.client.request(listKeyedSyncStatesRoute, {
        params: { project: `id:${String(bucket['id'])}` },
      }),
    );
    const states = (
      Array.isArray(response['keyed_sync_states']) ? response['keyed_sync_states'] : []
    ).filter(isRecord);
    printResources<Json>(session.io, session.output, states, {
      headers: ['Type', 'Mailbox Name', 'Folder Path', 'Status', 'Synced Until', 'Last Synced At'],
      model: keyedSyncStateModel,
      row: (state) => {
        const path = state['folder_path'];
        return [
          state['folder_id'] === null || state['folder_id'] === undefined ? 'Mailbox' : 'Folder',
          String(state['mailbox_name']),
          Array.isArray(path) ? path.join('/') : dim('N/A'),
          STATUS[String(state['status'])] ?? String(state['status']),
          rfc2822(state['synced_until']),
          utcDisplay(state['last_synced_at']),
        ];
      },
    });
  });
}
