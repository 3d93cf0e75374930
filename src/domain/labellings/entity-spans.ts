import type { Entity, EntityInput, SpanInput } from '../../contracts/labellings.js';
import type { IdGenerator } from '../../lib/ids.js';
import type { EntityDefRecord } from '../../store/store.js';
import { invalid } from '../errors.js';

type TextPart = { text?: unknown };
type MessageParts = { body?: TextPart; subject?: TextPart; signature?: TextPart };

function codePoints(text: string, utf16Offset: number): number {
  return [...text.slice(0, utf16Offset)].length;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Checks a span against the text part it addresses and completes the char (code point) offsets. */
function completeSpan(
  span: SpanInput,
  messages: readonly unknown[],
  path: string,
): Entity['spans'][number] {
  const message = messages[span.message_index] as MessageParts | undefined;
  const text = message?.[span.content_part]?.text;
  if (typeof text !== 'string') {
    throw invalid(`${path}: message ${span.message_index} has no ${span.content_part}`);
  }
  const { utf16_byte_start: start, utf16_byte_end: end } = span;
  if (start > end || end > text.length) {
    throw invalid(
      `${path}: span ${start}–${end} lies outside the ${span.content_part} (${text.length} UTF-16 units)`,
    );
  }
  if (
    isLowSurrogate(text.charCodeAt(start)) ||
    (end < text.length && isLowSurrogate(text.charCodeAt(end)))
  ) {
    throw invalid(`${path}: span boundaries must not split a character`);
  }
  const charStart = codePoints(text, start);
  const charEnd = codePoints(text, end);
  if (
    (span.char_start !== undefined && span.char_start !== charStart) ||
    (span.char_end !== undefined && span.char_end !== charEnd)
  ) {
    throw invalid(
      `${path}: char offsets ${span.char_start ?? '?'}–${span.char_end ?? '?'} disagree with the UTF-16 offsets`,
    );
  }
  return {
    content_part: span.content_part,
    message_index: span.message_index,
    char_start: charStart,
    char_end: charEnd,
    utf16_byte_start: start,
    utf16_byte_end: end,
  };
}

/** EntityNew → Entity (api.md §4.6.2): the kind must be an entity def of the dataset; spans are checked. */
export function buildEntity(
  input: EntityInput,
  messages: readonly unknown[],
  entityDefs: readonly EntityDefRecord[],
  ids: IdGenerator,
  path: string,
): Entity {
  const kind = input.name ?? input.kind;
  if (kind === undefined || !entityDefs.some((def) => def.name === kind)) {
    throw invalid(`${path}.name: '${kind ?? ''}' is not an entity def of this dataset`);
  }
  const spanInputs = input.spans ?? (input.span ? [input.span] : []);
  if (spanInputs.length === 0) {
    throw invalid(`${path}: at least one span is required`);
  }
  const spans = spanInputs.map((span, index) =>
    completeSpan(span, messages, `${path}.spans[${index}]`),
  );
  return {
    id: input.id ?? ids.next(),
    name: kind,
    kind,
    formatted_value: input.formatted_value,
    spans,
    span: spans[0]!,
    ...(input.field_id === undefined ? {} : { field_id: input.field_id }),
  };
}
