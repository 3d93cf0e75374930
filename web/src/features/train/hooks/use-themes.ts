import { useQuery } from '@tanstack/react-query';

import { apiPath, apiRequest } from '../../../lib/api-client';

export type Theme = {
  id: string;
  name: string;
  keywords: string[];
  size: number;
  theme_comments: { comment_uid: string }[];
};

export type ThemesResponse = {
  theme_set: { trained_time: string; themes: Theme[] } | null;
};

/** Discover clusters of unreviewed comments (api.md §6.10). */
export function useThemes(project: string, dataset: string, enabled: boolean) {
  return useQuery({
    queryKey: ['themes', project, dataset],
    queryFn: () =>
      apiRequest<ThemesResponse>(
        'GET',
        apiPath('/api/_private/datasets/:project/:name/themes', project, dataset),
      ),
    enabled,
  });
}
