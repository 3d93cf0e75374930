import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../helpers/test-app.js';

function comment(id: string, text: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    timestamp: '2025-01-15T08:30:00Z',
    messages: [{ body: { text }, from: 'ap@supplier.example', to: ['finance@acme.example'] }],
    user_properties: { 'string:Region': 'EMEA', 'number:Amount': 1250.5 },
    ...extra,
  };
}

describe('comments', () => {
  let sift: TestApp;
  let sourceId: string;
  const sync = async (comments: unknown[], url = '/api/v1/sources/acme/inbox/sync') =>
    sift.call('POST', url, { body: { comments } });

  beforeAll(async () => {
    sift = await startTestApp();
    await sift.call('PUT', '/api/_private/projects/acme', { body: { user_ids: [] } });
    const created = await sift.call('PUT', '/api/v1/sources/acme/inbox', { body: { source: {} } });
    sourceId = (created.body['source'] as { id: string }).id;
  });
  afterAll(async () => {
    await sift.close();
  });

  it('counts new, unchanged and updated comments on sync', async () => {
    const three = [comment('c1', 'one'), comment('c2', 'two'), comment('c3', 'three')];
    expect((await sync(three)).body).toMatchObject({ new: 3, updated: 0, unchanged: 0 });
    expect((await sync(three)).body).toMatchObject({ new: 0, updated: 0, unchanged: 3 });
    const reordered = three.map((c) => ({
      ...c,
      user_properties: { 'number:Amount': 1250.5, 'string:Region': 'EMEA' },
    }));
    expect((await sync(reordered)).body).toMatchObject({ unchanged: 3 });
    const changed = await sync([comment('c1', 'one, edited'), three[1], three[2]]);
    expect(changed.body).toEqual({
      status: 'ok',
      new: 0,
      updated: 1,
      unchanged: 2,
      updated_properties_only: 0,
      updated_text_changed: 1,
    });
    const propertiesOnly = await sync([
      comment('c2', 'two', { user_properties: { 'string:Region': 'APAC' } }),
    ]);
    expect(propertiesOnly.body).toMatchObject({
      updated: 1,
      updated_properties_only: 1,
      updated_text_changed: 0,
    });
  });

  it('compares a repeated id with its earlier occurrence in the same request', async () => {
    const result = await sync([comment('r1', 'a'), comment('r1', 'a'), comment('r1', 'b')]);
    expect(result.body).toMatchObject({ new: 1, unchanged: 1, updated: 1 });
    const stored = await sift.call('GET', '/api/v1/sources/acme/inbox/comments/r1');
    expect(
      (stored.body['comment'] as { messages: { body: { text: string } }[] }).messages[0]?.body.text,
    ).toBe('b');
  });

  it('returns a comment with its uid, typed properties and messages exactly as sent', async () => {
    const got = await sift.call('GET', '/api/v1/sources/acme/inbox/comments/c3');
    expect(got.body['comment']).toEqual({
      uid: `${sourceId}.c3`,
      id: 'c3',
      source_id: sourceId,
      timestamp: '2025-01-15T08:30:00.000000Z',
      messages: [
        { body: { text: 'three' }, from: 'ap@supplier.example', to: ['finance@acme.example'] },
      ],
      user_properties: { 'string:Region': 'EMEA', 'number:Amount': 1250.5 },
      attachments: [],
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/) as unknown,
      last_modified: expect.any(String) as unknown,
      context: expect.any(String) as unknown,
      has_annotations: false,
    });
    const byId = await sift.call('GET', `/api/v1/sources/id:${sourceId}/comments/c3`);
    expect(byId.statusCode).toBe(404);
  });

  it('rejects a batch with one bad comment and writes none of it', async () => {
    const bad = await sync([
      comment('ok-1', 'fine'),
      { ...comment('bad-1', 'x'), timestamp: 'yesterday' },
    ]);
    expect(bad.statusCode).toBe(400);
    expect(bad.body.message).toBe('comments[1].timestamp: expected an RFC 3339 timestamp');
    expect((await sift.call('GET', '/api/v1/sources/acme/inbox/comments/ok-1')).statusCode).toBe(
      404,
    );

    const badProperty = await sync([comment('p1', 'x', { user_properties: { Region: 'EMEA' } })]);
    expect(badProperty.statusCode).toBe(400);
    expect(badProperty.body.message).toContain('comments[0].user_properties.Region');
    const wrongType = await sync([
      comment('p2', 'x', { user_properties: { 'number:Amount': '12' } }),
    ]);
    expect(wrongType.statusCode).toBe(400);
    const noMessages = await sync([{ id: 'm', timestamp: '2025-01-01T00:00:00Z', messages: [] }]);
    expect(noMessages.statusCode).toBe(400);
    expect(noMessages.body.message).toContain('comments[0].messages');
  });

  it('refuses more than 16384 comments in one request', async () => {
    const many = Array.from({ length: 16_385 }, (_, index) => comment(`big-${index}`, 'x'));
    const result = await sync(many);
    expect(result.statusCode).toBe(400);
    expect(result.body.message).toContain('16384');
    expect((await sift.call('GET', '/api/v1/sources/acme/inbox/comments/big-0')).statusCode).toBe(
      404,
    );
  });

  it('answers an empty sync with zero counts and writes nothing (re package upload)', async () => {
    const before = await sift.call('GET', `/api/v1/sources/acme/inbox`);
    const empty = await sync([]);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toEqual({
      status: 'ok',
      new: 0,
      updated: 0,
      unchanged: 0,
      updated_properties_only: 0,
      updated_text_changed: 0,
    });
    const after = await sift.call('GET', `/api/v1/sources/acme/inbox`);
    expect(after.body['source']).toEqual(before.body['source']);
    expect((await sync([], '/api/v1/sources/acme/missing/sync')).statusCode).toBe(404);
  });

  it('iterates a source in timestamp order with a continuation', async () => {
    await sift.call('PUT', '/api/v1/sources/acme/paged', { body: {} });
    const five = [5, 3, 1, 4, 2].map((day) => ({
      ...comment(`d${day}`, `day ${day}`),
      timestamp: `2025-02-0${day}T00:00:00Z`,
    }));
    await sync(five, '/api/v1/sources/acme/paged/sync');
    const seen: string[] = [];
    const tokens: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 5; page++) {
      const url = `/api/_private/sources/acme%2Fpaged/comments?limit=2${after ? `&after=${encodeURIComponent(after)}` : ''}`;
      const result = await sift.call('GET', url);
      seen.push(...(result.body['comments'] as { id: string }[]).map((c) => c.id));
      after = result.body['continuation'] as string | undefined;
      if (after === undefined) {
        break;
      }
      tokens.push(after);
    }
    expect(seen).toEqual(['d1', 'd2', 'd3', 'd4', 'd5']);
    expect(new Set(tokens).size).toBe(tokens.length);

    const descending = await sift.call(
      'GET',
      '/api/_private/sources/acme/paged/comments?direction=descending&from_timestamp=2025-02-02&to_timestamp=2025-02-04T00:00:00Z',
    );
    expect((descending.body['comments'] as { id: string }[]).map((c) => c.id)).toEqual([
      'd4',
      'd3',
      'd2',
    ]);
    const forged = await sift.call(
      'GET',
      '/api/_private/sources/acme/paged/comments?after=abc.def',
    );
    expect(forged.statusCode).toBe(400);
  });

  it('keeps iterating correctly while returned comments are deleted', async () => {
    const first = await sift.call('GET', '/api/_private/sources/acme/paged/comments?limit=2');
    const ids = (first.body['comments'] as { id: string }[]).map((c) => c.id);
    const deleted = await sift.call(
      'DELETE',
      `/api/v1/sources/acme/paged/comments?ids=${ids.join(',')}`,
    );
    expect(deleted.statusCode).toBe(200);
    const next = await sift.call(
      'GET',
      `/api/_private/sources/acme/paged/comments?limit=2&after=${encodeURIComponent(first.body['continuation'] as string)}`,
    );
    expect((next.body['comments'] as { id: string }[]).map((c) => c.id)).toEqual(['d3', 'd4']);
  });

  it('deletes comments by id and ignores unknown ids', async () => {
    await sync([comment('gone', 'bye')]);
    const deleted = await sift.call(
      'DELETE',
      '/api/v1/sources/acme/inbox/messages?id=gone&id=never-existed',
    );
    expect(deleted.statusCode).toBe(200);
    expect((await sift.call('GET', '/api/v1/sources/acme/inbox/comments/gone')).statusCode).toBe(
      404,
    );
    expect((await sift.call('DELETE', '/api/v1/sources/acme/inbox/comments')).statusCode).toBe(400);
    const tooMany = Array.from({ length: 129 }, (_, i) => `id=x${i}`).join('&');
    expect(
      (await sift.call('DELETE', `/api/v1/sources/acme/inbox/comments?${tooMany}`)).statusCode,
    ).toBe(400);
  });

  it('adds comments create-only and answers 409 for different content', async () => {
    const url = '/api/_private/sources/acme/inbox/comments';
    expect(
      (await sift.call('PUT', url, { body: { comments: [comment('add-1', 'first')] } })).statusCode,
    ).toBe(200);
    expect(
      (await sift.call('PUT', url, { body: { comments: [comment('add-1', 'first')] } })).statusCode,
    ).toBe(200);
    const conflict = await sift.call('PUT', url, {
      body: { comments: [comment('add-2', 'new one'), comment('add-1', 'changed')] },
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.body.message).toBe(
      "Comment 'add-1' already exists in source 'acme/inbox' with different content",
    );
    expect((await sift.call('GET', '/api/v1/sources/acme/inbox/comments/add-2')).statusCode).toBe(
      404,
    );
    const stored = await sift.call('GET', '/api/v1/sources/acme/inbox/comments/add-1');
    const context = (stored.body['comment'] as { context: string }).context;
    const overwrite = await sift.call('PUT', url, {
      body: { comments: [{ ...comment('add-1', 'changed'), context }] },
    });
    expect(overwrite.statusCode).toBe(200);
  });

  it('returns markup only when asked on get and iterate', async () => {
    const markup = [
      {
        kind: 'text',
        span: { char_start: 0, char_end: 5, utf16_byte_start: 0, utf16_byte_end: 10 },
      },
    ];
    await sync([
      { ...comment('mk', 'hello'), messages: [{ body: { text: 'hello', text_markup: markup } }] },
    ]);
    const plain = await sift.call('GET', '/api/v1/sources/acme/inbox/comments/mk');
    expect((plain.body['comment'] as { messages: unknown[] }).messages).toEqual([
      { body: { text: 'hello' } },
    ]);
    const rich = await sift.call(
      'GET',
      '/api/v1/sources/acme/inbox/comments/mk?include_markup=true',
    );
    expect((rich.body['comment'] as { messages: unknown[] }).messages).toEqual([
      { body: { text: 'hello', text_markup: markup } },
    ]);
    const outside = await sync([
      {
        ...comment('mk2', 'hi'),
        messages: [
          {
            body: {
              text: 'hi',
              text_markup: [{ kind: 'text', span: { char_start: 0, char_end: 9 } }],
            },
          },
        ],
      },
    ]);
    expect(outside.statusCode).toBe(400);
  });

  it('hides sensitive properties from callers without sources-read-sensitive', async () => {
    await sift.call('POST', '/api/v1/sources/acme/inbox', {
      body: { source: { sensitive_properties: ['number:Amount'] } },
    });
    const user = await sift.call('PUT', '/api/_private/users', {
      body: {
        user: {
          username: 'reader',
          email: 'reader@acme.example',
          organisation_permissions: { acme: ['sources-read'] },
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
    const seen = await sift.call('GET', '/api/v1/sources/acme/inbox/comments/c3', { token });
    expect((seen.body['comment'] as { user_properties: object }).user_properties).toEqual({
      'string:Region': 'EMEA',
    });
    const admin = await sift.call('GET', '/api/v1/sources/acme/inbox/comments/c3');
    expect((admin.body['comment'] as { user_properties: object }).user_properties).toHaveProperty([
      'number:Amount',
    ]);
    expect(
      (
        await sync(
          [comment('nope', 'x')].map((c) => c),
          '/api/v1/sources/acme/inbox/sync',
        )
      ).statusCode,
    ).toBe(200);
    const denied = await sift.call('POST', '/api/v1/sources/acme/inbox/sync', {
      token,
      body: { comments: [comment('z', 'z')] },
    });
    expect(denied.statusCode).toBe(403);
  });

  it('groups threads and reports thread properties', async () => {
    await sift.call('PUT', '/api/v1/sources/acme/threads', { body: {} });
    await sync(
      [
        {
          id: 't2',
          timestamp: '2025-03-01T10:00:30Z',
          thread_id: 'T',
          messages: [{ body: { text: 're' }, from: 'b@x.example', to: ['a@x.example'] }],
        },
        {
          id: 't1',
          timestamp: '2025-03-01T10:00:00Z',
          thread_id: 'T',
          messages: [
            { body: { text: 'hi' }, from: 'a@x.example', to: ['b@x.example'], cc: ['c@x.example'] },
          ],
        },
        { id: 'solo', timestamp: '2025-03-02T00:00:00Z', messages: [{ body: { text: 'alone' } }] },
      ],
      '/api/v1/sources/acme/threads/sync',
    );
    const threads = await sift.call('GET', '/api/v1/sources/acme/threads/threads');
    expect(threads.body['threads']).toEqual([{ thread_id: 'T', comments: ['t1', 't2'] }]);
    const page = await sift.call(
      'GET',
      '/api/_private/sources/acme/threads/comments?include_thread_properties=true',
    );
    expect(page.body['thread_properties']).toEqual([
      {
        num_messages: 2,
        num_participants: 3,
        thread_position: 1,
        first_sender: 'a@x.example',
        duration: 30,
        response_time: 30,
      },
      {
        num_messages: 2,
        num_participants: 3,
        thread_position: 2,
        first_sender: 'a@x.example',
        duration: 30,
        response_time: 30,
      },
      null,
    ]);
  });

  it('counts comments matching a filter in source statistics', async () => {
    const stats = async (comment_filter: unknown) =>
      sift.call('POST', '/api/v1/sources/acme/threads/statistics', { body: { comment_filter } });
    expect((await stats({})).body['statistics']).toEqual({ num_comments: 3 });
    expect(
      (await stats({ timestamp: { minimum: '2025-03-01T10:00:10Z' } })).body['statistics'],
    ).toEqual({ num_comments: 2 });
    expect(
      (await stats({ messages: { from: { one_of: ['A@x.example'] } } })).body['statistics'],
    ).toEqual({ num_comments: 1 });
    expect(
      (await stats({ messages: { cc: { include_missing: true, one_of: ['c@x.example'] } } })).body[
        'statistics'
      ],
    ).toEqual({ num_comments: 3 });
    expect((await stats({ sources: ['0000000000000000'] })).body['statistics']).toEqual({
      num_comments: 0,
    });
    const unknown = await stats({ colour: 'red' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body.message).toContain('colour');
  });
});
