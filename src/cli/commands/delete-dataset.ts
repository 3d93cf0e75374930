import { deleteDatasetByIdRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { fetchDataset } from '../resolve.js';

export type DeleteDatasetArgs = WithGlobals<{ dataset: ResourceRef }>;

/** `delete dataset <DATASET>`: resolves the id, then `DELETE /api/v1/datasets/id:<id>`. */
export async function run(args: DeleteDatasetArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'read', async (session) => {
    await withContext('Operation to delete dataset has failed.', async () => {
      const ref = args.dataset;
      const id = ref.kind === 'id' ? ref.id : String((await fetchDataset(session, ref))['id']);
      await session.client.request(deleteDatasetByIdRoute, { params: { project: `id:${id}` } });
    });
    session.log.info('Deleted dataset.');
  });
}
