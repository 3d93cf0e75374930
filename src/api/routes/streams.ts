import { streamResultsRoute, streamRoutes, triggerRoutes } from '../../contracts/streams.js';
import type { StreamNew, StreamUpdate } from '../../contracts/streams.js';
import {
  advanceStream,
  fetchStream,
  resetStream,
  streamResults,
} from '../../domain/streams/consume-stream.js';
import {
  createStream,
  deleteStream,
  getStream,
  listStreams,
  updateStream,
} from '../../domain/streams/manage-streams.js';
import { tagExceptions, untagExceptions } from '../../domain/streams/tag-exceptions.js';
import type { RouteRegistrar } from '../register-route.js';

type DatasetParams = { project: string; name: string };
type StreamParams = DatasetParams & { stream: string };

const datasetRef = (params: DatasetParams) => ({ project: params.project, name: params.name });
const streamRef = (params: StreamParams) => ({ ...datasetRef(params), stream: params.stream });

/** `/streams` and the legacy `/triggers` (api.md §5.12): the same handlers, other wrapper keys. */
export function registerStreamRoutes(route: RouteRegistrar): void {
  for (const [routes, one, many] of [
    [streamRoutes, 'stream', 'streams'],
    [triggerRoutes, 'trigger', 'triggers'],
  ] as const) {
    route(routes.list, async ({ params }, context) => ({
      [many]: await listStreams(context, datasetRef(params)),
    }));
    route(routes.create, async ({ params, body }, context) => ({
      [one]: await createStream(context, datasetRef(params), body[one] as StreamNew),
    }));
    route(routes.get, async ({ params }, context) => ({
      [one]: await getStream(context, streamRef(params)),
    }));
    route(routes.update, async ({ params, body }, context) => ({
      [one]: await updateStream(context, streamRef(params), body[one] as StreamUpdate),
    }));
    route(routes.delete, async ({ params }, context) => {
      await deleteStream(context, streamRef(params));
      return {};
    });
    route(routes.fetch, ({ params, body }, context) =>
      fetchStream(context, streamRef(params), body),
    );
    route(routes.advance, ({ params, body }, context) =>
      advanceStream(context, streamRef(params), body),
    );
    route(routes.reset, async ({ params, body }, context) => {
      const { sequence_id, stream } = await resetStream(context, streamRef(params), body);
      return { sequence_id, [one]: stream };
    });
    route(routes.putExceptions, async ({ params, body }, context) => {
      await tagExceptions(context, streamRef(params), body);
      return {};
    });
    route(routes.deleteExceptions, async ({ params, query }, context) => {
      await untagExceptions(context, streamRef(params), query);
      return {};
    });
  }
  route(streamResultsRoute, ({ params, query }, context) =>
    streamResults(context, streamRef(params), query),
  );
}
