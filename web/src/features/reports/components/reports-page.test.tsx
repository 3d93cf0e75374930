import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ReportsPage } from './reports-page';

const INBOX = '00000000000000a1';

function volumeFor(body: { basis?: string }) {
  const reviewed = body.basis === 'reviewed';
  return {
    basis: body.basis ?? 'predicted',
    time_resolution: 'day',
    model_version: 3,
    num_comments: reviewed ? 2 : 40,
    num_reviewed: 2,
    labels: [
      { name: 'Billing', threshold: 0.62, threshold_kind: 'balanced', count: reviewed ? 1 : 25 },
      {
        name: 'Delivery, late',
        threshold: 0.5,
        threshold_kind: 'default',
        count: reviewed ? 1 : 9,
      },
    ],
    periods: [
      {
        period: '2025-01-06',
        num_comments: reviewed ? 2 : 30,
        num_reviewed: 2,
        label_counts: [
          { name: 'Billing', count: reviewed ? 1 : 20 },
          { name: 'Delivery, late', count: reviewed ? 1 : 9 },
        ],
      },
      { period: '2025-01-07', num_comments: 0, num_reviewed: 0, label_counts: [] },
      {
        period: '2025-01-08',
        num_comments: reviewed ? 0 : 10,
        num_reviewed: 0,
        label_counts: reviewed ? [] : [{ name: 'Billing', count: 5 }],
      },
    ],
  };
}

function fakeApi() {
  const volumeBodies: Record<string, unknown>[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const { pathname } = new URL(url, 'http://sift.test');
      const ok = (payload: object) =>
        new Response(JSON.stringify({ status: 'ok', ...payload }), { status: 200 });
      if (pathname === '/api/v1/datasets/p/d') {
        return ok({ dataset: { name: 'd', source_ids: [INBOX], has_sentiment: false } });
      }
      if (pathname === '/api/v1/sources') {
        return ok({
          sources: [
            { id: INBOX, owner: 'p', name: 'inbox' },
            { id: '00000000000000ff', owner: 'p', name: 'elsewhere' },
          ],
        });
      }
      if (pathname === '/api/_private/datasets/p/d/label-volume') {
        const body = JSON.parse(init.body as string) as Record<string, unknown>;
        volumeBodies.push(body);
        return ok({ label_volume: volumeFor(body) });
      }
      return new Response(JSON.stringify({ status: 'error', message: pathname }), {
        status: 404,
      });
    }),
  );
  return volumeBodies;
}

function renderPage() {
  const router = createMemoryRouter(
    [{ path: '/datasets/:project/:dataset/reports', element: <ReportsPage /> }],
    { initialEntries: ['/datasets/p/d/reports'] },
  );
  render(
    <QueryClientProvider
      client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
    >
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('Reports page', () => {
  it('reports predicted label volume over every comment as bars on a date axis', async () => {
    const bodies = fakeApi();
    renderPage();
    expect(
      await screen.findByText(/40 comments in range\. 2 reviewed count by their labels/),
    ).toBeTruthy();
    expect(bodies[0]).toEqual({ basis: 'predicted', time_resolution: 'day' });
    const table = screen.getByRole('table', { name: 'Label counts' });
    const billing = within(table).getByText('Billing').closest('tr')!;
    expect(billing.textContent).toBe('Billing2562.5%0.62');
    expect(within(table).getByText(/0\.50 \(default: too few examples\)/)).toBeTruthy();
    const chart = screen.getByRole('figure', { name: 'Label volume' });
    // The two busiest labels are the chart's series, drawn as bars, never as a smoothed line.
    expect(
      [...chart.querySelectorAll('.recharts-legend-item-text')].map((item) => item.textContent),
    ).toEqual(['Billing', 'Delivery, late']);
    expect(chart.querySelector('.recharts-line')).toBeNull();
  });

  it('switches to reviewed comments only and filters by source and dates', async () => {
    const bodies = fakeApi();
    renderPage();
    await screen.findByText(/40 comments in range/);
    fireEvent.click(screen.getByRole('radio', { name: 'Reviewed comments only' }));
    expect(await screen.findByText(/2 reviewed comments in range/)).toBeTruthy();
    // The dataset's sources only.
    const sourcePicker = screen.getByRole('combobox', { name: 'Source' });
    expect(
      within(sourcePicker)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['All sources', 'p/inbox']);
    fireEvent.change(sourcePicker, { target: { value: INBOX } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2025-01-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2025-01-31' } });
    await waitFor(() =>
      expect(bodies.at(-1)).toEqual({
        basis: 'reviewed',
        time_resolution: 'day',
        source_ids: [INBOX],
        timestamp: { minimum: '2025-01-01', maximum: '2025-01-31' },
      }),
    );
  });

  it("downloads a chart's data as CSV", async () => {
    fakeApi();
    const blobs: Blob[] = [];
    const names: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:report';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      names.push(this.download);
    });
    renderPage();
    await screen.findByText(/40 comments in range/);
    fireEvent.click(screen.getByRole('button', { name: 'Download CSV: Label volume' }));
    expect(names).toEqual(['p-d-predicted-day-label-volume.csv']);
    expect(await blobs[0]!.text()).toBe(
      'period_start,Billing,"Delivery, late"\r\n' +
        '2025-01-06,20,9\r\n' +
        '2025-01-07,0,0\r\n' +
        '2025-01-08,5,0\r\n',
    );
  });
});
