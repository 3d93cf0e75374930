import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';

import { ApiError, storeToken } from './lib/api-client';
import { createAppRouter } from './routes';
import './styles.css';

/** A 401 means the token was revoked or regenerated elsewhere: forget it and ask for a new one. */
function signOutOnUnauthorized(error: Error) {
  if (
    error instanceof ApiError &&
    error.httpStatus === 401 &&
    window.location.pathname !== '/sign-in'
  ) {
    storeToken(null);
    window.location.assign('/sign-in');
  }
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: signOutOnUnauthorized }),
  mutationCache: new MutationCache({ onError: signOutOnUnauthorized }),
  defaultOptions: {
    queries: {
      // A 4xx will not change on retry; network blips and 5xx get one more try.
      retry: (failures, error) =>
        failures < 1 &&
        !(error instanceof ApiError && error.httpStatus >= 400 && error.httpStatus < 500),
      refetchOnWindowFocus: false,
    },
  },
});

const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={createAppRouter()} />
      </QueryClientProvider>
    </StrictMode>,
  );
}
