import { readFileSync } from 'node:fs';

import { afterAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../helpers/test-app.js';

// Issue #5 acceptance, through the API only: CLINC150 banking + travel intents, 5 annotated per intent
// and one deliberately wrong annotation; every training-mode order, keyword search, Discover themes and
// the Model Rating factors.

type Utterance = { id: string; text: string; label: string; split: 'train' | 'test' };
type Result = {
  comment: { uid: string; messages: { body: { text: string } }[] };
  labelling?: { assigned?: unknown[]; predicted?: { name: string[]; probability: number }[] }[];
};

const read = (name: string) =>
  readFileSync(new URL(`../fixtures/${name}/utterances.jsonl`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Utterance);
const utterances = [...read('clinc150-banking'), ...read('clinc150-travel')];
const BASE = '/api/_private/datasets/al/intents';

describe('active learning acceptance: CLINC150 banking + travel, 5 shots per intent', () => {
  let sift: TestApp | undefined;

  afterAll(async () => {
    await sift?.close();
  });

  it('serves every training mode, search and themes from a model trained on 150 annotations', async () => {
    sift = await startTestApp({ SIFT_TRAIN_DEBOUNCE_MS: '200', SIFT_THEMES_INTERVAL_MS: '0' });
    const app = sift;
    const ok = async (method: string, url: string, body?: unknown) => {
      const response = await app.call(method, url, body === undefined ? {} : { body });
      expect(response.statusCode, `${method} ${url}: ${response.body.message}`).toBe(200);
      return response.body;
    };
    await ok('PUT', '/api/_private/projects/al', { user_ids: [] });
    const source = await ok('PUT', '/api/v1/sources/al/chat', { source: {} });
    const sourceId = (source['source'] as { id: string }).id;
    await ok('POST', '/api/v1/sources/al/chat/sync', {
      comments: utterances.map((item) => ({
        id: item.id,
        timestamp: '2022-03-15T09:00:00Z',
        messages: [{ body: { text: item.text } }],
      })),
    });
    const labels = [...new Set(utterances.map((item) => item.label))].sort();
    expect(labels).toHaveLength(30);
    await ok('PUT', '/api/v1/datasets/al/intents', {
      dataset: { source_ids: [sourceId], label_defs: labels.map((name) => ({ name })) },
    });
    const annotated = labels.flatMap((label) =>
      utterances.filter((item) => item.label === label && item.split === 'train').slice(0, 5),
    );
    // One deliberately wrong annotation: a money transfer request labelled as a flight booking.
    const wrong = annotated.find((item) => item.label === 'transfer')!;
    for (const item of annotated) {
      await ok('POST', `${BASE}/labellings/${sourceId}.${item.id}`, {
        labelling: [
          {
            group: 'default',
            assigned: [
              {
                name: item === wrong ? 'book_flight' : item.label,
                metadata: { ui: { retrieval_method: 'shuffle' } },
              },
            ],
          },
        ],
      });
    }
    app.startWorker();
    const deadline = Date.now() + 240_000;
    let version: number;
    for (;;) {
      const status = (await ok('GET', `${BASE}/labellers/status`))['dataset_status'] as {
        training_complete: number | null;
        inference_complete: number;
        latest_version: number | null;
      };
      const themes = (await ok('GET', `${BASE}/themes`))['theme_set'] as {
        trained_time: string;
      } | null;
      if (
        status.training_complete === 1 &&
        status.latest_version !== null &&
        status.inference_complete === 1 &&
        themes !== null
      ) {
        version = status.latest_version;
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(`not ready: ${JSON.stringify({ status, themes })}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const query = async (order: Record<string, unknown>, filter?: Record<string, unknown>) =>
      (await ok('POST', `${BASE}/query`, { order, limit: 20, ...(filter ? { filter } : {}) }))[
        'results'
      ] as Result[];
    const uids = (results: Result[]) => results.map((result) => result.comment.uid);

    const shuffled = await query({ kind: 'sample', seed: 42 });
    expect(shuffled).toHaveLength(20);
    expect(uids(await query({ kind: 'sample', seed: 42 }))).toEqual(uids(shuffled));
    expect(uids(await query({ kind: 'sample', seed: 43 }))).not.toEqual(uids(shuffled));

    const teach = await query({ kind: 'learning', label: 'transfer' });
    expect(teach).toHaveLength(20);
    const reviewed = new Set(annotated.map((item) => `${sourceId}.${item.id}`));
    for (const result of teach) {
      expect(reviewed.has(result.comment.uid)).toBe(false);
      const predicted = result.labelling?.flatMap((group) => group.predicted ?? []) ?? [];
      expect(predicted.length).toBeGreaterThan(0);
    }

    expect(await query({ kind: 'any_label_asc' })).toHaveLength(20);

    const check = await query({ kind: 'check' });
    expect(uids(check)).toContain(`${sourceId}.${wrong.id}`);

    const search = (await ok('POST', `${BASE}/query`, {
      order: { kind: 'text_search', query: 'transfer' },
      limit: 100,
    })) as unknown as { results: Result[] };
    expect(search.results.length).toBeGreaterThan(0);
    for (const result of search.results) {
      expect(result.comment.messages[0]!.body.text.toLowerCase()).toContain('transfer');
    }

    const themes = (await ok('GET', `${BASE}/themes`))['theme_set'] as {
      themes: { name: string; keywords: string[]; theme_comments: { comment_uid: string }[] }[];
    };
    expect(themes.themes.length).toBeGreaterThanOrEqual(10);
    for (const theme of themes.themes) {
      expect(theme.name).not.toBe('');
      expect(theme.theme_comments.length).toBeGreaterThan(0);
      for (const member of theme.theme_comments) {
        expect(reviewed.has(member.comment_uid)).toBe(false);
      }
    }

    const validation = (await ok('GET', `${BASE}/labellers/${version}/validation`))[
      'validation'
    ] as { model_rating: { factors: { name: string }[] } };
    expect(validation.model_rating.factors).toHaveLength(4);
  }, 300_000);
});
