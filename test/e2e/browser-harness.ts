import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

export const CHROMIUM = '/usr/bin/chromium';
export const E2E_ADMIN_TOKEN = 'sift_e2e-admin-token-0123456789abcdef';

// stack.md §5.2 and the machine notes: without the background-networking flags Chromium keeps dialling
// Google hosts that this network refuses; --no-sandbox because tests run as root.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Runs in the page (as text: the test build has no DOM types). */
const CSP_VIOLATION_REPORTER = `document.addEventListener('securitypolicyviolation', (event) => {
  console.error('CSP violation: ' + event.violatedDirective + ' blocked ' + event.blockedURI);
});`;

export type E2eEnv = {
  server: ServerProcess;
  url: string;
  context: BrowserContext;
  /** Uncaught exceptions and console errors from every page opened through `openPage`. */
  pageErrors: string[];
  openPage(): Promise<Page>;
  /** An authenticated call to the API of the server under test; throws on a non-2xx answer. */
  api<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
};

/** A real Sift server process (API + worker + built UI) and a fresh headless Chromium profile. */
export async function startE2eEnv(env: Record<string, string> = {}): Promise<E2eEnv> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run scripts/bootstrap-test-env.sh (apt-get install chromium)`,
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'sift-e2e-data-'));
  const profileDir = mkdtempSync(join(tmpdir(), 'sift-e2e-chromium-'));
  const server = await startServerProcess(
    {
      SIFT_DATA_DIR: dataDir,
      SIFT_ADMIN_TOKEN: E2E_ADMIN_TOKEN,
      SIFT_WORKER: 'embedded',
      ...env,
      // The model loads and tsx compiles on a busy two-core machine; a slow start is not a failure.
    },
    90_000,
  );
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  const pageErrors: string[] = [];
  const url = server.url;

  return {
    server,
    url,
    context,
    pageErrors,
    async openPage() {
      const page = await context.newPage();
      // A blocked script, style or image reports a securitypolicyviolation event; surfaced as a
      // console error, it fails the test like any other page error (issue 20 #6).
      await page.addInitScript({ content: CSP_VIOLATION_REPORTER });
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      page.on('console', (message) => {
        // A refused API call is the UI's to report (role=alert); the browser's own network line is noise.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
          pageErrors.push(`${page.url()}: console: ${message.text()}`);
        }
      });
      return page;
    },
    async api<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${E2E_ADMIN_TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) {
        throw new Error(`${method} ${path} → ${response.status} ${text}`);
      }
      return JSON.parse(text) as T;
    },
    async close() {
      await context.close().catch(() => undefined);
      await server.stop();
      rmSync(profileDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in the way a user does: the token in the password field, submitted with Enter. */
export async function signIn(page: Page, baseUrl: string, path = '/'): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  const token = page.getByLabel('API token');
  await token.fill(E2E_ADMIN_TOKEN);
  await token.press('Enter');
}
