import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { ErrorBanner } from '../../../components/ui/error-banner';
import { Loading } from '../../../components/ui/loading';
import { apiRequest, storeToken } from '../../../lib/api-client';
import { useCurrentUser } from '../hooks/use-current-user';

/** The signed-in user and token regeneration (the old token stops working at once). */
export function AccountPage() {
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const [newToken, setNewToken] = useState<string | null>(null);
  const regenerate = useMutation({
    mutationFn: () => apiRequest<{ token: string }>('POST', '/auth/api-token', { body: {} }),
    onSuccess: ({ token }) => {
      storeToken(token);
      setNewToken(token);
      void queryClient.invalidateQueries();
    },
  });

  return (
    <main>
      <h1>Account</h1>
      {user.isPending && <Loading />}
      <ErrorBanner error={user.error} />
      {user.data !== undefined && (
        <dl className="facts">
          <dt>Username</dt>
          <dd>{user.data.user.username}</dd>
          <dt>Email</dt>
          <dd>{user.data.user.email}</dd>
          <dt>User id</dt>
          <dd>
            <code>{user.data.user.id}</code>
          </dd>
        </dl>
      )}
      <button type="button" onClick={() => regenerate.mutate()} disabled={regenerate.isPending}>
        Regenerate token
      </button>
      <ErrorBanner error={regenerate.error} />
      {newToken !== null && (
        <p role="status">
          New token (shown once; this tab now uses it): <code>{newToken}</code>
        </p>
      )}
    </main>
  );
}
