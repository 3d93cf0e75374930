import { useQuery } from '@tanstack/react-query';

import type {
  Theme as ThemeRecord,
  ThemesResponse as ThemesRecord,
} from '../../../../../src/contracts/themes.js';
import { apiPath, apiRequest } from '../../../lib/api-client';

export type Theme = ThemeRecord;
export type ThemesResponse = ThemesRecord;

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
