import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';

import { ErrorBanner } from '../../../components/ui/error-banner';
import { Loading } from '../../../components/ui/loading';
import { storeToken } from '../../../lib/api-client';
import { fetchCurrentUser } from '../hooks/use-current-user';

/** Asks for an API token, checks it against GET /auth/user and keeps it for this browser tab only. */
export function SignInPage() {
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [checking, setChecking] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  async function signIn(event: FormEvent) {
    event.preventDefault();
    const candidate = token.trim();
    if (candidate === '') {
      setError(new Error('Enter an API token.'));
      return;
    }
    setChecking(true);
    setError(null);
    try {
      await fetchCurrentUser(candidate);
      storeToken(candidate);
      queryClient.clear();
      await navigate('/datasets');
    } catch (caught) {
      setError(caught);
    } finally {
      setChecking(false);
    }
  }

  return (
    <main className="sign-in">
      <h1>Sign in to Sift</h1>
      <form onSubmit={(event) => void signIn(event)}>
        <label htmlFor="sign-in-token">API token</label>
        <input
          id="sign-in-token"
          type="password"
          name="token"
          autoComplete="current-password"
          value={token}
          onChange={(event) => setToken(event.target.value)}
          autoFocus
        />
        <button type="submit" disabled={checking}>
          Sign in
        </button>
      </form>
      {checking && <Loading label="Checking token…" />}
      <ErrorBanner error={error} />
    </main>
  );
}
