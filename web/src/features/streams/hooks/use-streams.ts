import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';

import type {
  Stream,
  StreamNew,
  StreamResetBody,
  StreamResultsResponse,
  StreamUpdate,
} from '../../../../../src/contracts/streams.js';
import { apiPath, apiRequest } from '../../../lib/api-client';

export type StreamRecord = Static<typeof Stream>;
export type StreamInput = Static<typeof StreamNew>;
export type StreamResults = Static<typeof StreamResultsResponse>;
export type StreamChanges = Static<typeof StreamUpdate>;

/** Comments a preview shows. */
export const PREVIEW_SIZE = 10;

export function useStreams(project: string, dataset: string) {
  return useQuery({
    queryKey: ['streams', project, dataset],
    queryFn: () =>
      apiRequest<{ streams: StreamRecord[] }>(
        'GET',
        apiPath('/api/v1/datasets/:project/:name/streams', project, dataset),
      ),
  });
}

/**
 * Peeks at the stream's next comment: reading results never moves the cursor (api.md §5.11.1), so this
 * shows where the position is without consuming anything.
 */
export function useStreamCursor(project: string, dataset: string, stream: string) {
  return useQuery({
    queryKey: ['stream-cursor', project, dataset, stream],
    queryFn: () =>
      apiRequest<StreamResults>(
        'GET',
        apiPath(
          '/api/v1/datasets/:project/:name/streams/:stream/results',
          project,
          dataset,
          stream,
        ),
        { query: { max_results: 1 } },
      ),
  });
}

export function useCreateStream(project: string, dataset: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (stream: StreamInput) =>
      apiRequest<{ stream: StreamRecord }>(
        'PUT',
        apiPath('/api/v1/datasets/:project/:name/streams', project, dataset),
        { body: { stream } },
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['streams', project, dataset] }),
  });
}

export function useDeleteStream(project: string, dataset: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (stream: string) =>
      apiRequest(
        'DELETE',
        apiPath('/api/v1/datasets/:project/:name/streams/:stream', project, dataset, stream),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['streams', project, dataset] }),
  });
}

/**
 * The next comments the stream would deliver, with their predictions. A `results` read never moves the
 * position (api.md §5.11.1) and this hook never calls `advance`, so previewing consumes nothing.
 */
export function useStreamPreview(
  project: string,
  dataset: string,
  stream: string,
  enabled: boolean,
) {
  return useQuery({
    queryKey: ['stream-preview', project, dataset, stream],
    queryFn: () =>
      apiRequest<StreamResults>(
        'GET',
        apiPath(
          '/api/v1/datasets/:project/:name/streams/:stream/results',
          project,
          dataset,
          stream,
        ),
        { query: { max_results: PREVIEW_SIZE } },
      ),
    enabled,
  });
}

function invalidateStream(
  client: ReturnType<typeof useQueryClient>,
  project: string,
  dataset: string,
  stream: string,
) {
  return Promise.all([
    client.invalidateQueries({ queryKey: ['streams', project, dataset] }),
    client.invalidateQueries({ queryKey: ['stream-cursor', project, dataset, stream] }),
    client.invalidateQueries({ queryKey: ['stream-preview', project, dataset, stream] }),
  ]);
}

/** Moves the position to just before the first comment created at or after `to` (api.md §5.11.2). */
export function useResetStream(project: string, dataset: string, stream: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (to: string) =>
      apiRequest<{ sequence_id: string; stream: StreamRecord }>(
        'POST',
        apiPath('/api/v1/datasets/:project/:name/streams/:stream/reset', project, dataset, stream),
        { body: { to_comment_created_at: to } satisfies Static<typeof StreamResetBody> },
      ),
    onSuccess: () => invalidateStream(client, project, dataset, stream),
  });
}

export function useUpdateStream(project: string, dataset: string, stream: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: StreamChanges) =>
      apiRequest<{ stream: StreamRecord }>(
        'POST',
        apiPath('/api/v1/datasets/:project/:name/streams/:stream', project, dataset, stream),
        { body: { stream: changes } },
      ),
    onSuccess: () => invalidateStream(client, project, dataset, stream),
  });
}
