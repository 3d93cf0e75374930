import { describe, expect, it } from 'vitest';

import {
  cleanBody,
  cleanSubject,
  encoderInputText,
  normalizeText,
  prepareCommentText,
} from './prepare-text.js';

describe('normalizeText', () => {
  it('applies NFKC, unifies newlines, drops zero-width characters and maps NBSP', () => {
    expect(normalizeText('ﬁle\r\nnext\rline\u200B\u00A0x\uFEFF')).toBe('file\nnext\nline x');
  });
});

describe('cleanBody', () => {
  it('drops quoted lines and tidies whitespace', () => {
    const cleaned = cleanBody('Hello\t\tthere  \n> quoted\n  > also quoted\n\n\n\n\nBye  ', false);
    expect(cleaned.text).toBe('Hello there\n\nBye');
    expect(cleaned.droppedQuotes).toBe(true);
  });

  it('cuts a multi-message body at the first reply header only when multi', () => {
    const body = 'New text\n\nOn Tue, 3 Sep 2002, Joe wrote:\nold text';
    expect(cleanBody(body, true).text).toBe('New text');
    expect(cleanBody(body, false).text).toBe(body);
    expect(cleanBody(body, false).replyHeader).toBe(true);
  });

  it('flags forward headers', () => {
    const cleaned = cleanBody('FYI\n---------- Forwarded message ---------\nFrom: a', true);
    expect(cleaned).toMatchObject({ text: 'FYI', forward: true });
  });
});

describe('cleanSubject', () => {
  it('removes repeated reply and forward prefixes', () => {
    expect(cleanSubject('RE: Fwd: re[2]: AW:Invoice 42')).toBe('Invoice 42');
    expect(cleanSubject(undefined)).toBe('');
  });
});

describe('prepareCommentText', () => {
  it('builds primary text from subject and first body, appending later bodies below 20 words', () => {
    const prepared = prepareCommentText({
      messages: [
        { subject: { text: 'Re: Refund' }, body: { text: 'Where is it?' } },
        { subject: { text: 'Refund' }, body: { text: 'I asked for a refund last week.' } },
      ],
    });
    expect(prepared.primaryText).toBe('Refund\nWhere is it?\nI asked for a refund last week.');
    // The second subject equals the first after cleaning, so the full text states it once.
    expect(prepared.fullText).toBe('Refund\n\nWhere is it?\n\nI asked for a refund last week.');
    expect(prepared.structure).toMatchObject({
      messageCount: 2,
      quoted: false,
      hasAttachments: false,
    });
  });

  it('stops appending once the primary text has 20 words', () => {
    const long = Array.from({ length: 20 }, (_, index) => `w${index}`).join(' ');
    const prepared = prepareCommentText({
      messages: [{ body: { text: long } }, { body: { text: 'second' } }],
    });
    expect(prepared.primaryText).toBe(long);
  });

  it('never includes signatures and records attachment extensions', () => {
    const prepared = prepareCommentText({
      messages: [{ body: { text: 'See attached' } }],
      attachments: [
        { name: 'Scan.PDF' },
        { name: 'notes.txt' },
        { name: 'README' },
        { name: 'b.pdf' },
      ],
    });
    expect(prepared.fullText).toBe('See attached');
    expect(prepared.structure.attachmentExtensions).toEqual(['pdf', 'txt']);
    expect(prepared.structure.hasAttachments).toBe(true);
  });

  it('caps the full text at 20,000 code units', () => {
    const prepared = prepareCommentText({ messages: [{ body: { text: 'a '.repeat(15_000) } }] });
    expect(prepared.fullText.length).toBeLessThanOrEqual(20_000);
  });
});

describe('encoderInputText', () => {
  it('collapses whitespace', () => {
    expect(encoderInputText('  a\n\tb   c ')).toBe('a b c');
  });

  it('cuts to 8·P code units at the last whitespace', () => {
    const text = 'word '.repeat(500);
    const cut = encoderInputText(text, 32);
    expect(cut.length).toBeLessThanOrEqual(256);
    expect(cut.endsWith('word')).toBe(true);
    expect(cut).toBe(Array.from({ length: 51 }, () => 'word').join(' '));
  });
});
