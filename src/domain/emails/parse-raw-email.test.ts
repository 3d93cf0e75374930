import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { CommentNew } from '../../contracts/comments.js';
import type { RawEmailDocument } from '../../contracts/emails.js';

import { type ParseRawEmailOptions, parseRawEmail } from './parse-raw-email.js';

const OPTIONS: ParseRawEmailOptions = { transformTag: 'generic.0.CONVKER5' };

function hashedId(bareId: string): string {
  return createHash('sha256').update(bareId, 'utf8').digest('hex').slice(0, 32);
}

/** A fixture `.eml` split at its first blank line into the header block and the body. */
function fixture(name: string, kind: 'plain' | 'html' = 'plain'): RawEmailDocument {
  const text = readFileSync(
    new URL(`../../../test/fixtures/emails/${name}`, import.meta.url),
    'utf8',
  );
  const split = text.indexOf('\n\n');
  const body = text.slice(split + 2);
  return {
    raw_email: {
      headers: { raw: text.slice(0, split) },
      body: kind === 'plain' ? { plain: body } : { html: body },
    },
  };
}

function document(headers: Record<string, string>, body: string): RawEmailDocument {
  return { raw_email: { headers: { parsed: headers }, body: { plain: body } } };
}

const BASE_HEADERS = {
  'Message-ID': '<base-1@example.com>',
  Date: 'Mon, 2 Sep 2002 08:30:57 +0100',
  From: 'Anna <anna@example.org>',
  To: 'joe@example.net',
};

async function parsed(input: RawEmailDocument, options = OPTIONS): Promise<CommentNew> {
  const result = await parseRawEmail(input, options);
  if (!result.ok) {
    throw new Error(result.error);
  }
  return result.value;
}

async function failure(input: RawEmailDocument): Promise<string> {
  const result = await parseRawEmail(input, OPTIONS);
  if (result.ok) {
    throw new Error('expected an error');
  }
  return result.error;
}

