import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { CommentNew } from '../../contracts/comments.js';

import { parseRawEmail } from './parse-raw-email.js';
import { splitQuotedHistory } from './split-quotes.js';

// Issue 15 item 4: emails of the SpamAssassin public corpus that came out with an empty body. The raw
// messages are shipped unchanged under test/fixtures/emails (see its README for the attribution).

/** A fixture as a JSON client sends it: header block and body, HTML-only bodies as `html`. */
async function comment(name: string): Promise<CommentNew> {
  // The corpus files are Latin-1 bytes; these six are ASCII except one footer, so Latin-1 is exact.
  const text = readFileSync(
    new URL(`../../../test/fixtures/emails/${name}.eml`, import.meta.url),
    'latin1',
  );
  const split = text.indexOf('\n\n');
  const headers = text.slice(0, split);
  const body = text.slice(split + 2);
  const html = /^content-type:\s*text\/html/im.test(headers);
  const result = await parseRawEmail(
    { raw_email: { headers: { raw: headers }, body: html ? { html: body } : { plain: body } } },
    { transformTag: 'generic.0.CONVKER5' },
  );
  if (!result.ok) {
    throw new Error(result.error);
  }
  return result.value;
}

describe('emails that lost their text', () => {
  it('keeps a reply written below lines quoted with "--]" (sa-easy-ham-1-00028)', async () => {
    const { messages } = await comment('sa-easy-ham-1-00028');
    expect(messages[0]!.body.text).toMatch(
      /^So thats why I keep seeing DeBeers agents hovering around me\./,
    );
    expect(messages[0]!.body.text).not.toContain('liposuction');
    expect(messages[1]!.body.text).toMatch(/^Why wait until you're dead\?/);
    expect(messages[1]!.from).toBe('Joseph S. Barrera III');
  });

  it('keeps a reply below an elided quote (sa-easy-ham-1-00222)', async () => {
    const { messages } = await comment('sa-easy-ham-1-00222');
    expect(messages[0]!.body.text).toContain(
      "And I've been told by a SuSE rep that 8.1 will be out in October",
    );
    expect(messages[0]!.signature?.text).toMatch(/^-- \nIrish Linux Users' Group/);
    expect(messages[1]!.body.text).toBe('probably a bit old, 7.3 and 8.0 are out.');
    expect(messages[1]!.from).toBe('Padraig Brady');
  });

  it('keeps a reply below an Outlook Express "Original Message" block (sa-easy-ham-1-00404)', async () => {
    const { messages } = await comment('sa-easy-ham-1-00404');
    expect(messages[0]!.body.text).toContain(
      'In theory there is no difference between theory and practice.',
    );
    expect(messages[1]!.body.text).toMatch(/^Memory management is a non-issue/);
    expect(messages[1]!.from).toBe('beberg@mithral.com');
  });

  it('turns a multipart/mixed message whose only part is base64 HTML into text', async () => {
    const spam23 = await comment('sa-spam-1-00023');
    expect(spam23.messages[0]!.body.text).toMatch(
      /^This message is sent to our subscribers only\./,
    );
    // Markup is gone: no tags, no link targets.
    expect(spam23.messages[0]!.body.text).not.toMatch(/<[a-z]|mailto:|https?:/i);
    const spam39 = await comment('sa-spam-1-00039');
    expect(spam39.messages[0]!.body.text).toContain('Have You Dreamed Of Your Own Home');
  });

  it('reads the title and a footer after </html> when the HTML body itself is empty', async () => {
    const { messages } = await comment('sa-spam-1-00244');
    const text = [messages[0]!.body.text, messages[0]!.signature?.text ?? ''].join('\n');
    expect(text).toContain('GREEN CARD');
    expect(text).toContain('webmake-talk mailing list');
    expect(text).not.toContain('window.location');
  });
});

describe('splitQuotedHistory on replies below their quotes', () => {
  it('moves an interleaved reply under "On … wrote:" into message 0', () => {
    const [own, quoted] = splitQuotedHistory(
      ['On 5 Sep 2002, Ann wrote:', '', 'Ann,', '', '> Is it safe?', '', 'Yes, it is.'].join('\n'),
    );
    expect(own!.body).toBe('Ann,\n\nYes, it is.');
    expect(quoted).toMatchObject({ from: 'Ann', body: 'Is it safe?' });
  });

  it('keeps a forward of a reply as it is: its unquoted text is the forwarded email', () => {
    const messages = splitQuotedHistory(
      [
        '-----Original Message-----',
        'From: Bob <bob@example.com>',
        'Sent: Tuesday, June 19, 2001 6:37 PM',
        'To: Ann',
        'Subject: Re: ticket',
        '',
        'Our phone number is 1-800-555-0100.',
        '',
        'Ann wrote:',
        '',
        '> What are the hours?',
      ].join('\n'),
    );
    expect(messages[0]!.body).toBe('');
    expect(messages[1]).toMatchObject({ from: 'bob@example.com' });
    expect(messages[1]!.body).toContain('Our phone number is 1-800-555-0100.');
  });

  it('treats other quote markers as quotes only after an "On … wrote:" that uses them', () => {
    const [own, quoted] = splitQuotedHistory(
      ['On Fri, 6 Sep 2002, Jim wrote:', '| We have Googlewhacking.', '', 'And Googlebombs.'].join(
        '\n',
      ),
    );
    expect(own!.body).toBe('And Googlebombs.');
    expect(quoted!.body).toBe('We have Googlewhacking.');
    // Without such a header a leading "|" or "#" is the author's own text.
    expect(splitQuotedHistory('# not a quote\n| nor this')[0]!.body).toBe(
      '# not a quote\n| nor this',
    );
  });
});
