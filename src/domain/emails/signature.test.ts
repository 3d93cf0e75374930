import { describe, expect, it } from 'vitest';

import { splitSignature } from './signature.js';

describe('splitSignature', () => {
  it('starts the signature at a -- delimiter within the last 15 lines', () => {
    expect(splitSignature('Patch attached.\n\n-- \nJoe Bloggs\nbuild team\n')).toEqual({
      body: 'Patch attached.',
      signature: '-- \nJoe Bloggs\nbuild team',
    });
    expect(splitSignature('Patch attached.\n--\nJoe')).toEqual({
      body: 'Patch attached.',
      signature: '--\nJoe',
    });
  });

  it('ignores a -- delimiter further up than 15 lines from the end', () => {
    const text = [
      'Intro',
      '-- ',
      ...Array.from({ length: 15 }, (_, index) => `line ${index}`),
    ].join('\n');
    expect(splitSignature(text)).toEqual({ body: text });
  });

  it('does not take a line with other text around the dashes for a delimiter', () => {
    expect(splitSignature('Numbers\n--- \n-- x\n1 -- 2')).toEqual({
      body: 'Numbers\n--- \n-- x\n1 -- 2',
    });
  });

  it.each([
    ['Best regards,', 'Jane Doe'],
    ['Kind regards', 'Jane'],
    ['Regards,', 'J.'],
    ['Many thanks!', 'Jane'],
    ['Thanks again', 'Jane'],
    ['Thank you.', 'Jane'],
    ['Cheers, Jane', ''],
    ['Sincerely,', 'Jane Doe'],
    ['Yours faithfully,', 'Jane Doe'],
    ['Best,', 'Jane'],
    ['BR,', 'Jane'],
    ['Mit freundlichen Grüßen', 'Jana'],
    ['Viele Grüße', 'Jana'],
    ['Cordialement,', 'Jeanne'],
    ['Saludos', 'Juana'],
  ])('starts the signature at the sign-off %j', (signOff, name) => {
    const signature = name === '' ? signOff : `${signOff}\n${name}`;
    expect(splitSignature(`Hello,\nthe report is attached.\n\n${signature}`)).toEqual({
      body: 'Hello,\nthe report is attached.',
      signature,
    });
  });

  it('takes the highest sign-off line among the last 12 non-empty lines', () => {
    expect(splitSignature('See attached.\nThanks,\nJane\nRegards to the team')).toEqual({
      body: 'See attached.',
      signature: 'Thanks,\nJane\nRegards to the team',
    });
  });

  it('ignores sign-off words inside longer sentences and lines over 40 characters', () => {
    expect(splitSignature('Thanks for the quick reply.\nI will try it')).toEqual({
      body: 'Thanks for the quick reply.\nI will try it',
    });
    const long = 'Regards to everybody who came along to the meeting yesterday';
    expect(splitSignature(`Hi\n${long}`)).toEqual({ body: `Hi\n${long}` });
  });

  it('rejects a sign-off block of more than 12 lines or 600 characters', () => {
    // Blank lines count towards the 12 lines while only 7 non-empty lines sit below the sign-off.
    const tall = ['Hi', 'Thanks,', ...Array.from({ length: 6 }, (_, index) => `\nl${index}`)].join(
      '\n',
    );
    expect(splitSignature(tall).signature).toBe(undefined);
    const wide = `Hi\nThanks,\n${'x'.repeat(600)}`;
    expect(splitSignature(wide).signature).toBe(undefined);
  });

  it('keeps a reply that is only a sign-off as its body', () => {
    expect(splitSignature('Thanks!')).toEqual({ body: 'Thanks!' });
    expect(splitSignature('\n\nThanks,\nJane')).toEqual({ body: 'Thanks,\nJane' });
  });

  it('always moves sent-from-my-device lines to the signature', () => {
    expect(splitSignature('On my way.\n\nSent from my iPhone')).toEqual({
      body: 'On my way.',
      signature: 'Sent from my iPhone',
    });
    expect(splitSignature('On my way.\nSent from my BlackBerry\nThanks,\nJoe')).toEqual({
      body: 'On my way.',
      signature: 'Sent from my BlackBerry\nThanks,\nJoe',
    });
  });

  it('returns an empty body unchanged', () => {
    expect(splitSignature('')).toEqual({ body: '' });
    expect(splitSignature('\n  \n')).toEqual({ body: '' });
  });
});
