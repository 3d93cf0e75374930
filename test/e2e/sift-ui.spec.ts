import { readFileSync } from 'node:fs';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { signIn, startE2eEnv, type E2eEnv } from './browser-harness.js';

// Issue #7 acceptance in a real browser: the built UI served by a real `sift server` process, driven
// by keyboard and accessible names only (web/README.md is the selector contract).

type Utterance = { id: string; text: string; label: string; split: 'train' | 'test' };
type DatasetStatus = { training_complete: number | null; latest_version: number | null };

const LABELS = ['account_blocked', 'balance', 'bill_due'];
const utterances = readFileSync(
  new URL('../fixtures/clinc150-banking/utterances.jsonl', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Utterance)
  .filter((item) => LABELS.includes(item.label));
const labelOfText = new Map(utterances.map((item) => [item.text, item.label]));

const PROJECT = 'e2e';
const TEACH_DATASET = 'teach';
const VALIDATED_DATASET = 'validated';

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('Sift web UI in Chromium', () => {
  let e2e: E2eEnv;
  let sourceId: string;

  beforeAll(async () => {
    e2e = await startE2eEnv({ SIFT_TRAIN_DEBOUNCE_MS: '300' });
    await e2e.api('PUT', `/api/_private/projects/${PROJECT}`, { user_ids: [] });
    const source = await e2e.api<{ source: { id: string } }>(
      'PUT',
      `/api/v1/sources/${PROJECT}/chat`,
      { source: {} },
    );
    sourceId = source.source.id;
    const day = 86_400_000;
    const start = Date.UTC(2026, 9, 1);
    await e2e.api('POST', `/api/v1/sources/${PROJECT}/chat/sync`, {
      comments: utterances.map((item, index) => ({
        id: item.id,
        timestamp: new Date(start + (index % 20) * day).toISOString(),
        messages: [{ body: { text: item.text } }],
      })),
    });
    for (const name of [TEACH_DATASET, VALIDATED_DATASET]) {
      await e2e.api('PUT', `/api/v1/datasets/${PROJECT}/${name}`, {
        dataset: { source_ids: [sourceId], label_defs: LABELS.map((label) => ({ name: label })) },
      });
    }
    // The Validation page needs a model with enough reviewed examples; this one trains while the
    // first tests run.
    for (const item of utterances.filter((utterance) => utterance.split === 'train')) {
      await e2e.api(
        'POST',
        `/api/_private/datasets/${PROJECT}/${VALIDATED_DATASET}/labellings/${sourceId}.${item.id}`,
        {
          labelling: [
            {
              group: 'default',
              assigned: [{ name: item.label, metadata: { ui: { retrieval_method: 'shuffle' } } }],
            },
          ],
        },
      );
    }
  }, 150_000);

  afterEach(() => {
    expect(e2e.pageErrors, 'errors in the page').toEqual([]);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('signs in with the admin token and lands on the datasets', async () => {
    const page = await e2e.openPage();
    await page.goto(`${e2e.url}/`);
    await page.getByRole('heading', { name: 'Sign in to Sift' }).waitFor();
    expect(await page.locator('input[type=password][name=token]').count()).toBe(1);
    await signIn(page, e2e.url);
    await page.getByRole('heading', { level: 1, name: 'Datasets' }).waitFor();
    await page.getByRole('link', { name: `${PROJECT}/${TEACH_DATASET}` }).waitFor();
    const text = await page.locator('body').innerText();
    expect(text).toContain('Sift');
    expect(text).toContain(`${PROJECT}/${TEACH_DATASET}`);
    for (const link of ['Datasets', 'Reports', 'Streams', 'Account']) {
      expect(await page.getByRole('link', { name: link, exact: true }).count(), link).toBe(1);
    }
    await page.close();
  }, 30_000);

  it('annotates three comments in Teach by keyboard and shows the model version they train', async () => {
    const page = await e2e.openPage();
    await signIn(page, e2e.url);
    await page.getByRole('heading', { level: 1, name: 'Datasets' }).waitFor();
    await page.goto(`${e2e.url}/datasets/${PROJECT}/${TEACH_DATASET}/train`);
    await page.getByRole('heading', { level: 1, name: 'Train' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Model version' }).count()).toBe(0);
    await page.getByRole('tab', { name: 'Teach' }).click();
    expect(await page.getByRole('tab', { name: 'Teach' }).getAttribute('aria-selected')).toBe(
      'true',
    );

    // The clicked tab keeps the focus, and Enter on a focused button activates it (web/README.md):
    // click into the comment, as a reader does, so that the keys reach the annotation shortcuts.
    await page.locator('article.comment.current').click();
    const annotated: string[] = [];
    const writes: string[] = [];
    page.on('response', (response) => {
      if (response.request().method() !== 'GET') {
        writes.push(`${response.request().method()} ${response.url()} ${response.status()}`);
      }
    });
    for (let n = 0; n < 3; n += 1) {
      const card = page.locator('article.comment.current');
      await card.waitFor();
      const text = await card.innerText();
      const match = [...labelOfText.keys()].find((candidate) => text.includes(candidate));
      expect(match, `a fixture text in ${text}`).toBeDefined();
      expect(annotated).not.toContain(match);
      const label = labelOfText.get(match!)!;
      const panel = page.getByRole('complementary', { name: 'Annotation' });
      const button = panel.getByRole('button', { name: label, exact: true });
      const key = await button.getAttribute('aria-keyshortcuts');
      expect(key, `shortcut of ${label}`).toMatch(/^\S+$/);
      await page.keyboard.press(key!);
      expect(await button.getAttribute('aria-pressed')).toBe('true');
      await page.keyboard.press('Enter');
      annotated.push(match!);
      if (n < 2) {
        await waitFor(
          'the next comment',
          async () => ((await card.innerText()).includes(match!) ? null : true),
          10_000,
        ).catch(async (error: Error) => {
          throw new Error(
            `${error.message}; writes: ${writes.join(', ')}; page: ${await page.locator('body').innerText()}`,
          );
        });
      }
    }

    // The keyboard annotations reached the API with the labels chosen.
    const items = annotated.map((text) => utterances.find((utterance) => utterance.text === text)!);
    const query = items
      .map((item) => `id=${encodeURIComponent(`${sourceId}.${item.id}`)}`)
      .join('&');
    const saved = await e2e.api<{
      results: { comment: { id: string }; labelling?: { assigned: { name: string }[] }[] }[];
    }>('GET', `/api/_private/datasets/${PROJECT}/${TEACH_DATASET}/labellings?${query}`);
    expect(
      saved.results.map((result) => result.labelling?.[0]?.assigned.map((label) => label.name)),
    ).toEqual(items.map((item) => [item.label]));

    const status = page.getByRole('status').filter({ hasText: /Model version \d+/ });
    await status.waitFor({ timeout: 120_000 });
    expect(await status.innerText()).toMatch(/^Model version \d+$/);
    await page.close();
  }, 150_000);

  it('moves the Threshold slider on Validation and shows precision and recall change', async () => {
    await waitFor(
      'a model version of the validated dataset',
      async () => {
        const { dataset_status: status } = await e2e.api<{ dataset_status: DatasetStatus }>(
          'GET',
          `/api/_private/datasets/${PROJECT}/${VALIDATED_DATASET}/labellers/status`,
        );
        return status.training_complete === 1 && status.latest_version !== null ? true : null;
      },
      120_000,
    );
    const page = await e2e.openPage();
    await signIn(page, e2e.url);
    await page.getByRole('heading', { level: 1, name: 'Datasets' }).waitFor();
    await page.goto(`${e2e.url}/datasets/${PROJECT}/${VALIDATED_DATASET}/validation`);
    await page.getByRole('heading', { level: 1, name: 'Validation' }).waitFor();
    await page.getByRole('heading', { name: /^Model Rating: \d+/ }).waitFor({ timeout: 30_000 });
    const slider = page.getByRole('slider', { name: 'Threshold' }).first();
    await slider.waitFor({ timeout: 30_000 });
    const readout = page.getByText(/^At threshold \d\.\d\d: precision/).first();
    const before = await readout.innerText();
    await slider.focus();
    await slider.press('End');
    await waitFor(
      'the readout to follow the slider',
      async () => {
        const now = await readout.innerText();
        return now.startsWith('At threshold 1.00:') ? now : null;
      },
      5_000,
    );
    const atOne = await readout.innerText();
    // No probability reaches 1: at the top of the scale recall falls from the balanced threshold's.
    expect(atOne).toMatch(/precision .*, recall \d/);
    expect(atOne.split(':')[1]).not.toBe(before.split(':')[1]);
    await page.close();
  }, 180_000);

  it('opens Reports from the navigation and shows the volume of a dataset', async () => {
    const page = await e2e.openPage();
    await signIn(page, e2e.url);
    await page.getByRole('heading', { level: 1, name: 'Datasets' }).waitFor();
    await page.getByRole('link', { name: 'Reports', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    await page.getByRole('combobox', { name: 'Dataset' }).selectOption({
      label: `${PROJECT}/${VALIDATED_DATASET}`,
    });
    await page.getByText(`${utterances.length} comments in range.`).waitFor();
    await page.getByRole('heading', { name: 'Message volume' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/datasets/${PROJECT}/${VALIDATED_DATASET}/reports`);
    await page.close();
  }, 30_000);
});
