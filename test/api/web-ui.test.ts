import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN_TOKEN, startTestApp, type TestApp } from '../helpers/test-app.js';

// The server side of the web UI: a built SPA at `/`, client-side routes falling back to index.html,
// and the API's JSON 404s untouched by it.

const INDEX_HTML = '<!doctype html><html><body><div id="root"></div>Sift UI build</body></html>';
const ASSET = 'console.log("sift");';
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('web UI, built', () => {
  let dist: string;
  let sift: TestApp;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'sift-web-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX_HTML);
    writeFileSync(join(dist, 'assets', 'index-Ab12Cd34.js'), ASSET);
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    sift = await startTestApp({}, { webDistDir: dist });
  });
  afterAll(async () => {
    await sift.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / with no-cache so a new build is picked up', async () => {
    const response = await sift.app.inject({ method: 'GET', url: '/', headers: HTML });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toBe(INDEX_HTML);
  });

  it('sends security headers with the page, the API and its refusals (issue 20 #6)', async () => {
    const page = await sift.app.inject({ method: 'GET', url: '/', headers: HTML });
    const api = await sift.app.inject({
      method: 'GET',
      url: '/api/v1/projects',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const refused = await sift.app.inject({ method: 'GET', url: '/api/v1/projects' });
    expect(refused.statusCode).toBe(401);
    for (const response of [page, api, refused]) {
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('serves hashed assets as immutable and other files revalidated', async () => {
    const asset = await sift.app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.body).toBe(ASSET);
    const icon = await sift.app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('falls back to index.html for client-side routes navigated to in a browser', async () => {
    for (const url of ['/datasets', '/datasets/acme/support/train', '/account?tab=token']) {
      const response = await sift.app.inject({ method: 'GET', url, headers: HTML });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/^text\/html/);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.body, url).toBe(INDEX_HTML);
    }
  });

  it('keeps JSON 404 envelopes for the API, missing assets and non-HTML requests', async () => {
    const cases: {
      method: 'GET' | 'POST' | 'DELETE';
      url: string;
      headers?: Record<string, string>;
    }[] = [
      { method: 'GET', url: '/api/v1/no-such-route', headers: HTML },
      { method: 'GET', url: '/api', headers: HTML },
      { method: 'GET', url: '/assets/index-missing.js', headers: HTML },
      // A script tag asks for `*/*`: a chunk gone after a rebuild must not come back as HTML.
      { method: 'GET', url: '/assets/chunk-gone.js', headers: { accept: '*/*' } },
      { method: 'GET', url: '/datasets', headers: { accept: 'application/json' } },
      { method: 'POST', url: '/datasets', headers: HTML },
      { method: 'DELETE', url: '/', headers: HTML },
    ];
    for (const { method, url, headers } of cases) {
      const response = await sift.app.inject({
        method,
        url,
        headers: { ...headers, authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.headers['content-type'], `${method} ${url}`).toMatch(/^application\/json/);
      expect(response.json(), `${method} ${url}`).toEqual({
        status: 'error',
        message: '404 Not Found',
      });
    }
  });

  it('leaves the API routes and their authentication as they were', async () => {
    const projects = await sift.call('GET', '/api/v1/projects');
    expect(projects.statusCode).toBe(200);
    const anonymous = await sift.call('GET', '/api/v1/projects', { token: null });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('web UI, not built', () => {
  let sift: TestApp;
  let empty: string;

  beforeAll(async () => {
    empty = mkdtempSync(join(tmpdir(), 'sift-web-missing-'));
    sift = await startTestApp({}, { webDistDir: join(empty, 'dist') });
  });
  afterAll(async () => {
    await sift.close();
    rmSync(empty, { recursive: true, force: true });
  });

  it('answers / with a 503 page that says how to build the UI', async () => {
    const page = await sift.app.inject({ method: 'GET', url: '/', headers: HTML });
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('npm run build:web');
    const nested = await sift.app.inject({ method: 'GET', url: '/datasets/a/b', headers: HTML });
    expect(nested.statusCode).toBe(503);
    const json = await sift.app.inject({ method: 'GET', url: '/' });
    expect(json.statusCode).toBe(503);
    expect(json.json()).toEqual({
      status: 'error',
      message: expect.stringContaining('npm run build:web') as unknown,
    });
  });

  it('still serves the API and its JSON 404s', async () => {
    expect((await sift.call('GET', '/api/v1/projects')).statusCode).toBe(200);
    const missing = await sift.app.inject({ method: 'GET', url: '/api/v1/nope', headers: HTML });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ status: 'error', message: '404 Not Found' });
  });
});
