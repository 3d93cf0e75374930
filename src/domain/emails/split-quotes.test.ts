import { describe, expect, it } from 'vitest';

import { MAX_MESSAGES_PER_EMAIL, splitQuotedHistory } from './split-quotes.js';

function lines(...parts: string[]): string {
  return parts.join('\n');
}

describe('splitQuotedHistory', () => {
  it('returns the whole text as message 0 when nothing is quoted', () => {
    expect(splitQuotedHistory('Hello,\n\nsee you tomorrow.\n')).toEqual([
      { body: 'Hello,\n\nsee you tomorrow.' },
    ]);
  });

  it('splits at an on … wrote: line followed by > quotes and removes one level of >', () => {
    const text = lines(
      'Sounds good.',
      '',
      'On Tue, 3 Sep 2002 10:00:00 -0700, Joe Smith <joe@example.com> wrote:',
      '> Shall we meet at noon?',
      '> > Lunch on Friday?',
    );
    expect(splitQuotedHistory(text)).toEqual([
      { body: 'Sounds good.' },
      {
        from: 'joe@example.com',
        sentAt: '2002-09-03T17:00:00.000000Z',
        body: 'Shall we meet at noon?',
      },
      { body: 'Lunch on Friday?' },
    ]);
  });

  it('takes the name after the last comma when the on … wrote: line has no address', () => {
    const [, quoted] = splitQuotedHistory(
      lines('Yes.', 'On Tue, 3 Sep 2002, Joe Smith wrote:', '> Really?'),
    );
    expect(quoted).toEqual({ from: 'Joe Smith', body: 'Really?' });
  });

  it('recognises an on … wrote: header split over two lines', () => {
    const text = lines(
      'Agreed.',
      'On Mon, 2 Sep 2002 08:30:57 +0100',
      'Chris <chris@example.co.uk> wrote:',
      '> Noon?',
    );
    expect(splitQuotedHistory(text)).toEqual([
      { body: 'Agreed.' },
      { from: 'chris@example.co.uk', sentAt: '2002-09-02T07:30:57.000000Z', body: 'Noon?' },
    ]);
  });

  it('accepts the other languages of the on … wrote: pattern', () => {
    const text = lines(
      'Danke.',
      'Am Montag, Anna schrieb:',
      'On 2. Sep 2002 um 10:00, Anna schrieb:',
      '> Hallo',
    );
    expect(splitQuotedHistory(text).map((message) => message.body)).toEqual([
      'Danke.\nAm Montag, Anna schrieb:',
      'Hallo',
    ]);
  });

  it('keeps interleaved answers in message 0 and joins the quoted fragments into one message', () => {
    const text = lines(
      'On Tue, 3 Sep 2002 10:14:48 +0100, Anna <anna@example.org> wrote:',
      '> First question?',
      '',
      'First answer.',
      '',
      '> Second question?',
      '',
      'Second answer.',
    );
    expect(splitQuotedHistory(text)).toEqual([
      { body: 'First answer.\n\nSecond answer.' },
      {
        from: 'anna@example.org',
        sentAt: '2002-09-03T09:14:48.000000Z',
        body: 'First question?\n\nSecond question?',
      },
    ]);
  });

  it('makes a > block without an intro line a message without header fields', () => {
    expect(splitQuotedHistory(lines('> quoted line', '>', '> more', '', 'My reply.'))).toEqual([
      { body: 'My reply.' },
      { body: 'quoted line\n\nmore' },
    ]);
  });

  it('reads an Outlook -----Original Message----- block', () => {
    const text = lines(
      'Done.',
      '',
      ' -----Original Message-----',
      'From: \tDoe, Jane [mailto:jane.doe@example.org]',
      'Sent:\tMonday, March 12, 2001 4:05 PM',
      'To:\tTaylor, Mark; Ops Team',
      'Cc:\tlegal@example.com',
      'Subject:\tRE: contract',
      '',
      'Please sign.',
    );
    expect(splitQuotedHistory(text)).toEqual([
      { body: 'Done.' },
      {
        from: 'jane.doe@example.org',
        sentAt: '2001-03-12T16:05:00.000000Z',
        to: ['Taylor, Mark', 'Ops Team'],
        cc: ['legal@example.com'],
        subject: 'RE: contract',
        body: 'Please sign.',
      },
    ]);
  });

  it('reads a from: … sent: block without a separator line', () => {
    const text = lines(
      'See below.',
      'From: Anna Smith <anna@example.org>',
      'Date: Tue, 3 Sep 2002 18:17:30 -0400',
      'To: "Joe, Bloggs" <joe@example.net>, Chris <chris@example.co.uk>',
      'Subject: Build',
      '',
      'It fails.',
    );
    expect(splitQuotedHistory(text)[1]).toEqual({
      from: 'anna@example.org',
      sentAt: '2002-09-03T22:17:30.000000Z',
      to: ['joe@example.net', 'chris@example.co.uk'],
      subject: 'Build',
      body: 'It fails.',
    });
  });

  it('does not treat a lone from: line as a reply header', () => {
    const text = lines('From: the desk of the chairman', 'Subject: policy', '', 'Please read.');
    expect(splitQuotedHistory(text)).toHaveLength(1);
  });

  it('reads an Outlook HTML separator of underscores followed by from:', () => {
    const text = lines(
      'Thanks!',
      '________________________________',
      'From: Ops <ops@example.org>',
      'Sent: Tuesday, October 30, 2001 10:39 AM',
      'To: Mark <mark@example.com>',
      'Subject: outage',
      '',
      'Servers are down.',
    );
    expect(splitQuotedHistory(text)[1]).toMatchObject({
      from: 'ops@example.org',
      to: ['mark@example.com'],
      sentAt: '2001-10-30T10:39:00.000000Z',
      body: 'Servers are down.',
    });
  });

  it('reads a Lotus Notes forward with its header block and blank lines inside it', () => {
    const text = lines(
      'FYI',
      '---------------------- Forwarded by Mark Taylor/HOU/ECT on 03/13/2001 09:20 AM ---------------------------',
      '',
      '',
      'From:\tJeff Dasovich on 07/17/2001 07:31 PM',
      'Sent by:\tJeff Dasovich',
      '',
      'To:\tSteven J Kean/NA/Enron@Enron, Richard Shapiro/NA/Enron@Enron,',
      'Susan J Mara/NA/Enron@ENRON',
      'cc:\t ',
      '',
      'Subject:\tCalifornia update',
      '',
      'The update follows.',
    );
    expect(splitQuotedHistory(text)).toEqual([
      { body: 'FYI' },
      {
        from: 'Jeff Dasovich',
        sentAt: '2001-07-17T19:31:00.000000Z',
        to: [
          'Steven J Kean/NA/Enron@Enron',
          'Richard Shapiro/NA/Enron@Enron',
          'Susan J Mara/NA/Enron@ENRON',
        ],
        subject: 'California update',
        body: 'The update follows.',
      },
    ]);
  });

  it('reads a Lotus Notes "name on date" header followed by to:', () => {
    const text = lines(
      'Noted.',
      '"John Doe" <jdoe@example.org> on 05/14/2001 10:28:11 AM',
      'To: Sara Shackleton/HOU/ECT@ECT',
      'cc: ',
      'Subject: ISDA',
      '',
      'Attached.',
    );
    expect(splitQuotedHistory(text)[1]).toEqual({
      from: 'jdoe@example.org',
      sentAt: '2001-05-14T10:28:11.000000Z',
      to: ['Sara Shackleton/HOU/ECT@ECT'],
      subject: 'ISDA',
      body: 'Attached.',
    });
  });

  it('treats a Gmail forwarded-message rule as a reply header', () => {
    const text = lines(
      'Look at this.',
      '---------- Forwarded message ---------',
      'From: Anna <anna@example.org>',
      'Date: Mon, 2 Sep 2002 08:30:57 +0100',
      'Subject: Plans',
      'To: joe@example.net',
      '',
      'Plans attached.',
    );
    expect(splitQuotedHistory(text)[1]).toEqual({
      from: 'anna@example.org',
      sentAt: '2002-09-02T07:30:57.000000Z',
      subject: 'Plans',
      to: ['joe@example.net'],
      body: 'Plans attached.',
    });
  });

  it('orders nested history newest first', () => {
    const text = lines(
      'Third.',
      '-----Original Message-----',
      'From: b@example.com',
      'Sent: Tue, 3 Sep 2002 10:00:00 +0000',
      'To: a@example.com',
      '',
      'Second.',
      '',
      '-----Original Message-----',
      'From: a@example.com',
      'Sent: Mon, 2 Sep 2002 10:00:00 +0000',
      'To: b@example.com',
      '',
      'First.',
    );
    expect(splitQuotedHistory(text).map((message) => [message.from, message.body])).toEqual([
      [undefined, 'Third.'],
      ['b@example.com', 'Second.'],
      ['a@example.com', 'First.'],
    ]);
  });

  it('keeps at most 20 messages and leaves the remainder in the last one', () => {
    const text = Array.from(
      { length: 25 },
      (_, index) => `Reply ${index}\n-----Original Message-----`,
    ).join('\n');
    const messages = splitQuotedHistory(text);
    expect(messages).toHaveLength(MAX_MESSAGES_PER_EMAIL);
    expect(messages[19]?.body).toBe(
      [
        'Reply 19',
        ...Array.from(
          { length: 5 },
          (_, index) => `-----Original Message-----\nReply ${20 + index}`,
        ),
      ]
        .concat('-----Original Message-----')
        .join('\n\n'),
    );
  });

  it('matches headers after ml.md normalisation (CRLF, NBSP, zero-width characters)', () => {
    const text = 'Ok.\r\n\u200BOn\u00A0Tue, 3 Sep 2002, Joe wrote:\r\n> Hi\r\n';
    expect(splitQuotedHistory(text)).toEqual([{ body: 'Ok.' }, { from: 'Joe', body: 'Hi' }]);
  });

  it('is deterministic', () => {
    const text = lines('A', 'On Tue, 3 Sep 2002, Joe wrote:', '> B', '> > C');
    expect(splitQuotedHistory(text)).toEqual(splitQuotedHistory(text));
  });
});
