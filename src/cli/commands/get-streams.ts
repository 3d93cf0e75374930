import { listStreamsRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { openSink } from '../downloads.js';
import { withContext } from '../errors.js';
import type { ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { isRecord, streamModel } from '../models.js';
import { fetchDataset, ownedParams } from '../resolve.js';
import { byName, printStreams } from '../tables.js';

export type GetStreamsArgs = WithGlobals<{ dataset: ResourceRef; file?: string }>;

/** `get streams -d <DATASET> [-f FILE]`: sorted by name; JSON Lines to the file when given. */
export async function run(args: GetStreamsArgs, io: Io): Promise<void> {
  const sink = args.file === undefined ? undefined : openSink(io, args.file);
  try {
    await withSession(io, args.globals, 'read', async (session) => {
      const dataset = await withContext('Operation to get dataset has failed.', () =>
        fetchDataset(session, args.dataset),
      );
      const response = await withContext('Operation to list streams has failed.', () =>
        session.client.request(listStreamsRoute, { params: ownedParams(dataset) }),
      );
      const streams = (Array.isArray(response['streams']) ? response['streams'] : [])
        .filter(isRecord)
        .sort(byName);
      if (sink === undefined) {
        printStreams(session, streams);
      } else {
        await sink.write(streams.map(streamModel));
      }
    });
  } finally {
    await sink?.close();
  }
}
