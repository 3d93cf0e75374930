import { describe, expect, it } from 'vitest';

import { labellingBody, parseAnnotationLine, parseCommentLine } from './upload-lines.js';

const line = (value: unknown) => JSON.stringify(value);
const base = { id: 'c1', timestamp: '2025-02-03T09:00:00Z', messages: [{ body: { text: 'hi' } }] };

describe('comment upload lines', () => {
  it('keeps the official keys, drops blank string properties and converts legacy labelling', () => {
    const parsed = parseCommentLine(
      line({
        comment: {
          ...base,
          uid: 'x.c1',
          created_at: '2025-01-01T00:00:00Z',
          user_properties: { 'string:A': ' ', 'string:B': 'b', 'number:N': 2 },
        },
        labelling: { assigned: [{ name: 'Refund', sentiment: 'positive' }] },
      }),
      1,
    );
    expect(parsed.comment).toEqual({
      ...base,
      user_properties: { 'string:B': 'b', 'number:N': 2 },
    });
    expect(parsed.annotation).toEqual({
      commentId: 'c1',
      labelling: [{ group: 'default', assigned: [{ name: 'Refund', sentiment: 'positive' }] }],
    });
  });

  it('reports the line number and the reason', () => {
    expect(() => parseCommentLine('{"comment":{}}', 7)).toThrow(
      'Could not parse comment at line 7 from input stream',
    );
    try {
      parseCommentLine(line({ comment: { ...base, user_properties: { Other: 'x' } } }), 3);
    } catch (error) {
      expect((error as Error).cause).toBeInstanceOf(Error);
      expect(((error as Error).cause as Error).message).toContain(
        'must start with `string:` or `number:`',
      );
    }
    expect(() =>
      parseCommentLine(line({ comment: { ...base, timestamp: '2025-02-03' } }), 1),
    ).toThrow();
    expect(() =>
      parseCommentLine(
        line({
          comment: base,
          labelling: [{ group: 'default', assigned: [{ name: 'A', sentiment: 'meh' }] }],
        }),
        1,
      ),
    ).toThrow();
  });

  it('accepts labels without sentiment and leaves the default to the server (api.md §3.9.4)', () => {
    const parsed = parseAnnotationLine(
      line({ comment: { id: 'c1' }, labelling: [{ group: 'default', assigned: [{ name: 'A' }] }] }),
      1,
    );
    expect(labellingBody(parsed!)).toEqual({
      labelling: [{ group: 'default', assigned: [{ name: 'A' }] }],
    });
  });

  it('skips annotation lines without annotations and sends moon forms with entities only', () => {
    expect(parseAnnotationLine(line({ comment: { id: 'c1' } }), 1)).toBeNull();
    const annotation = parseAnnotationLine(
      line({
        comment: { id: 'c1' },
        labelling: [{ group: 'default', assigned: [{ name: 'A', sentiment: 'positive' }] }],
        moon_forms: [
          { group: 'default', assigned: [{ label: { name: 'A', sentiment: 'positive' } }] },
        ],
      }),
      1,
    );
    expect(annotation).not.toBeNull();
    expect(Object.keys(labellingBody(annotation!))).toEqual(['moon_forms']);
  });
});
