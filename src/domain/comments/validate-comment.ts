import type { CommentNew, Message } from '../../contracts/comments.js';
import { parseTimestamp } from '../../lib/timestamps.js';
import type { ValidationIssue } from '../errors.js';

const MAX_ID_CODE_POINTS = 1024;
const MAX_USER_PROPERTIES = 256;
const CONTROL = /\p{Cc}/u;
const NESTED_ARRAYS = ['children', 'items', 'rows', 'cells', 'captions'] as const;

/** A comment as stored: canonical timestamps, `{}` for absent properties, unknown keys dropped. */
export type NormalizedComment = {
  id: string;
  timestamp: string;
  messages: Message[];
  thread_id: string | null;
  text_format: string | null;
  user_properties: Record<string, string | number>;
  attachments: Record<string, unknown>[];
  context: string | null;
};

export function checkCommentId(id: string, path: string, issues: ValidationIssue[]): void {
  if (id.length === 0 || [...id].length > MAX_ID_CODE_POINTS) {
    issues.push({ path, message: `comment ids must be 1–${MAX_ID_CODE_POINTS} characters` });
  } else if (CONTROL.test(id)) {
    issues.push({ path, message: 'comment ids must not contain control characters' });
  }
}

/** api.md §3.9.5: `string:` keys hold strings, `number:` keys finite numbers; nothing else. */
export function checkUserProperties(
  properties: Record<string, unknown>,
  path: string,
  issues: ValidationIssue[],
): void {
  const keys = Object.keys(properties);
  if (keys.length > MAX_USER_PROPERTIES) {
    issues.push({
      path,
      message: `at most ${MAX_USER_PROPERTIES} user properties (got ${keys.length})`,
    });
  }
  for (const key of keys) {
    const value = properties[key];
    if (key.startsWith('string:') && key.length > 7) {
      if (typeof value !== 'string') {
        issues.push({
          path: `${path}.${key}`,
          message: "values of 'string:' properties must be strings",
        });
      }
    } else if (key.startsWith('number:') && key.length > 7) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        issues.push({
          path: `${path}.${key}`,
          message: "values of 'number:' properties must be finite numbers",
        });
      }
    } else {
      issues.push({
        path: `${path}.${key}`,
        message: "user property names must start with 'string:' or 'number:' followed by a name",
      });
    }
  }
}

function checkMarkup(
  nodes: unknown,
  textLength: number,
  path: string,
  issues: ValidationIssue[],
): void {
  if (!Array.isArray(nodes)) {
    issues.push({ path, message: 'markup must be an array of nodes' });
    return;
  }
  nodes.forEach((node, index) => {
    const at = `${path}[${index}]`;
    if (
      node === null ||
      typeof node !== 'object' ||
      typeof (node as { kind?: unknown }).kind !== 'string'
    ) {
      issues.push({ path: at, message: "markup nodes must be objects with a string 'kind'" });
      return;
    }
    const record = node as Record<string, unknown>;
    const span = record['span'] as Record<string, unknown> | undefined;
    if (record['kind'] === 'text' && span !== undefined) {
      const start = span['char_start'];
      const end = span['char_end'];
      if (
        typeof start !== 'number' ||
        typeof end !== 'number' ||
        start < 0 ||
        end < start ||
        end > textLength
      ) {
        issues.push({ path: `${at}.span`, message: 'text spans must lie within the text' });
      }
    }
    checkNested(record, textLength, at, issues);
  });
}

/** `children` hold nodes; `items`, `rows`, `cells` and `captions` hold containers of nodes (lists, tables). */
function checkNested(
  record: Record<string, unknown>,
  textLength: number,
  path: string,
  issues: ValidationIssue[],
): void {
  for (const key of NESTED_ARRAYS) {
    if (!(key in record)) {
      continue;
    }
    const nested = record[key];
    if (!Array.isArray(nested)) {
      issues.push({ path: `${path}.${key}`, message: `'${key}' must be an array` });
    } else if (key === 'children') {
      checkMarkup(nested, textLength, `${path}.${key}`, issues);
    } else {
      nested.forEach((container, index) => {
        if (container === null || typeof container !== 'object') {
          issues.push({ path: `${path}.${key}[${index}]`, message: 'must be an object' });
        } else {
          checkNested(
            container as Record<string, unknown>,
            textLength,
            `${path}.${key}[${index}]`,
            issues,
          );
        }
      });
    }
  }
}

function checkRichText(
  part: {
    text: string;
    text_markup?: unknown;
    translated_from?: string;
    translated_from_markup?: unknown;
  },
  path: string,
  issues: ValidationIssue[],
): void {
  if (part.text_markup !== undefined) {
    checkMarkup(part.text_markup, part.text.length, `${path}.text_markup`, issues);
  }
  if (part.translated_from_markup !== undefined) {
    checkMarkup(
      part.translated_from_markup,
      (part.translated_from ?? '').length,
      `${path}.translated_from_markup`,
      issues,
    );
  }
}

/**
 * Checks what the schema cannot (timestamps, ids, property prefixes, markup) and returns the comment in
 * stored form; problems are appended to `issues` with paths like `comments[3].timestamp`.
 */
export function normalizeComment(
  comment: CommentNew,
  path: string,
  issues: ValidationIssue[],
): NormalizedComment | null {
  const before = issues.length;
  checkCommentId(comment.id, `${path}.id`, issues);
  const timestamp = parseTimestamp(comment.timestamp);
  if (!timestamp.ok) {
    issues.push({ path: `${path}.timestamp`, message: timestamp.error });
  }
  const messages = comment.messages.map((message, index) => {
    const at = `${path}.messages[${index}]`;
    checkRichText(message.body, `${at}.body`, issues);
    if (message.signature) {
      checkRichText(message.signature, `${at}.signature`, issues);
    }
    if (message.sent_at === undefined) {
      return message;
    }
    const sentAt = parseTimestamp(message.sent_at);
    if (!sentAt.ok) {
      issues.push({ path: `${at}.sent_at`, message: sentAt.error });
      return message;
    }
    return { ...message, sent_at: sentAt.value };
  });
  const properties = comment.user_properties ?? {};
  checkUserProperties(properties, `${path}.user_properties`, issues);
  if (issues.length > before || !timestamp.ok) {
    return null;
  }
  return {
    id: comment.id,
    timestamp: timestamp.value,
    messages,
    thread_id: comment.thread_id ?? null,
    text_format: comment.text_format ?? null,
    user_properties: properties,
    attachments: (comment.attachments ?? []).map(
      ({ attachment_reference: _ignored, ...rest }) => rest,
    ),
    context: comment.context ?? null,
  };
}
