import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN_TOKEN, startTestApp, type TestApp } from '../helpers/test-app.js';

/** Enough of RFC 4180 for these rows: quoted fields with doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index++;
    } else {
      field += char;
    }
  }
  return rows;
}

describe('dataset query as CSV (Accept: text/csv)', () => {
  let sift: TestApp;
  let sourceId: string;

  const csvQuery = (body: unknown, token = ADMIN_TOKEN, url = 'query') =>
    sift.app.inject({
      method: 'POST',
      url: `/api/_private/datasets/acme/claims/${url}`,
      headers: { authorization: `Bearer ${token}`, accept: 'text/csv' },
      payload: body as object,
    });

  beforeAll(async () => {
    sift = await startTestApp();
    await sift.call('PUT', '/api/_private/projects/acme', { body: { user_ids: [] } });
    sourceId = (
      (await sift.call('PUT', '/api/v1/sources/acme/inbox', { body: {} })).body['source'] as {
        id: string;
      }
    ).id;
    await sift.call('POST', '/api/v1/sources/acme/inbox/sync', {
      body: {
        comments: Array.from({ length: 5 }, (_, index) => ({
          id: `c${index}`,
          timestamp: `2025-01-0${index + 1}T00:00:00Z`,
          messages: [{ subject: { text: `Subject ${index}` }, body: { text: `body, "${index}"` } }],
        })),
      },
    });
    await sift.call('PUT', '/api/v1/datasets/acme/claims', {
      body: { dataset: { source_ids: [sourceId], label_defs: [{ name: 'Refund' }] } },
    });
    await sift.call('POST', `/api/_private/datasets/acme/claims/labellings/${sourceId}.c3`, {
      body: { labelling: [{ group: 'default', assigned: [{ name: 'Refund' }] }] },
    });
  });
  afterAll(async () => {
    await sift.close();
  });

  it('answers CSV rows of the page with the continuation in X-Continuation', async () => {
    const first = await csvQuery({ order: { kind: 'recent' }, limit: 3 });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(first.headers['server-timing']).toBeDefined();
    const rows = parseCsv(first.body);
    expect(rows[0]).toEqual([
      'uid',
      'source_id',
      'id',
      'timestamp',
      'subject',
      'body',
      'assigned_labels',
      'dismissed_labels',
      'predicted_labels',
      'Date',
      'Refund',
    ]);
    expect(rows.slice(1).map((row) => row[2])).toEqual(['c4', 'c3', 'c2']);
    expect(rows[2]).toEqual([
      `${sourceId}.c3`,
      sourceId,
      'c3',
      '2025-01-04T00:00:00.000000Z',
      'Subject 3',
      'body, "3"',
      'Refund',
      '',
      '',
      '2025-01-04T00:00:00.000000Z',
      '0',
    ]);
    const continuation = first.headers['x-continuation'];
    expect(typeof continuation).toBe('string');
    const second = await csvQuery({ order: { kind: 'recent' }, limit: 3, continuation });
    expect(
      parseCsv(second.body)
        .slice(1)
        .map((row) => row[2]),
    ).toEqual(['c1', 'c0']);
    expect(second.headers['x-continuation']).toBeUndefined();

    const json = await sift.call('POST', '/api/_private/datasets/acme/claims/query', {
      body: { order: { kind: 'recent' }, limit: 3 },
    });
    expect((json.body['results'] as unknown[]).length).toBe(3);
  });

  it('needs datasets-export for CSV and answers errors as the JSON envelope', async () => {
    const user = await sift.call('PUT', '/api/_private/users', {
      body: {
        user: {
          username: 'viewer',
          email: 'viewer@acme.example',
          organisation_permissions: { acme: ['voc-readonly', 'sources-read'] },
        },
      },
    });
    const token = (
      await sift.call(
        'POST',
        `/api/_private/users/${(user.body['user'] as { id: string }).id}/api-token`,
        { body: {} },
      )
    ).body['token'] as string;
    const denied = await csvQuery({ order: { kind: 'recent' } }, token);
    expect(denied.statusCode).toBe(403);
    expect(JSON.parse(denied.body)).toMatchObject({ status: 'error' });
    expect(denied.body).toContain('datasets-export');
    const allowed = await sift.call('POST', '/api/_private/datasets/acme/claims/query', {
      token,
      body: { order: { kind: 'recent' } },
    });
    expect(allowed.statusCode).toBe(200);

    const bad = await csvQuery({ order: { kind: 'sample' } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ status: 'error' });
  });
});
