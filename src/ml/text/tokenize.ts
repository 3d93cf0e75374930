// ml.md §1.1 and §1.4 token definitions. Regexes are created per call (they are global and stateful).

/** ml.md §1.4 step 2: the sparse-channel tokens, matches of `[\p{L}\p{M}\p{N}]+` in order. */
export function sparseTokens(text: string): string[] {
  return text.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

/** ml.md §1.1 word count: the number of `[\p{L}\p{N}]+` runs. */
export function countWords(text: string): number {
  const pattern = /[\p{L}\p{N}]+/gu;
  let count = 0;
  while (pattern.exec(text) !== null) {
    count += 1;
  }
  return count;
}

/** Collapses every whitespace run to one space and trims (ml.md §1.3 step 1). */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** Cuts `text` to at most `limit` UTF-16 code units without splitting a surrogate pair. */
export function capCodeUnits(text: string, limit: number): string {
  if (text.length <= limit) {
    return text;
  }
  let end = limit;
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) {
    end -= 1;
  }
  return text.slice(0, end);
}
