import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { E2E_ADMIN_TOKEN, signIn, startE2eEnv, type E2eEnv } from './browser-harness.js';

// issue 20 #6 in a real browser: the built UI runs under Sift's Content-Security-Policy without a
// single violation on any page, and the API token stays out of localStorage.

const PROJECT = 'sec';
const DATASET = 'csp';

describe('Sift web UI under its Content-Security-Policy', () => {
  let e2e: E2eEnv;

  beforeAll(async () => {
    e2e = await startE2eEnv({ SIFT_WORKER: 'off' });
    await e2e.api('PUT', `/api/_private/projects/${PROJECT}`, { user_ids: [] });
    const source = await e2e.api<{ source: { id: string } }>(
      'PUT',
      `/api/v1/sources/${PROJECT}/chat`,
      { source: {} },
    );
    await e2e.api('POST', `/api/v1/sources/${PROJECT}/chat/sync`, {
      comments: ['my card was blocked', 'what is my balance', 'when is my bill due'].map(
        (text, index) => ({
          id: `c${index}`,
          timestamp: `2026-10-0${index + 1}T00:00:00Z`,
          messages: [{ body: { text } }],
        }),
      ),
    });
    await e2e.api('PUT', `/api/v1/datasets/${PROJECT}/${DATASET}`, {
      dataset: { source_ids: [source.source.id], label_defs: [{ name: 'card' }] },
    });
  }, 150_000);

  afterEach(() => {
    // Every console error, CSP violations included (browser-harness.ts), fails the test.
    expect(e2e.pageErrors, 'errors in the page').toEqual([]);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('serves the page with a CSP and runs every page without a violation', async () => {
    const page = await e2e.openPage();
    const document = await page.goto(`${e2e.url}/`);
    const headers = document!.headers();
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['x-frame-options']).toBe('DENY');
    await signIn(page, e2e.url);
    await page.getByRole('heading', { level: 1, name: 'Datasets' }).waitFor();
    for (const path of [
      `/datasets/${PROJECT}/${DATASET}`,
      `/datasets/${PROJECT}/${DATASET}/explore`,
      `/datasets/${PROJECT}/${DATASET}/train`,
      `/datasets/${PROJECT}/${DATASET}/validation`,
      `/datasets/${PROJECT}/${DATASET}/reports`,
      `/datasets/${PROJECT}/${DATASET}/streams`,
      '/reports',
      '/streams',
      '/account',
    ]) {
      await page.goto(`${e2e.url}${path}`);
      await page.waitForLoadState('networkidle');
      expect(await page.getByRole('heading', { level: 1 }).count(), path).toBeGreaterThan(0);
    }
    await page.close();
  }, 60_000);

  it('keeps the token in sessionStorage, never in localStorage or a cookie', async () => {
    const page = await e2e.openPage();
    await signIn(page, e2e.url);
    await page.getByRole('heading', { level: 1, name: 'Datasets' }).waitFor();
    // As text: the test build has no DOM types.
    const stored = await page.evaluate<{ local: string; session: string; cookie: string }>(
      '({ local: JSON.stringify({ ...localStorage }), session: JSON.stringify({ ...sessionStorage }), cookie: document.cookie })',
    );
    expect(stored.local).not.toContain(E2E_ADMIN_TOKEN);
    expect(stored.cookie).not.toContain(E2E_ADMIN_TOKEN);
    expect(stored.session).toContain(E2E_ADMIN_TOKEN);
    // A new tab (a new session) starts signed out.
    const other = await e2e.openPage();
    await other.goto(`${e2e.url}/datasets`);
    await other.getByRole('heading', { name: 'Sign in to Sift' }).waitFor();
    await other.close();
    await page.close();
  }, 60_000);
});
