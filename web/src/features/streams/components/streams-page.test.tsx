import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { StreamsPage } from './streams-page';

const stream = {
  id: '00000000000000aa',
  dataset_id: '00000000000000bb',
  name: 'alerts',
  title: '',
  description: '',
  created_at: '2026-03-01T09:30:00.000Z',
  updated_at: '2026-03-01T09:30:00.000Z',
  context: 'c1',
  comment_filter: {},
  model: { version: 2, label_thresholds: [{ name: ['Billing'], threshold: 0.4 }] },
  label_threshold_filter: null,
};

const metrics = {
  thresholds: [0.9, 0.7, 0.5, 0.2],
  precisions: [1, 0.8, 0.6, 0.4],
  recalls: [0.25, 0.5, 0.75, 1],
  average_precision: 0.7,
  optimal_thresholds: { high_precision: 0.9, balanced: 0.7, high_recall: 0.2 },
  reviewed_size: 40,
  health: {},
};

const resultsItem = {
  comment: {
    uid: 'src.c1',
    id: 'c1',
    source_id: '00000000000000cc',
    timestamp: '2026-03-02T00:00:00.000Z',
    created_at: '2026-03-02T10:00:00.000Z',
    messages: [{ subject: { text: 'Refund please' }, body: { text: 'I was charged twice.' } }],
    user_properties: {},
  },
  prediction: {
    taxonomies: [
      {
        name: 'default',
        labels: [
          {
            name: 'Billing',
            occurrence_confidence: { value: 0.83, thresholds: ['stream', 'balanced'] },
            extraction_confidence: { value: 1, thresholds: [] },
            fields: [],
          },
        ],
        general_fields: [],
      },
    ],
    scores: [],
  },
  continuation: 'tok-1',
};

type Call = { method: string; path: string; body: unknown };

function fakeApi() {
  const calls: Call[] = [];
  const streams: (typeof stream)[] = [stream];
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    const { pathname } = new URL(url, 'http://sift.test');
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    calls.push({ method, path: pathname, body });
    const ok = (payload: object) =>
      new Response(JSON.stringify({ status: 'ok', ...payload }), { status: 200 });
    const base = '/api/v1/datasets/p/d';
    if (pathname === `${base}/streams` && method === 'GET') {
      return ok({ streams });
    }
    if (pathname === `${base}/streams` && method === 'PUT') {
      const input = (body as { stream: { name: string } }).stream;
      const created = {
        ...stream,
        ...input,
        id: '00000000000000dd',
        created_at: '2026-03-05T08:00:00.000Z',
      };
      streams.push(created);
      return ok({ stream: created });
    }
    if (pathname === base) {
      return ok({
        dataset: { name: 'd', label_defs: [{ name: 'Billing' }, { name: 'Delivery' }] },
      });
    }
    if (pathname === '/api/_private/datasets/p/d/labellers') {
      return ok({ labellers: [{ version: 2 }] });
    }
    if (pathname.endsWith('/label-validation')) {
      return ok({ label_validation: metrics });
    }
    if (pathname === `${base}/streams/alerts/results`) {
      return ok({
        results: [resultsItem],
        num_filtered: 0,
        more_results: false,
        continuation: 'tok-b',
        model: null,
      });
    }
    if (pathname === `${base}/streams/alerts/reset`) {
      return ok({ sequence_id: 'tok-r', stream });
    }
    if (pathname === `${base}/streams/alerts` && method === 'POST') {
      return ok({ stream });
    }
    return new Response(JSON.stringify({ status: 'error', message: `no route ${pathname}` }), {
      status: 404,
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

function renderPage() {
  const router = createMemoryRouter(
    [{ path: '/datasets/:project/:dataset/streams', element: <StreamsPage /> }],
    { initialEntries: ['/datasets/p/d/streams'] },
  );
  render(
    <QueryClientProvider
      client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
    >
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

async function manage() {
  renderPage();
  fireEvent.click(await screen.findByRole('button', { name: 'Manage stream alerts' }));
  return screen.getByRole('region', { name: 'Stream alerts' });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('Streams page', () => {
  it('says a stream starts at its creation time and resets it to a chosen date', async () => {
    const calls = fakeApi();
    const details = await manage();
    expect(details.textContent).toMatch(/starts at its creation time/);
    const field = within(details).getByLabelText('Deliver comments created from');
    fireEvent.change(field, { target: { value: '2026-01-15T08:00' } });
    fireEvent.click(within(details).getByRole('button', { name: 'Reset to a date' }));
    await within(details).findByText(/Reset: the stream now delivers comments created from/);
    const reset = calls.find((c) => c.path.endsWith('/reset'));
    expect(reset?.method).toBe('POST');
    expect(reset?.body).toEqual({
      to_comment_created_at: new Date('2026-01-15T08:00').toISOString(),
    });
  });

  it('previews the next comments with their predictions without advancing the stream', async () => {
    const calls = fakeApi();
    const details = await manage();
    fireEvent.click(within(details).getByRole('button', { name: 'Preview next comments' }));
    const table = await within(details).findByRole('table', { name: /Next 1 comments/ });
    expect(within(table).getByText(/Refund please — I was charged twice\./)).toBeTruthy();
    expect(within(table).getByText(/✓ Billing 83%/)).toBeTruthy();
    fireEvent.click(within(details).getByRole('button', { name: 'Refresh preview' }));
    await waitFor(() =>
      expect(calls.filter((c) => c.path.endsWith('/results')).length).toBeGreaterThanOrEqual(3),
    );
    expect(calls.some((c) => /\/(advance|fetch)$/.test(c.path))).toBe(false);
  });

  it('edits an existing stream threshold on the PR curve and saves it', async () => {
    const calls = fakeApi();
    const details = await manage();
    const slider = await within(details).findByRole('slider', { name: 'Threshold' });
    expect(slider).toHaveProperty('value', '0.4');
    fireEvent.change(slider, { target: { value: '0.55' } });
    fireEvent.click(within(details).getByRole('button', { name: 'Save thresholds' }));
    await within(details).findByText('Thresholds saved.');
    const update = calls.find((c) => c.method === 'POST' && c.path.endsWith('/streams/alerts'));
    expect(update?.body).toEqual({
      stream: { model: { version: 2, label_thresholds: [{ name: ['Billing'], threshold: 0.55 }] } },
    });
  });

  it('creates a stream with the threshold the PR curve shows, and says where it starts', async () => {
    const calls = fakeApi();
    renderPage();
    fireEvent.change(await screen.findByLabelText('Stream name'), { target: { value: 'new-one' } });
    await screen.findByLabelText('Model version (pinned on creation)');
    fireEvent.click(screen.getByRole('checkbox', { name: /Delivery/ }));
    // The slider opens on the balanced threshold (0.7): that is what must be saved, untouched.
    await screen.findByRole('slider', { name: 'Threshold' });
    fireEvent.click(screen.getByRole('button', { name: 'Create stream' }));
    expect((await screen.findByRole('status')).textContent).toMatch(
      /Created stream new-one\. It starts at its creation time/,
    );
    const created = calls.find((c) => c.method === 'PUT');
    expect(created?.body).toEqual({
      stream: {
        name: 'new-one',
        title: '',
        model: { version: 2, label_thresholds: [{ name: ['Delivery'], threshold: 0.7 }] },
      },
    });
    // The new stream opens for managing, with its reset and preview.
    expect(await screen.findByRole('region', { name: 'Stream new-one' })).toBeTruthy();
  });
});
