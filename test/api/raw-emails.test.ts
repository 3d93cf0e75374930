import { createHash } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../helpers/test-app.js';

const HEADERS = [
  'From: Joe Bloggs <joe@example.com>',
  'To: Support <support@acme.example>',
  'Subject: =?UTF-8?Q?Refund_for_order_4471_=E2=80=93_late?=',
  'Date: Tue, 3 Sep 2002 14:02:05 +0200',
  'Message-ID: <abc.123@example.com>',
].join('\r\n');

const BODY = [
  'Hello, my refund has not arrived yet.',
  '',
  'On Mon, 2 Sep 2002, Support wrote:',
  '> We have issued your refund.',
].join('\n');

describe('sync-raw-emails', () => {
  let sift: TestApp;
  const url = '/api/v1/sources/acme/mail/sync-raw-emails';
  const document = { raw_email: { headers: { raw: HEADERS }, body: { plain: BODY } } };

  beforeAll(async () => {
    sift = await startTestApp();
    await sift.call('PUT', '/api/_private/projects/acme', { body: { user_ids: [] } });
    await sift.call('PUT', '/api/v1/sources/acme/mail', {
      body: { source: { email_transform_tag: 'generic.0.CONVKER5' } },
    });
    await sift.call('PUT', '/api/v1/sources/acme/untagged', { body: {} });
  });
  afterAll(async () => {
    await sift.close();
  });

  it('parses a raw email into a comment and stores it like sync', async () => {
    const result = await sift.call('POST', url, {
      body: { documents: [document], include_comments: true },
    });
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ new: 1, updated: 0, unchanged: 0 });
    const id = createHash('sha256').update('abc.123@example.com').digest('hex').slice(0, 32);
    const parsed = (result.body['comments'] as { id: string }[])[0]!;
    expect(parsed.id).toBe(id);
    const stored = await sift.call('GET', `/api/v1/sources/acme/mail/comments/${id}`);
    const comment = stored.body['comment'] as {
      timestamp: string;
      thread_id: string;
      messages: {
        subject?: { text: string };
        body: { text: string };
        from?: string;
        to?: string[];
      }[];
    };
    expect(comment.timestamp).toBe('2002-09-03T12:02:05.000000Z');
    expect(comment.messages[0]?.subject?.text).toBe('Refund for order 4471 – late');
    expect(comment.messages[0]?.from).toBe('joe@example.com');
    expect(comment.messages[0]?.to).toEqual(['support@acme.example']);
    expect(comment.messages[0]?.body.text).toContain('my refund has not arrived yet');
    expect(comment.messages[0]?.body.text).not.toContain('We have issued');
    expect(comment.thread_id).toBe(id);
    expect((await sift.call('POST', url, { body: { documents: [document] } })).body).toMatchObject({
      unchanged: 1,
    });
  });

  it('rejects a document it cannot parse, naming its index, and writes nothing', async () => {
    const noDate = {
      raw_email: {
        headers: { raw: 'From: a@b.example\r\nMessage-ID: <x@y>' },
        body: { plain: 'hi' },
      },
    };
    const other = {
      raw_email: {
        headers: { parsed: { 'Message-ID': '<ok@y>', Date: 'Tue, 3 Sep 2002 14:02:05 +0000' } },
        body: { html: '<p>fine</p>' },
      },
    };
    const result = await sift.call('POST', url, { body: { documents: [other, noDate] } });
    expect(result.statusCode).toBe(400);
    expect(result.body.message).toMatch(/^documents\[1\]: /);
    const stats = await sift.call('POST', '/api/v1/sources/acme/mail/statistics', {
      body: { comment_filter: {} },
    });
    expect(stats.body['statistics']).toEqual({ num_comments: 1 });
  });

  it('needs a transform tag Sift implements', async () => {
    const untagged = await sift.call('POST', '/api/v1/sources/acme/untagged/sync-raw-emails', {
      body: { documents: [document] },
    });
    expect(untagged.statusCode).toBe(400);
    expect(untagged.body.message).toContain('transform_tag');
    const unknown = await sift.call('POST', '/api/v1/sources/acme/untagged/sync-raw-emails', {
      body: { documents: [document], transform_tag: 'outlook.1' },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body.message).toBe("The value 'outlook.1' is not a valid transform tag.");
    const tagged = await sift.call('POST', '/api/v1/sources/acme/untagged/sync-raw-emails', {
      body: { documents: [document], transform_tag: 'generic.0.CONVKER5' },
    });
    expect(tagged.body).toMatchObject({ new: 1 });
  });
});
