import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ValidationPage } from './validation-page';

// Issue 15 item 8: a label at 100 % average precision with 6 examples is red; the page says why, tells
// how many examples to add in one sentence, names factors and contributors in words, shows a mean
// average precision instead of "—", and its actions open Train in the right mode on the label.

const curve = {
  thresholds: [0.9, 0.5],
  precisions: [1, 1],
  recalls: [0.5, 1],
  average_precision: 1,
  optimal_thresholds: { high_precision: 0.9, balanced: 0.5, high_recall: 0.5 },
  reviewed_size: 6,
  health: {},
};

const summary = {
  version: 1,
  model_rating: {
    score: 41,
    quality: 'poor',
    needs_refinement: true,
    factors: [
      {
        kind: 'lowest_label_health',
        quality: 'poor',
        score: 21,
        dataset_actions: [],
        label_actions: [{ kind: 'correct_label', label: 'Refund' }],
        contributors: [
          { kind: 'lowest_labels_poor_ratio', value: 1 },
          { kind: 'lowest_labels_map', value: 0.42 },
        ],
      },
      {
        kind: 'biased',
        quality: 'average',
        score: 60,
        dataset_actions: ['shuffle'],
        label_actions: [],
        contributors: [{ kind: 'bias_model_score', value: null }],
      },
    ],
  },
  reviewed_size: 40,
  train_size: 40,
  test_size: 40,
  mean_average_precision_safe: null,
  labels: {
    Delivery: {
      train_size: 6,
      test_size: 6,
      reviewed_size: 6,
      average_precision: 1,
      optimal_thresholds: { high_precision: 0.9, balanced: 0.5, high_recall: 0.5 },
      health: {
        need_pinned: 19,
        need_pinned_increment: 5,
        smart: {
          score: 49,
          warnings: [{ kind: 'very_low_reviewed_comments' }],
          actions: [{ kind: 'teach_unreviewed' }],
        },
      },
    },
    Refund: {
      train_size: 34,
      test_size: 34,
      reviewed_size: 34,
      average_precision: 0.5,
      optimal_thresholds: { high_precision: 0.9, balanced: 0.5, high_recall: 0.5 },
      health: { smart: { score: 50, warnings: [], actions: [] } },
    },
  },
};

function fakeApi() {
  return vi.fn(async (url: string) => {
    const ok = (body: object) =>
      new Response(JSON.stringify({ status: 'ok', ...body }), { status: 200 });
    if (url.endsWith('/labellers')) {
      return ok({
        labellers: [{ version: 1, trained_time: '2026-12-01T00:00:00Z', pinned: false }],
      });
    }
    if (url.endsWith('/labellers/1/validation')) {
      return ok({ validation: summary });
    }
    if (url.endsWith('/label-validation')) {
      return ok({ label_validation: curve });
    }
    return new Response(JSON.stringify({ status: 'error', message: `404 ${url}` }), {
      status: 404,
    });
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('Validation in plain words', () => {
  it('explains the figures and links actions to Train', async () => {
    vi.stubGlobal('fetch', fakeApi());
    const router = createMemoryRouter(
      [
        { path: '/datasets/:project/:dataset/validation', element: <ValidationPage /> },
        { path: '/datasets/:project/:dataset/train', element: <h1>Train</h1> },
      ],
      { initialEntries: ['/datasets/acme/support/validation'] },
    );
    render(
      <QueryClientProvider
        client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
      >
        <RouterProvider router={router} />
      </QueryClientProvider>,
    );
    expect(
      await screen.findByText(/Its weakest factor, Underperforming labels, scores 21/),
    ).toBeTruthy();
    // Contributors in words, not `lowest_labels_poor_ratio`.
    expect(screen.getByText('Weakest labels in poor health: 100 %')).toBeTruthy();
    expect(
      screen.getByText('How alike reviewed and unreviewed comments are: not measured yet'),
    ).toBeTruthy();
    expect(screen.queryByText(/lowest_labels|_ratio/)).toBeNull();
    // The dataset figure instead of "—".
    expect(
      screen.getByText(/mean average precision 75\.0% \(over the 2 labels with a model\)/),
    ).toBeTruthy();
    // The red label at 100 % AP says why, in one sentence.
    const row = screen.getByRole('button', { name: 'Delivery' }).closest('tr')!;
    expect(within(row).getByText(/● red/)).toBeTruthy();
    expect(
      within(row).getByText(
        'Add 5 more examples (it has 6): too few examples to judge it (fewer than 10).',
      ),
    ).toBeTruthy();
    // Actions are links that open Train in the right mode on the label.
    expect(
      screen
        .getByRole('link', { name: 'Refund: check its annotations for mistakes' })
        .getAttribute('href'),
    ).toBe('/datasets/acme/support/train?mode=check&label=Refund');
    expect(
      screen.getByRole('link', { name: 'Review comments in Shuffle' }).getAttribute('href'),
    ).toBe('/datasets/acme/support/train?mode=shuffle');
    fireEvent.click(
      within(row).getByRole('link', { name: 'Delivery: teach it on unreviewed comments' }),
    );
    expect(await screen.findByRole('heading', { name: 'Train' })).toBeTruthy();
    expect(router.state.location.search).toBe('?mode=teach&label=Delivery');
  });
});
