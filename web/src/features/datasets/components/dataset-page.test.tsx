import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { DatasetPage } from './dataset-page';

// Issue 15 item 12: creating a label that already exists says so instead of a silent no-op upsert.

let writes: unknown[] = [];

function fakeApi() {
  return vi.fn(async (url: string, init?: RequestInit) => {
    if (init?.method === 'PUT') {
      writes.push(JSON.parse(init.body as string));
      return new Response('{"status":"ok"}', { status: 200 });
    }
    return new Response(
      JSON.stringify({
        status: 'ok',
        dataset: {
          id: '0123456789abcdef',
          owner: 'acme',
          name: 'support',
          title: '',
          description: '',
          model_family: 'english',
          source_ids: [],
          has_sentiment: false,
          label_defs: [{ name: 'Order' }, { name: 'Order > Cancel' }],
          label_groups: [],
        },
      }),
      { status: url.endsWith('/api/v1/datasets/acme/support') ? 200 : 404 },
    );
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
  writes = [];
});

describe('Taxonomy: new label', () => {
  it('says that a label exists instead of creating it again, and creates a new one', async () => {
    vi.stubGlobal('fetch', fakeApi());
    const router = createMemoryRouter(
      [{ path: '/datasets/:project/:dataset', element: <DatasetPage /> }],
      { initialEntries: ['/datasets/acme/support'] },
    );
    render(
      <QueryClientProvider client={new QueryClient()}>
        <RouterProvider router={router} />
      </QueryClientProvider>,
    );
    const field = await screen.findByLabelText(/New label/);
    fireEvent.change(field, { target: { value: 'Order>Cancel ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create label' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The label “Order > Cancel” already exists.',
    );
    expect(writes).toEqual([]);

    fireEvent.change(field, { target: { value: 'Order > Refund' } });
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Create label' }));
    await waitFor(() => expect(writes).toEqual([{ label_defs: [{ name: 'Order > Refund' }] }]));
  });
});
