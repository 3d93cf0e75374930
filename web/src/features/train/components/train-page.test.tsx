import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { TrainPage } from './train-page';

// Issue 15 item 9: the Train mode and label live in the URL, so a reload or a link (from Validation)
// opens the same queue.

const LABELS = ['Billing', 'Refund', 'Travel'];
let queries: { order: Record<string, unknown> }[] = [];

function fakeApi() {
  return vi.fn(async (input: string, init?: RequestInit) => {
    const url = input;
    const ok = (body: object) =>
      new Response(JSON.stringify({ status: 'ok', ...body }), { status: 200 });
    if (url.endsWith('/api/v1/datasets/acme/support')) {
      return ok({
        dataset: {
          id: '0123456789abcdef',
          owner: 'acme',
          name: 'support',
          has_sentiment: false,
          label_defs: LABELS.map((name) => ({ name })),
          label_groups: [],
        },
      });
    }
    if (url.includes('/labellers/status')) {
      return ok({ dataset_status: { latest_version: null } });
    }
    if (url.endsWith('/query')) {
      queries.push(JSON.parse(init?.body as string) as { order: Record<string, unknown> });
      return ok({ results: [] });
    }
    return new Response(JSON.stringify({ status: 'error', message: `404 ${url}` }), {
      status: 404,
    });
  });
}

function renderTrain(entry: string) {
  const router = createMemoryRouter(
    [{ path: '/datasets/:project/:dataset/train', element: <TrainPage /> }],
    { initialEntries: [entry] },
  );
  render(
    <QueryClientProvider
      client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
    >
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

afterEach(() => {
  vi.unstubAllGlobals();
  queries = [];
});

describe('Train page URL', () => {
  it('opens the mode and label the URL names', async () => {
    vi.stubGlobal('fetch', fakeApi());
    renderTrain('/datasets/acme/support/train?mode=check&label=Refund');
    expect(await screen.findByRole('tab', { name: 'Check label', selected: true })).toBeTruthy();
    await waitFor(() => expect(queries).toHaveLength(1));
    expect(queries[0]!.order).toEqual({ kind: 'check', label: 'Refund' });
    expect(screen.getByLabelText<HTMLSelectElement>('Label to train').value).toBe('Refund');
  });

  it('writes the chosen mode and label into the URL', async () => {
    vi.stubGlobal('fetch', fakeApi());
    const router = renderTrain('/datasets/acme/support/train');
    fireEvent.click(await screen.findByRole('tab', { name: 'Teach' }));
    const select = await screen.findByLabelText<HTMLSelectElement>('Label to train');
    await waitFor(() => expect(select.options).toHaveLength(3));
    fireEvent.change(select, { target: { value: 'Travel' } });
    await waitFor(() => expect(router.state.location.search).toBe('?mode=teach&label=Travel'));
    await waitFor(() =>
      expect(queries.at(-1)!.order).toEqual({ kind: 'learning', label: 'Travel' }),
    );
  });
});
