import { deleteKeyedSyncStateRoute, keyedSyncStateIdsRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { fetchBucket } from '../resolve.js';

export type DeleteKeyedSyncStatesArgs = WithGlobals<{ bucket: ResourceRef; mailbox: string }>;

/**
 * `delete keyed-sync-states <BUCKET> <MAILBOX>`: the mailbox's state keys, then one `DELETE` each; the
 * mailbox connector then re-syncs that mailbox from its start date (api.md §6.5).
 */
export async function run(args: DeleteKeyedSyncStatesArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'read', async (session) => {
    await withContext('Operation to delete keyed sync states has failed.', async () => {
      const bucket = await fetchBucket(session, args.bucket);
      const project = `id:${String(bucket['id'])}`;
      const response = await session.client.request(keyedSyncStateIdsRoute, {
        params: { project },
        body: { mailbox_name: args.mailbox },
      });
      const keys = Array.isArray(response['keyed_sync_state_ids'])
        ? response['keyed_sync_state_ids'].map(String)
        : [];
      for (const key of keys) {
        await session.client.request(deleteKeyedSyncStateRoute, { params: { project, key } });
        session.log.info(`Delete keyed sync state ${key}`);
      }
    });
  });
}
