import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';

import type { Dataset, DatasetNew } from '../../../../../src/contracts/datasets.js';
import type { LabelDefUpdate } from '../../../../../src/contracts/label-defs.js';
import type { Project } from '../../../../../src/contracts/projects.js';
import type { Source } from '../../../../../src/contracts/sources.js';
import { apiPath, apiRequest } from '../../../lib/api-client';

export type DatasetRecord = Static<typeof Dataset>;
export type SourceRecord = Static<typeof Source>;
export type ProjectRecord = Static<typeof Project>;

export const DEFAULT_LABEL_GROUP = 'default';

export function useProjects() {
  return useQuery({
    queryKey: ['projects'],
    queryFn: () => apiRequest<{ projects: ProjectRecord[] }>('GET', '/api/v1/projects'),
  });
}

export function useSources() {
  return useQuery({
    queryKey: ['sources'],
    queryFn: () => apiRequest<{ sources: SourceRecord[] }>('GET', '/api/v1/sources'),
  });
}

export function useDatasets() {
  return useQuery({
    queryKey: ['datasets'],
    queryFn: () => apiRequest<{ datasets: DatasetRecord[] }>('GET', '/api/v1/datasets'),
  });
}

export function useDataset(project: string, name: string) {
  return useQuery({
    queryKey: ['dataset', project, name],
    queryFn: () =>
      apiRequest<{ dataset: DatasetRecord }>(
        'GET',
        apiPath('/api/v1/datasets/:project/:name', project, name),
      ),
  });
}

export function useCreateDataset() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { project: string; name: string; dataset: Static<typeof DatasetNew> }) =>
      apiRequest<{ dataset: DatasetRecord }>(
        'PUT',
        apiPath('/api/v1/datasets/:project/:name', input.project, input.name),
        { body: { dataset: input.dataset } },
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['datasets'] }),
  });
}

/** Create, rename and delete label defs of a dataset's default group; each refreshes the dataset. */
export function useLabelDefMutations(project: string, dataset: string) {
  const client = useQueryClient();
  const path = apiPath(
    '/api/_private/datasets/:project/:name/labels/:group',
    project,
    dataset,
    DEFAULT_LABEL_GROUP,
  );
  const refresh = () => client.invalidateQueries({ queryKey: ['dataset', project, dataset] });
  const create = useMutation({
    mutationFn: (name: string) => apiRequest('PUT', path, { body: { label_defs: [{ name }] } }),
    onSuccess: refresh,
  });
  const rename = useMutation({
    mutationFn: (input: { from: string; to: string }) => {
      const label: Static<typeof LabelDefUpdate> = { name: input.to };
      return apiRequest('POST', path, { query: { label_name: input.from }, body: { label } });
    },
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (name: string) => apiRequest('DELETE', path, { query: { label_name: name } }),
    onSuccess: refresh,
  });
  return { create, rename, remove };
}
