import { beforeAll, describe, expect, it } from 'vitest';

import { createMiniLmTokenizer } from './minilm-embedder.js';
import { bertNormalize, bertPreTokenize, type WordPieceTokenizer } from './wordpiece-tokenizer.js';

// The native MiniLM engine feeds the model the ids of this tokenizer, the WebAssembly engine those of
// Hugging Face tokenizers; the ids below are what Hugging Face gives for the bert-base-uncased vocabulary
// all-MiniLM-L6-v2 uses. minilm-native.test.ts checks the same texts end to end against the engine.

const CLS = 101;
const SEP = 102;
const UNK = 100;

describe('BERT normalisation and pre-tokenisation', () => {
  it('lower-cases, strips accents and isolates punctuation', () => {
    expect(bertPreTokenize(bertNormalize('Héllò hôw are ü?'))).toEqual([
      'hello',
      'how',
      'are',
      'u',
      '?',
    ]);
  });

  it('drops control characters but keeps tab, CR and LF as spaces', () => {
    expect(bertPreTokenize(bertNormalize('tab\there\r\nnext nul\u0000led v\u000btab'))).toEqual([
      'tab',
      'here',
      'next',
      'nulled',
      'vtab',
    ]);
  });

  it('puts every CJK ideograph on its own, but not kana', () => {
    expect(bertPreTokenize(bertNormalize('東京タワー'))).toEqual(['東', '京', 'タワー']);
  });

  it('treats ASCII symbols as punctuation, as BERT does', () => {
    expect(bertPreTokenize(bertNormalize('$5,000+tax=a|b'))).toEqual([
      '$',
      '5',
      ',',
      '000',
      '+',
      'tax',
      '=',
      'a',
      '|',
      'b',
    ]);
  });

  it('lower-cases one code point at a time (no final sigma)', () => {
    expect(bertNormalize('ΟΔΟΣ')).toBe('οδοσ');
  });
});

describe('WordPiece ids of all-MiniLM-L6-v2', () => {
  let tokenizer: WordPieceTokenizer;
  beforeAll(async () => {
    tokenizer = await createMiniLmTokenizer();
  });

  const ids = (text: string) => Array.from(tokenizer.encode(text));

  it('wraps the ids in [CLS] … [SEP]', () => {
    expect(ids('Hello, world!')).toEqual([CLS, 7592, 1010, 2088, 999, SEP]);
    expect(ids('')).toEqual([CLS, SEP]);
  });

  it('splits an unknown word greedily into the longest known pieces', () => {
    // una ##ffa ##ble
    expect(ids('unaffable')).toEqual([CLS, 14477, 20961, 3468, SEP]);
  });

  it('maps a word it cannot spell, or one over 100 characters, to one [UNK]', () => {
    expect(ids('🙂 ok')).toEqual([CLS, UNK, 7929, SEP]);
    expect(ids(`${'x'.repeat(101)} ok`)).toEqual([CLS, UNK, 7929, SEP]);
  });

  it('recognises special tokens written in the text, case-sensitively', () => {
    // hello [SEP] world [ cl ##s ]
    expect(ids('hello[SEP]world [cls]')).toEqual([
      CLS,
      7592,
      SEP,
      2088,
      1031,
      18856,
      2015,
      1033,
      SEP,
    ]);
  });

  it('truncates to the 256-token window, [CLS] and [SEP] included', () => {
    const encoded = ids('word '.repeat(400));
    expect(encoded).toHaveLength(256);
    expect(encoded[0]).toBe(CLS);
    expect(encoded[255]).toBe(SEP);
    expect(new Set(encoded.slice(1, 255))).toEqual(new Set([2773]));
  });
});
