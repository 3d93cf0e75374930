// ml.md §1.1 `norm`: the splitting rules of ml.md §1.2 match lines after this normalisation, while the
// text that ends up in a comment keeps its original characters.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/** ml.md §1.1 normalisation: NFKC, `\r\n`/`\r` → `\n`, zero-width characters removed, NBSP → space. */
export function norm(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, '')
    .replace(/\u00A0/g, ' ');
}
