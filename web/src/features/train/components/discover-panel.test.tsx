import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { DiscoverPanel } from './discover-panel';

type Stored = { assigned: { name: string; sentiment: string; metadata?: unknown }[] };

/**
 * A fake Sift API over one cluster of 11 members: 2 representatives (m9, m10) and 9 others. The
 * labellings routes keep state, so a test sees what the panel wrote and what Undo restored.
 */
function fakeApi(initial: Record<string, Stored> = {}) {
  const members = Array.from({ length: 11 }, (_, i) => `src.m${i}`);
  const labellings = new Map<string, Stored>(Object.entries(initial));
  const posts: { uid: string; body: unknown }[] = [];
  const comment = (uid: string) => ({
    uid,
    id: uid.slice(4),
    source_id: '0123456789abcdef',
    timestamp: '2026-01-01T00:00:00.000Z',
    created_at: '2026-01-01T00:00:00.000Z',
    messages: [{ body: { text: `text of ${uid}` } }],
    user_properties: {},
    attachments: [],
    has_annotations: false,
    thread_id: undefined,
  });
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    const { pathname, searchParams } = new URL(url, 'http://sift.test');
    const json = (body: unknown) =>
      new Response(JSON.stringify({ status: 'ok', ...(body as object) }), { status: 200 });
    if (pathname.endsWith('/themes')) {
      return json({
        theme_set: {
          trained_time: '2026-01-02T00:00:00.000Z',
          themes: [
            {
              id: 'aaaaaaaaaaaaaaaa',
              name: 'refund / money',
              keywords: ['refund', 'money'],
              size: members.length,
              theme_comments: [{ comment_uid: 'src.m9' }, { comment_uid: 'src.m10' }],
              comment_uids: members,
              suggested_labels: [],
              suggested_labels_reasoning: null,
            },
          ],
        },
        available_models: [],
      });
    }
    const post = /\/labellings\/([^/]+)$/.exec(pathname);
    if (post !== null && init.method === 'POST') {
      const uid = decodeURIComponent(post[1]!);
      const body = JSON.parse(init.body as string) as {
        labelling: { assigned: { name: string; sentiment?: string; metadata?: unknown }[] }[];
      };
      posts.push({ uid, body });
      labellings.set(uid, {
        assigned: body.labelling[0]!.assigned.map((l) => ({ sentiment: 'positive', ...l })),
      });
      return json({});
    }
    if (pathname.endsWith('/labellings')) {
      const uids = (searchParams.get('ids') ?? '').split(',');
      return json({
        results: uids.map((uid) => ({
          comment: comment(uid),
          labelling: [
            { group: 'default', assigned: labellings.get(uid)?.assigned ?? [], dismissed: [] },
          ],
        })),
        entity_defs: [],
      });
    }
    return new Response(JSON.stringify({ status: 'error', message: 'not found' }), {
      status: 404,
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { fetchMock, posts, labellings };
}

function renderPanel() {
  render(
    <QueryClientProvider
      client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
    >
      <DiscoverPanel project="p" dataset="d" labels={['Billing', 'Billing > Refund', 'Delivery']} />
    </QueryClientProvider>,
  );
}

const shownIds = () =>
  screen.getAllByRole('checkbox').map((box) => box.getAttribute('aria-label')!.split(' ')[2]);

async function openCluster() {
  renderPanel();
  fireEvent.click(await screen.findByRole('button', { name: 'Open cluster refund / money' }));
  await screen.findByRole('checkbox', { name: 'Tick comment m9' });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('DiscoverPanel', () => {
  it('shows the representatives first, then every member, in pages', async () => {
    fakeApi();
    await openCluster();
    expect(shownIds()).toEqual(['m9', 'm10', 'm0', 'm1', 'm2', 'm3', 'm4', 'm5']);
    expect(screen.getByText('text of src.m9')).toBeTruthy();
    expect(screen.getByText(/Page 1 of 2 · 11 comments/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(shownIds()).toEqual(['m6', 'm7', 'm8']));
  });

  it('starts with no label chosen and labels only the ticked comments', async () => {
    const api = fakeApi();
    await openCluster();
    const picker = screen.getByRole('combobox', { name: 'Label for the ticked comments' });
    expect((picker as HTMLSelectElement).value).toBe('');
    const apply = () => screen.getByRole('button', { name: /^Label \d+ ticked/ });
    expect(apply().hasAttribute('disabled')).toBe(true);

    fireEvent.click(screen.getByRole('checkbox', { name: 'Tick comment m10' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Tick comment m2' }));
    // Ticked but no label yet: still nothing to do.
    expect(apply().hasAttribute('disabled')).toBe(true);
    fireEvent.change(picker, { target: { value: 'Billing > Refund' } });
    expect(apply().textContent).toBe('Label 2 ticked comments');
    fireEvent.click(apply());

    expect(await screen.findByRole('status')).toHaveProperty(
      'textContent',
      'Labelled 2 comments with Billing > Refund.',
    );
    expect(api.posts.map((p) => p.uid)).toEqual(['src.m10', 'src.m2']);
    expect(api.posts[0]!.body).toEqual({
      labelling: [
        {
          group: 'default',
          assigned: [
            { name: 'Billing > Refund', metadata: { ui: { retrieval_method: 'clusters' } } },
          ],
          dismissed: [],
        },
      ],
    });
  });

  it('Undo restores what each comment held before the action', async () => {
    const api = fakeApi({
      'src.m0': {
        assigned: [
          { name: 'Delivery', sentiment: 'negative', metadata: { ui: { retrieval_method: 'x' } } },
        ],
      },
    });
    await openCluster();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Tick comment m0' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Tick comment m1' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Label for the ticked comments' }), {
      target: { value: 'Billing' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Label 2 ticked comments' }));
    await screen.findByText('Labelled 2 comments with Billing.');
    expect(api.labellings.get('src.m0')!.assigned.map((l) => l.name)).toEqual([
      'Delivery',
      'Billing',
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByText('Undone: removed Billing from 2 comments.');
    expect(api.labellings.get('src.m0')!.assigned).toEqual([
      { name: 'Delivery', sentiment: 'negative', metadata: { ui: { retrieval_method: 'x' } } },
    ]);
    expect(api.labellings.get('src.m1')!.assigned).toEqual([]);
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    // The list shows the restored state without a reload.
    const m0 = screen.getByRole('article', { name: 'Comment m0' });
    await waitFor(() =>
      expect(within(m0).getByLabelText('Assigned labels').textContent).toBe('Assigned:Delivery'),
    );
  });
});
