import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { SignInPage } from './sign-in-page';

function renderSignIn() {
  const router = createMemoryRouter(
    [
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/datasets', element: <h1>Datasets</h1> },
    ],
    { initialEntries: ['/sign-in'] },
  );
  render(
    <QueryClientProvider client={new QueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

function respond(status: number, body: unknown) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status }));
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('sign-in flow', () => {
  it('checks the token against /auth/user, keeps it in sessionStorage and opens Datasets', async () => {
    const fetchMock = respond(200, {
      status: 'ok',
      user: { id: '0123456789abcdef', username: 'ada', email: 'ada@example.com' },
    });
    vi.stubGlobal('fetch', fetchMock);
    const router = renderSignIn();
    const field = screen.getByLabelText('API token');
    expect(field.getAttribute('type')).toBe('password');
    fireEvent.change(field, { target: { value: ' secret-token ' } });
    fireEvent.submit(field.closest('form')!);
    expect(await screen.findByRole('heading', { name: 'Datasets' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/datasets');
    expect(sessionStorage.getItem('sift.token')).toBe('secret-token');
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/auth/user');
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer secret-token');
  });

  it("shows the API's error message and stores nothing when the token is refused", async () => {
    vi.stubGlobal(
      'fetch',
      respond(401, { status: 'error', message: 'The API token is not valid.' }),
    );
    renderSignIn();
    const field = screen.getByLabelText('API token');
    fireEvent.change(field, { target: { value: 'wrong' } });
    fireEvent.submit(field.closest('form')!);
    expect((await screen.findByRole('alert')).textContent).toContain('The API token is not valid.');
    expect(sessionStorage.getItem('sift.token')).toBeNull();
    expect(screen.getByRole('heading', { name: 'Sign in to Sift' })).toBeTruthy();
  });

  it('asks for a token instead of calling the API with an empty one', async () => {
    const fetchMock = respond(200, {});
    vi.stubGlobal('fetch', fetchMock);
    renderSignIn();
    fireEvent.submit(screen.getByLabelText('API token').closest('form')!);
    expect((await screen.findByRole('alert')).textContent).toContain('Enter an API token.');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
