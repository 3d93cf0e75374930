import { useQueryClient } from '@tanstack/react-query';
import { Navigate, NavLink, Outlet, useNavigate } from 'react-router';

import { readToken, storeToken } from '../lib/api-client';

const NAV = [
  { to: '/projects', label: 'Projects' },
  { to: '/datasets', label: 'Datasets' },
  { to: '/reports', label: 'Reports' },
  { to: '/streams', label: 'Streams' },
  { to: '/account', label: 'Account' },
] as const;

/** The signed-in frame: top navigation and the current page; without a token, the sign-in page. */
export function AppLayout() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  if (readToken() === null) {
    return <Navigate to="/sign-in" replace />;
  }
  function signOut() {
    storeToken(null);
    queryClient.clear();
    void navigate('/sign-in');
  }
  return (
    <div className="app">
      <header className="top-bar">
        <span className="brand">Sift</span>
        <nav aria-label="Main">
          {NAV.map((item) => (
            <NavLink key={item.to} to={item.to}>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <button type="button" className="link-button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <Outlet />
    </div>
  );
}
