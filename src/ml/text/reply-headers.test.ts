import { describe, expect, it } from 'vitest';

import { findReplyHeader } from './reply-headers.js';

describe('findReplyHeader', () => {
  it.each([
    ['-----Original Message-----', false],
    [
      '---------------------- Forwarded by Mark Taylor/HOU/ECT on 03/13/2001 09:20 AM ---------------------------',
      true,
    ],
    ['---------- Forwarded message ---------', true],
    ['On Tue, 3 Sep 2002, Joe wrote:', false],
  ])('recognises %s', (line, forward) => {
    expect(findReplyHeader(['hello', line, 'old'])).toEqual({ line: 1, forward });
  });

  it('recognises an On … wrote: header split over two lines', () => {
    expect(
      findReplyHeader(['On Tue, 3 Sep 2002 at 10:00,', 'Joe Bloggs <joe@x.com> wrote:']),
    ).toEqual({
      line: 0,
      forward: false,
    });
  });

  it('recognises an Outlook block only with sent/date and to/subject lines', () => {
    expect(findReplyHeader(['From: Ann', 'Sent: Monday', 'To: Bob', 'Subject: x'])?.line).toBe(0);
    expect(findReplyHeader(['From: Ann', 'hello there'])).toBeNull();
  });

  it('recognises the Outlook separator and Lotus Notes headers', () => {
    expect(findReplyHeader(['text', '__________', 'From: Ann'])?.line).toBe(1);
    expect(
      findReplyHeader(['"John Doe" <jdoe@x.com> on 05/14/2001 10:28:11 AM', '', 'To: Jane'])?.line,
    ).toBe(0);
  });
});
