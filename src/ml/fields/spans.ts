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

/** The wire form of `[start, end)` in a part's text. */
export function toWireSpan(
  text: string,
  part: ContentPart,
  messageIndex: number,
  start: number,
  end: number,
): WireSpan {
  return {
    content_part: part,
    message_index: messageIndex,
    char_start: codePointOffset(text, start),
    char_end: codePointOffset(text, end),
    utf16_byte_start: start,
    utf16_byte_end: end,
  };
}
