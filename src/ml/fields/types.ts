/** One extraction inside one text part: `start`/`end` are UTF-16 code units, end exclusive (ml.md §8.3). */
export type Extraction = {
  kind: string;
  start: number;
  end: number;
  formatted_value: string;
};

/** What the extractors need to know about the comment and its dataset. */
export type FieldContext = {
  /** The comment's date in the dataset's time zone: the reference for relative and year-less dates. */
  reference: CalendarDate;
  /** `_preferred_locales.default` is month-first (en-US …): decides `03/04/2024`. */
  monthFirst: boolean;
  /** The ISO code `$` stands for (USD unless the locale's country has its own dollar). */
  dollar: string;
};

export type CalendarDate = { year: number; month: number; day: number };

/** Text before a match must not end in a letter or digit, text after must not start with one. */
export const BEFORE = '(?<![\\p{L}\\p{N}])';
export const AFTER = '(?![\\p{L}\\p{N}])';

/** Every match of a global regex (empty matches skipped so the scan always advances). */
export function* matchesOf(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    if (match[0] === '') {
      pattern.lastIndex += 1;
      continue;
    }
    yield match;
  }
}
