import { sha256Hex } from '../../lib/hash.js';
import { canonicalJson } from '../../lib/json.js';

import type { NormalizedComment } from './validate-comment.js';

/**
 * Digest of the client fields that sync compares (api.md §5.5.1): JSON value equality, so key order does
 * not matter and `7` equals `7.0`. Server-assigned attachment keys are not part of it.
 */
export function commentFingerprint(comment: NormalizedComment): string {
  return sha256Hex(
    canonicalJson({
      timestamp: comment.timestamp,
      messages: comment.messages,
      user_properties: comment.user_properties,
      thread_id: comment.thread_id,
      text_format: comment.text_format,
      attachments: comment.attachments.map(({ attachment_reference: _ref, ...rest }) => rest),
    }),
  );
}

type TextParts = {
  body?: { text?: unknown };
  subject?: { text?: unknown };
  signature?: { text?: unknown };
};

/** True when the number of messages or any body/subject/signature text differs. */
export function textChanged(before: readonly unknown[], after: readonly unknown[]): boolean {
  if (before.length !== after.length) {
    return true;
  }
  return before.some((message, index) => {
    const left = message as TextParts;
    const right = after[index] as TextParts;
    return (
      left.body?.text !== right.body?.text ||
      left.subject?.text !== right.subject?.text ||
      left.signature?.text !== right.signature?.text
    );
  });
}

export function messagesEqual(before: readonly unknown[], after: readonly unknown[]): boolean {
  return canonicalJson(before) === canonicalJson(after);
}