describe('parseRawEmail', () => {
  it('turns an Outlook reply into a comment with its quoted history and signatures', async () => {
    const comment = await parsed(fixture('outlook-reply.eml'));
    expect(comment).toEqual({
      id: hashedId('reply-2@mail.example.com'),
      thread_id: hashedId('original-1@mail.example.org'),
      timestamp: '2001-03-13T15:20:00.000000Z',
      messages: [
        {
          from: 'mark.taylor@example.com',
          to: ['jane.doe@example.org', 'ops@example.org'],
          cc: ['legal@example.com'],
          subject: { text: 'RE: Q2 contract review' },
          sent_at: '2001-03-13T15:20:00.000000Z',
          body: {
            text: 'Jane,\n\nI have signed the contract and sent it back to the counterparty.',
          },
          signature: { text: 'Best regards,\nMark Taylor\nLegal Department' },
        },
        {
          from: 'jane.doe@example.org',
          to: ['Taylor, Mark', 'Ops Team'],
          subject: { text: 'Q2 contract review' },
          sent_at: '2001-03-12T16:05:00.000000Z',
          body: { text: 'Mark, could you review the attached contract before Friday?' },
          signature: { text: 'Thanks,\nJane' },
        },
      ],
      user_properties: {
        'string:Message ID': 'reply-2@mail.example.com',
        'string:Sender': 'mark.taylor@example.com',
        'string:Sender Domain': 'example.com',
        'string:Recipient Domain': 'example.org',
        'string:Thread': 'original-1@mail.example.org',
        'number:Messages': 2,
        'string:Has Signature': 'Yes',
      },
      attachments: [],
    });
  });

  it('threads by the first References id and splits > quotes after an mbox From line', async () => {
    const comment = await parsed(fixture('mailing-list-reply.eml'));
    expect(comment.id).toBe(hashedId('20020903.3@host.example.net'));
    expect(comment.thread_id).toBe(hashedId('20020901.1@host.example.org'));
    expect(comment.timestamp).toBe('2002-09-03T22:17:30.000000Z');
    expect(comment.messages).toEqual([
      {
        from: 'joe@example.net',
        to: ['tools-list@lists.example.net'],
        subject: { text: 'Re: [tools] build fails on 2.4' },
        sent_at: '2002-09-03T22:17:30.000000Z',
        body: { text: 'Yes, same error after a clean checkout.\n\ngcc 2.96.' },
        signature: { text: '-- \nJoe Bloggs | build team' },
      },
      {
        from: 'Anna Smith',
        sent_at: '2002-09-03T09:14:48.000000Z',
        body: {
          text: 'Did you try a clean checkout?\n\nJoe Bloggs <joe@example.net> wrote:\n\nWhich compiler?',
        },
      },
      { body: { text: 'The build fails with a missing header.' } },
    ]);
    expect(comment.user_properties?.['number:Messages']).toBe(3);
  });

  it('threads by In-Reply-To when there is no References header', async () => {
    const comment = await parsed(
      document({ ...BASE_HEADERS, 'In-Reply-To': '<parent-9@example.org> (sent by Anna)' }, 'Yes.'),
    );
    expect(comment.thread_id).toBe(hashedId('parent-9@example.org'));
    expect(comment.user_properties?.['string:Thread']).toBe('parent-9@example.org');
  });

  it('reads a Lotus Notes forward', async () => {
    const comment = await parsed(fixture('lotus-forward.eml'));
    expect(comment.thread_id).toBe(comment.id);
    expect(comment.messages[1]).toEqual({
      from: 'jdoe@example.org',
      to: ['Sara Shackleton/HOU/ECT@ECT'],
      cc: ['Mark Taylor/HOU/ECT@ECT'],
      subject: { text: 'ISDA schedule' },
      sent_at: '2001-03-13T10:28:11.000000Z',
      body: { text: 'Sara,\nThe revised schedule is attached.\nJohn' },
    });
  });

  it('converts an HTML body to text and decodes RFC 2047 headers', async () => {
    const comment = await parsed(fixture('html-newsletter.eml', 'html'));
    expect(comment.messages).toEqual([
      {
        from: 'bjorn@example.de',
        to: ['reader@example.net'],
        subject: { text: 'Café news for August' },
        sent_at: '2002-08-22T11:26:25.000000Z',
        body: { text: 'Hello reader,\n\nOur café opens on Monday.' },
        signature: { text: 'Kind regards,\nBjörn' },
      },
    ]);
  });

  it('decodes a body that is still MIME multipart under its headers', async () => {
    const comment = await parsed(fixture('multipart-alternative.eml'));
    expect(comment.messages[0]?.body.text).toBe(
      'Shall we meet at noon? The café on the corner is fine.',
    );
    expect(comment.messages[0]?.signature?.text).toBe('Sent from my iPhone');
  });

  it('reads a decoded body as UTF-8 text whatever charset the original headers declare', async () => {
    const comment = await parsed(
      document(
        {
          ...BASE_HEADERS,
          'Content-Type': 'text/plain; charset=iso-8859-1',
          'Content-Transfer-Encoding': '8bit',
        },
        'Grüße aus Köln – bis bald',
      ),
    );
    expect(comment.messages[0]?.body.text).toBe('Grüße aus Köln – bis bald');
  });

  it('uses the body as text when a multipart header comes with an already decoded body', async () => {
    const comment = await parsed(
      document(
        { ...BASE_HEADERS, 'Content-Type': 'multipart/alternative; boundary="zz"' },
        'Plain words.',
      ),
    );
    expect(comment.messages[0]?.body.text).toBe('Plain words.');
  });

  it('builds the MIME source from parsed headers', async () => {
    const comment = await parsed(
      document(
        {
          'message-id': ' <p1@example.com> ',
          date: 'Tue, 3 Sep 2002 18:17:30 -0400',
          from: '=?utf-8?Q?J=C3=B6rg?= <jorg@EXAMPLE.de>',
          to: 'Team: a@example.com, b@example.org;',
          subject: '=?utf-8?B?R3LDvMOfZQ==?=\r\nX-Injected: no',
        },
        'Hallo zusammen.',
      ),
    );
    expect(comment.id).toBe(hashedId('p1@example.com'));
    expect(comment.messages[0]).toEqual({
      from: 'jorg@EXAMPLE.de',
      to: ['a@example.com', 'b@example.org'],
      subject: { text: 'Grüße X-Injected: no' },
      sent_at: '2002-09-03T22:17:30.000000Z',
      body: { text: 'Hallo zusammen.' },
    });
    expect(comment.user_properties?.['string:Sender Domain']).toBe('example.de');
  });

  it('omits recipient fields and properties for absent or empty headers', async () => {
    const comment = await parsed(
      document(
        {
          'Message-ID': '<x@example.com>',
          Date: 'Mon, 2 Sep 2002 08:30:57 +0100',
          To: 'undisclosed-recipients:;',
        },
        'Hi',
      ),
    );
    expect(comment.messages[0]).toEqual({
      sent_at: '2002-09-02T07:30:57.000000Z',
      body: { text: 'Hi' },
    });
    expect(comment.user_properties).toEqual({
      'string:Message ID': 'x@example.com',
      'string:Thread': 'x@example.com',
      'number:Messages': 1,
      'string:Has Signature': 'No',
    });
  });

  it('uses comment_id when given, also without a Message-ID', async () => {
    const comment = await parsed({
      comment_id: 'mailbox/42',
      raw_email: {
        headers: { raw: 'Date: Mon, 2 Sep 2002 08:30:57 +0100\r\nFrom: a@example.org\r\n' },
        body: { plain: 'Hi' },
      },
    });
    expect(comment.id).toBe('mailbox/42');
    expect(comment.thread_id).toBe(undefined);
    expect('thread_id' in comment).toBe(false);
    expect(comment.user_properties).not.toHaveProperty('string:Message ID');
  });

  it('merges document user properties, the transform winning unless overridden', async () => {
    const input: RawEmailDocument = {
      ...document(BASE_HEADERS, 'Hi'),
      user_properties: { 'string:Sender': 'someone-else', 'string:Folder': 'Inbox/Claims' },
    };
    const plain = await parsed(input);
    expect(plain.user_properties?.['string:Sender']).toBe('anna@example.org');
    expect(plain.user_properties?.['string:Folder']).toBe('Inbox/Claims');
    const overridden = await parsed(input, {
      ...OPTIONS,
      overrideUserProperties: ['string:Sender'],
    });
    expect(overridden.user_properties?.['string:Sender']).toBe('someone-else');
  });

  it('passes the attachment metadata through', async () => {
    const attachments = [{ name: 'claim.pdf', size: 1024, content_type: 'application/pdf' }];
    const input = document(BASE_HEADERS, 'See attached.');
    const comment = await parsed({ ...input, raw_email: { ...input.raw_email, attachments } });
    expect(comment.attachments).toEqual(attachments);
  });

  it('is deterministic', async () => {
    const input = fixture('mailing-list-reply.eml');
    expect(await parsed(input)).toEqual(await parsed(input));
  });

  describe('errors', () => {
    it('requires exactly one of headers.raw and headers.parsed', async () => {
      const both: RawEmailDocument = {
        raw_email: { headers: { raw: 'A: b', parsed: {} }, body: { plain: '' } },
      };
      const neither: RawEmailDocument = { raw_email: { headers: {}, body: { plain: '' } } };
      expect(await failure(both)).toMatch(/raw_email\.headers .*exactly one of 'raw' or 'parsed'/);
      expect(await failure(neither)).toMatch(
        /raw_email\.headers .*exactly one of 'raw' or 'parsed'/,
      );
    });

    it('requires exactly one of body.plain and body.html', async () => {
      const headers = { parsed: BASE_HEADERS };
      expect(
        await failure({ raw_email: { headers, body: { plain: 'a', html: '<p>a</p>' } } }),
      ).toMatch(/raw_email\.body .*exactly one of 'plain' or 'html'/);
      expect(await failure({ raw_email: { headers, body: {} } })).toMatch(/raw_email\.body/);
    });

    it('rejects a document with neither comment_id nor Message-ID', async () => {
      const { 'Message-ID': _messageId, ...headers } = BASE_HEADERS;
      expect(await failure(document(headers, 'Hi'))).toMatch(/no comment_id and no Message-ID/);
      expect(await failure(document({ ...headers, 'Message-ID': '<>' }, 'Hi'))).toMatch(
        /Message-ID/,
      );
    });

    it('rejects a missing or unparseable Date', async () => {
      const { Date: _date, ...headers } = BASE_HEADERS;
      expect(await failure(document(headers, 'Hi'))).toMatch(/Date header is missing/);
      expect(await failure(document({ ...headers, Date: 'sometime last week' }, 'Hi'))).toMatch(
        /Date header "sometime last week" is not a valid date/,
      );
    });

    it('rejects a raw header block that contains a blank line', async () => {
      const input: RawEmailDocument = {
        raw_email: {
          headers: { raw: 'Date: Mon, 2 Sep 2002 08:30:57 +0100\n\nbody' },
          body: { plain: '' },
        },
      };
      expect(await failure(input)).toMatch(/raw_email\.headers\.raw/);
    });

    it('rejects a parsed header name that cannot be written as a header', async () => {
      expect(await failure(document({ ...BASE_HEADERS, 'X Bad': 'value' }, 'Hi'))).toMatch(
        /raw_email\.headers\.parsed .*"X Bad"/,
      );
    });
  });
});
