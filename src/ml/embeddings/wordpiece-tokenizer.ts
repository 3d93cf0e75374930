// The BERT uncased WordPiece tokenizer that all-MiniLM-L6-v2 was trained with, read from the model's
// `tokenizer.json` (Hugging Face tokenizers format). The WebAssembly engine tokenizes internally and
// exposes no ids, so the native engine needs its own; it follows the Hugging Face pipeline step by
// step (docs/native-embedder.md) so both engines feed the model the same ids:
//   1. special tokens written literally in the text (`[CLS]`, `[SEP]`, …) are matched first, on the
//      raw text, because tokenizer.json marks them `normalized: false`;
//   2. BertNormalizer: drop NUL, U+FFFD and control/format/unassigned characters (tab, CR and LF
//      excepted), map whitespace to a space, pad CJK ideographs with spaces, strip accents (NFD, drop
//      non-spacing marks), lower-case code point by code point;
//   3. BertPreTokenizer: split on whitespace, isolate every punctuation character (ASCII punctuation
//      and Unicode category P);
//   4. WordPiece: greedy longest match with the `##` prefix; a word longer than 100 code points or
//      with an unmatched remainder becomes one [UNK];
//   5. truncate to the window and wrap in [CLS] … [SEP].

type TokenizerJson = {
  readonly added_tokens?: readonly { id: number; content: string; special?: boolean }[];
  readonly normalizer?: { type?: string; lowercase?: boolean; strip_accents?: boolean | null };
  readonly model?: {
    type?: string;
    unk_token?: string;
    continuing_subword_prefix?: string;
    max_input_chars_per_word?: number;
    vocab?: Record<string, number>;
  };
};

export type WordPieceTokenizer = {
  /** Token ids including [CLS] and [SEP], at most `maxTokens` of them. */
  encode(text: string): Int32Array;
};

const CONTROL_OR_UNASSIGNED = /\p{C}/u;
const WHITESPACE = /[\t\n\r\p{White_Space}]/u;
const PUNCTUATION = /[!-/:-@[-`{-~\p{P}]/u;
const NON_SPACING_MARK = /\p{Mn}/gu;

function isChineseChar(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x20000 && code <= 0x2a6df) ||
    (code >= 0x2a700 && code <= 0x2b73f) ||
    (code >= 0x2b740 && code <= 0x2b81f) ||
    (code >= 0x2b920 && code <= 0x2ceaf) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x2f800 && code <= 0x2fa1f)
  );
}

/** BertNormalizer with clean_text, handle_chinese_chars, strip_accents and lowercase all on. */
export function bertNormalize(text: string): string {
  let cleaned = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code === 0 || code === 0xfffd) {
      continue;
    }
    // Tab, CR and LF are controls too but count as whitespace; other controls (\v, \f, U+0085)
    // are dropped even though they are whitespace.
    if (code === 9 || code === 10 || code === 13) {
      cleaned += ' ';
    } else if (CONTROL_OR_UNASSIGNED.test(char)) {
      continue;
    } else if (WHITESPACE.test(char)) {
      cleaned += ' ';
    } else if (isChineseChar(code)) {
      cleaned += ` ${char} `;
    } else {
      cleaned += char;
    }
  }
  const stripped = cleaned.normalize('NFD').replace(NON_SPACING_MARK, '');
  // Per code point, as the Rust normalizer does: String#toLowerCase would turn a word-final Σ into ς.
  let lowered = '';
  for (const char of stripped) {
    lowered += char.toLowerCase();
  }
  return lowered;
}

/** BertPreTokenizer: whitespace-separated words with every punctuation character on its own. */
export function bertPreTokenize(text: string): string[] {
  const words: string[] = [];
  let current = '';
  for (const char of text) {
    if (WHITESPACE.test(char)) {
      if (current !== '') {
        words.push(current);
        current = '';
      }
    } else if (PUNCTUATION.test(char)) {
      if (current !== '') {
        words.push(current);
        current = '';
      }
      words.push(char);
    } else {
      current += char;
    }
  }
  if (current !== '') {
    words.push(current);
  }
  return words;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Builds the tokenizer from the parsed `tokenizer.json` of a BERT uncased WordPiece model. */
export function createWordPieceTokenizer(
  json: TokenizerJson,
  maxTokens: number,
): WordPieceTokenizer {
  const model = json.model;
  if (model?.type !== 'WordPiece' || model.vocab === undefined) {
    throw new Error(`expected a WordPiece tokenizer, got ${model?.type ?? 'none'}`);
  }
  if (json.normalizer?.type !== 'BertNormalizer' || json.normalizer.lowercase !== true) {
    throw new Error('expected an uncased BertNormalizer');
  }
  const vocab = new Map(Object.entries(model.vocab));
  const idOf = (token: string): number => {
    const id = vocab.get(token);
    if (id === undefined) {
      throw new Error(`the vocabulary has no ${token}`);
    }
    return id;
  };
  const unk = idOf(model.unk_token ?? '[UNK]');
  const cls = idOf('[CLS]');
  const sep = idOf('[SEP]');
  const prefix = model.continuing_subword_prefix ?? '##';
  const maxChars = model.max_input_chars_per_word ?? 100;
  const added = (json.added_tokens ?? []).filter((token) => token.content !== '');
  const addedIds = new Map(added.map((token) => [token.content, token.id]));
  // Longest first, so that a special token containing another one wins.
  const addedPattern =
    added.length === 0
      ? null
      : new RegExp(
          `(${[...addedIds.keys()]
            .sort((a, b) => b.length - a.length)
            .map(escapeRegExp)
            .join('|')})`,
        );
  const cache = new Map<string, number[]>();

  const wordPiece = (word: string): number[] => {
    const cached = cache.get(word);
    if (cached !== undefined) {
      return cached;
    }
    const chars = Array.from(word);
    let pieces: number[] = [];
    if (chars.length > maxChars) {
      pieces = [unk];
    } else {
      let start = 0;
      while (start < chars.length) {
        let end = chars.length;
        let found: number | undefined;
        while (start < end) {
          const piece = chars.slice(start, end).join('');
          found = vocab.get(start > 0 ? prefix + piece : piece);
          if (found !== undefined) {
            break;
          }
          end -= 1;
        }
        if (found === undefined) {
          pieces = [unk];
          break;
        }
        pieces.push(found);
        start = end;
      }
    }
    // Bounded: a long email stream must not grow the cache without limit.
    if (cache.size >= 50_000) {
      cache.clear();
    }
    cache.set(word, pieces);
    return pieces;
  };

  return {
    encode(text) {
      const budget = Math.max(0, maxTokens - 2);
      const ids: number[] = [cls];
      const segments = addedPattern === null ? [text] : text.split(addedPattern);
      outer: for (let index = 0; index < segments.length; index += 1) {
        const segment = segments[index]!;
        // split() with a capture group puts the matched special tokens at the odd indices.
        if (index % 2 === 1) {
          if (ids.length - 1 >= budget) {
            break;
          }
          ids.push(addedIds.get(segment)!);
          continue;
        }
        for (const word of bertPreTokenize(bertNormalize(segment))) {
          for (const id of wordPiece(word)) {
            if (ids.length - 1 >= budget) {
              break outer;
            }
            ids.push(id);
          }
        }
      }
      ids.push(sep);
      return Int32Array.from(ids);
    },
  };
}
