import { useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';

import type { getCurrentUserRoute } from '../../../../../src/contracts/users.js';
import { apiRequest, readToken } from '../../../lib/api-client';

export type CurrentUserResponse = Static<(typeof getCurrentUserRoute)['schema']['response'][200]>;

export function fetchCurrentUser(token?: string): Promise<CurrentUserResponse> {
  return apiRequest<CurrentUserResponse>('GET', '/auth/user', token === undefined ? {} : { token });
}

export function useCurrentUser() {
  return useQuery({
    queryKey: ['current-user', readToken()],
    queryFn: () => fetchCurrentUser(),
    enabled: readToken() !== null,
  });
}
