// ml.md §8.3: spans are UTF-16 code-unit offsets internally; the wire adds code-point offsets.

export type ContentPart = 'subject' | 'body' | 'signature';

export type WireSpan = {
  content_part: ContentPart;
  message_index: number;
  char_start: number;
  char_end: number;
  utf16_byte_start: number;
  utf16_byte_end: number;
};

/** Code points in `text.slice(0, offset)` (a surrogate pair counts once). */
export function codePointOffset(text: string, offset: number): number {
  let points = 0;
  for (let index = 0; index < offset; index += 1) {
    const code = text.charCodeAt(index);
    // A high surrogate followed by a low one is one code point: count it at the high half.
    if (code >= 0xdc00 && code <= 0xdfff && index > 0) {
      const previous = text.charCodeAt(index - 1);
      if (previous >= 0xd800 && previous <= 0xdbff) {
        continue;
      }
    }
    points += 1;
  }
  return points;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Offset conversion for one text: the identity when the text has no surrogate pair (most email),
 * else a table of code-point counts built once, so that many spans do not each rescan the text.
 */
export function codePointMapper(text: string): (offset: number) => number {
  if (!SURROGATE.test(text)) {
    return (offset) => offset;
  }
  const table = new Int32Array(text.length + 1);
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const previous = index > 0 ? text.charCodeAt(index - 1) : 0;
    // The low half of a pair adds no code point: it was counted with its high half.
    const pairTail = code >= 0xdc00 && code <= 0xdfff && previous >= 0xd800 && previous <= 0xdbff;
    table[index + 1] = table[index]! + (pairTail ? 0 : 1);
  }
  return (offset) => table[offset]!;
}

/** The wire form of `[start, end)` in a part's text. */
export function toWireSpan(
  text: string,
  part: ContentPart,
  messageIndex: number,
  start: number,
  end: number,
  points: (offset: number) => number = (offset) => codePointOffset(text, offset),
): WireSpan {
  return {
    content_part: part,
    message_index: messageIndex,
    char_start: points(start),
    char_end: points(end),
    utf16_byte_start: start,
    utf16_byte_end: end,
  };
}
