import { updateDatasetRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { fetchDataset, fetchSource } from '../resolve.js';
import { printDatasets } from '../tables.js';

export type UpdateDatasetArgs = WithGlobals<{
  dataset: ResourceRef;
  title?: string;
  description?: string;
  /** `-s` with no value clears the sources; absent leaves them. */
  sources?: ResourceRef[];
}>;

/** `update dataset <DATASET>` (cli.md §5.3). */
export async function run(args: UpdateDatasetArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'write', async (session) => {
    let sourceIds: unknown[] | undefined;
    const sources = args.sources;
    if (sources !== undefined) {
      sourceIds = await withContext('Operation to get sources failed', async () => {
        const ids: unknown[] = [];
        for (const ref of sources) {
          ids.push((await fetchSource(session, ref))['id']);
        }
        return ids;
      });
    }
    const ref = args.dataset;
    const target =
      ref.kind === 'name'
        ? { project: ref.owner, name: ref.name }
        : await withContext('Fetching dataset id.', async () => {
            const dataset = await fetchDataset(session, ref);
            return { project: String(dataset['owner']), name: String(dataset['name']) };
          });
    const { dataset } = await withContext('Operation to update a dataset has failed.', () =>
      session.client.request(updateDatasetRoute, {
        params: target,
        body: {
          dataset: {
            ...(sourceIds === undefined ? {} : { source_ids: sourceIds }),
            ...(args.title === undefined ? {} : { title: args.title }),
            ...(args.description === undefined ? {} : { description: args.description }),
          },
        },
      }),
    );
    session.log.info(
      `Dataset \`${dataset.owner}/${dataset.name}\` [id: ${dataset.id}] updated successfully`,
    );
    printDatasets(session, [dataset]);
  });
}
