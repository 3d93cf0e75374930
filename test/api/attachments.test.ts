import { createHash } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN_TOKEN, startTestApp, type TestApp } from '../helpers/test-app.js';

function multipart(content: Buffer, field = 'file'): { payload: Buffer; contentType: string } {
  const boundary = '----sift-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="invoice.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, content, tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe('attachments', () => {
  let sift: TestApp;
  let sourceId: string;
  const content = Buffer.from('%PDF-1.4 pretend invoice \u0000\u00ff bytes', 'latin1');
  const hash = createHash('sha256').update(content).digest('hex');

  const upload = async (commentId: string, index: number, body = content, field = 'file') => {
    const { payload, contentType } = multipart(body, field);
    return sift.app.inject({
      method: 'PUT',
      url: `/api/_private/sources/id:${sourceId}/comments/${encodeURIComponent(commentId)}/attachments/${index}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': contentType },
      payload,
    });
  };
  const withAttachment = (id: string) => ({
    id,
    timestamp: '2025-01-01T00:00:00Z',
    messages: [{ body: { text: 'see attached' } }],
    attachments: [
      {
        name: 'invoice.pdf',
        size: content.length,
        content_type: 'application/pdf',
        content_hash: hash,
      },
    ],
  });

  beforeAll(async () => {
    sift = await startTestApp();
    await sift.call('PUT', '/api/_private/projects/acme', { body: { user_ids: [] } });
    sourceId = (
      (await sift.call('PUT', '/api/v1/sources/acme/inbox', { body: {} })).body['source'] as {
        id: string;
      }
    ).id;
  });
  afterAll(async () => {
    await sift.close();
  });

  it('links content uploaded before the comment and serves it by reference', async () => {
    const uploaded = await upload('a/1', 0);
    expect(uploaded.statusCode).toBe(200);
    expect(uploaded.json()).toEqual({ status: 'ok', content_hash: hash });
    await sift.call('POST', '/api/v1/sources/acme/inbox/sync', {
      body: { comments: [withAttachment('a/1')] },
    });
    const stored = await sift.call('GET', '/api/v1/sources/acme/inbox/comments/a%2F1');
    const attachment = (
      stored.body['comment'] as { attachments: { attachment_reference?: string }[] }
    ).attachments[0]!;
    expect(attachment.attachment_reference).toMatch(/^[0-9a-f]{32}$/);

    const download = await sift.app.inject({
      method: 'GET',
      url: `/api/v1/attachments/${attachment.attachment_reference}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(content)).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe('attachment; filename="invoice.pdf"');
    expect(download.headers['server-timing']).toMatch(/^total;dur=/);
    expect(
      (
        await sift.call('POST', '/api/v1/sources/acme/inbox/sync', {
          body: { comments: [withAttachment('a/1')] },
        })
      ).body,
    ).toMatchObject({ unchanged: 1 });
  });

  it('links at once when the comment already names the hash', async () => {
    await sift.call('POST', '/api/v1/sources/acme/inbox/sync', {
      body: { comments: [withAttachment('later')] },
    });
    const before = await sift.call('GET', '/api/v1/sources/acme/inbox/comments/later');
    expect((before.body['comment'] as { attachments: object[] }).attachments[0]).not.toHaveProperty(
      'attachment_reference',
    );
    expect((await upload('later', 0)).statusCode).toBe(200);
    const after = await sift.call('GET', '/api/v1/sources/acme/inbox/comments/later');
    expect((after.body['comment'] as { attachments: object[] }).attachments[0]).toHaveProperty(
      'attachment_reference',
    );
  });

  it('does not link content whose hash differs', async () => {
    await upload('mismatch', 0, Buffer.from('other bytes'));
    await sift.call('POST', '/api/v1/sources/acme/inbox/sync', {
      body: { comments: [withAttachment('mismatch')] },
    });
    const stored = await sift.call('GET', '/api/v1/sources/acme/inbox/comments/mismatch');
    expect((stored.body['comment'] as { attachments: object[] }).attachments[0]).not.toHaveProperty(
      'attachment_reference',
    );
  });

  it('answers 404 for unknown references and 400 without a file part', async () => {
    expect(
      (await sift.call('GET', '/api/v1/attachments/0123456789abcdef0123456789abcdef')).statusCode,
    ).toBe(404);
    const noFile = await upload('x', 0, content, 'other');
    expect(noFile.statusCode).toBe(400);
    expect((await upload('x', 999)).statusCode).toBe(400);
  });

  it('removes content with its comment', async () => {
    const stored = await sift.call('GET', '/api/v1/sources/acme/inbox/comments/a%2F1');
    const reference = (
      stored.body['comment'] as { attachments: { attachment_reference: string }[] }
    ).attachments[0]!.attachment_reference;
    await sift.call('DELETE', '/api/v1/sources/acme/inbox/comments?id=a%2F1');
    expect((await sift.call('GET', `/api/v1/attachments/${reference}`)).statusCode).toBe(404);
  });
});
