import type { CommentNew, SyncCounts } from '../../contracts/comments.js';
import type { SyncRawEmailsBody } from '../../contracts/emails.js';
import { syncComments } from '../comments/sync-comments.js';
import type { CallContext } from '../context.js';
import { AppError, invalid, type ValidationIssue } from '../errors.js';
import { checkTransformTag } from '../sources/manage-sources.js';
import { resolveSource, type SourceRef } from '../sources/source-access.js';

import { parseRawEmail } from './parse-raw-email.js';

/**
 * `POST …/sync-raw-emails` (api.md §6.1.3): every document is parsed first (a failure names its index
 * and nothing is written), then the comments are upserted exactly like `sync`.
 */
export async function syncRawEmails(
  context: CallContext,
  ref: SourceRef,
  body: SyncRawEmailsBody,
): Promise<SyncCounts & { comments?: CommentNew[] }> {
  const source = await resolveSource(context, context.deps.store, ref, 'sources-add-comments');
  const transformTag = body.transform_tag ?? source.email_transform_tag;
  if (transformTag === null) {
    throw invalid(
      `transform_tag is required: source '${source.owner}/${source.name}' has no email_transform_tag`,
    );
  }
  checkTransformTag(transformTag);
  const issues: ValidationIssue[] = [];
  const comments: CommentNew[] = [];
  for (const [index, document] of body.documents.entries()) {
    const parsed = await parseRawEmail(document, {
      transformTag,
      overrideUserProperties: body.override_user_properties ?? [],
    });
    if (parsed.ok) {
      comments.push(parsed.value);
    } else {
      issues.push({ path: `documents[${index}]`, message: parsed.error });
    }
  }
  const first = issues[0];
  if (first) {
    throw new AppError('invalid_request', `${first.path}: ${first.message}`, { errors: issues });
  }
  const counts = await syncComments(context, ref, comments);
  return body.include_comments ? { ...counts, comments } : counts;
}
