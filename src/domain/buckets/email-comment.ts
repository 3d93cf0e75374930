import type { CommentNew } from '../../contracts/comments.js';
import type { RawEmailDocument } from '../../contracts/emails.js';
import { sha256Hex } from '../../lib/hash.js';
import { type Result, err, ok } from '../../lib/result.js';
import { parseRawEmail } from '../emails/parse-raw-email.js';

/** The fields of a stored or incoming email the bucket → source pipeline reads (api.md §6.2). */
export type EmailForComment = {
  id: string;
  timestamp: string;
  mime_content: string;
  metadata: Record<string, unknown> | null;
  attachments: readonly Record<string, unknown>[];
};

/** api.md §6.1.2: the first 32 hex characters of SHA-256 of the id without angle brackets. */
export function commentIdOfEmail(emailId: string): string {
  const trimmed = emailId.trim();
  const bare = /^<([^<>]*)>$/.exec(trimmed)?.[1]?.trim() ?? trimmed;
  return sha256Hex(bare).slice(0, 32);
}

/** Splits an RFC 822 message at the first empty line into its header block and its body. */
function splitMessage(mime: string): { headers: string; body: string } {
  const match = /\r?\n\r?\n/.exec(mime);
  if (!match) {
    return { headers: mime, body: '' };
  }
  return { headers: mime.slice(0, match.index), body: mime.slice(match.index + match[0].length) };
}

/**
 * One email of a bucket as the comment its readers receive: parsed like `sync-raw-emails` (threading,
 * quoted history and signature split), with the comment id derived from the email id and the email's
 * own timestamp, plus `string:Folder`. A message without a Date header takes the email's timestamp.
 */
export async function emailToComment(
  email: EmailForComment,
  transformTag: string,
): Promise<Result<CommentNew, string>> {
  const split = splitMessage(email.mime_content);
  const body = split.body;
  let headers = split.headers;
  if (!/^date:/im.test(headers)) {
    headers = `${headers}${headers === '' ? '' : '\r\n'}Date: ${new Date(email.timestamp).toUTCString()}`;
  }
  const document: RawEmailDocument = {
    raw_email: {
      headers: { raw: headers },
      body: { plain: body },
      attachments: email.attachments as NonNullable<RawEmailDocument['raw_email']['attachments']>,
    },
    comment_id: commentIdOfEmail(email.id),
  };
  const parsed = await parseRawEmail(document, { transformTag });
  if (!parsed.ok) {
    return err(parsed.error);
  }
  const comment: CommentNew = { ...parsed.value, timestamp: email.timestamp };
  const folder = email.metadata?.['folder'];
  if (
    Array.isArray(folder) &&
    folder.length > 0 &&
    folder.every((part) => typeof part === 'string')
  ) {
    comment.user_properties = { ...comment.user_properties, 'string:Folder': folder.join('/') };
  }
  return ok(comment);
}
