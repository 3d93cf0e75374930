import type { Email, EmailNew } from '../../contracts/buckets.js';
import type { CommentNew } from '../../contracts/comments.js';
import { sha256Hex } from '../../lib/hash.js';
import { canonicalJson } from '../../lib/json.js';
import { parseTimestamp } from '../../lib/timestamps.js';
import type { BucketRecord, EmailRecord, SourceRecord, Store } from '../../store/store.js';
import { upsertComments } from '../comments/sync-comments.js';
import type { CallContext } from '../context.js';
import type { Deps } from '../deps.js';
import { AppError, invalid, type ValidationIssue } from '../errors.js';
import { decodeContinuation, encodeContinuation } from '../pagination/continuation-token.js';
import { now } from '../time.js';

import { resolveBucket, type BucketRef } from './bucket-access.js';
import { emailToComment, type EmailForComment } from './email-comment.js';

/** The CLI's default tag; parses a bucket's emails when no source reads the bucket yet. */
const DEFAULT_TRANSFORM_TAG = 'generic.0.CONVKER5';
const DEFAULT_PAGE = 64;
const MAX_PAGE = 256;
/** Emails converted and upserted per step when a source back-fills from its bucket. */
const BACKFILL_PAGE = 1024;

type PreparedEmail = Omit<EmailRecord, 'bucket_id' | 'created_at' | 'updated_at'>;

function toEmailResponse(email: EmailRecord): Email {
  return {
    id: email.id,
    mailbox: email.mailbox,
    timestamp: email.timestamp,
    mime_content: email.mime_content,
    metadata: email.metadata,
    attachments: email.attachments,
    created_at: email.created_at,
    updated_at: email.updated_at,
  };
}

function emailFingerprint(email: Omit<PreparedEmail, 'fingerprint'>): string {
  return sha256Hex(
    canonicalJson({
      mailbox: email.mailbox,
      timestamp: email.timestamp,
      mime_content: email.mime_content,
      metadata: email.metadata,
      attachments: email.attachments,
    }),
  );
}

function throwIssues(issues: readonly ValidationIssue[]): void {
  const first = issues[0];
  if (first) {
    throw new AppError('invalid_request', `${first.path}: ${first.message}`, {
      errors: [...issues],
    });
  }
}

/** The sources that receive a bucket's emails: attached and with a transform tag (api.md §6.2). */
async function readersOf(store: Store, bucketId: string): Promise<SourceRecord[]> {
  const ids = await store.buckets.readerSourceIds(bucketId);
  const sources = await store.sources.getMany(ids);
  return sources
    .filter((source) => source.email_transform_tag !== null)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Converts emails to comments once per transform tag; a failure names the email's index. */
async function commentsByTag(
  emails: readonly EmailForComment[],
  tags: ReadonlySet<string>,
  cache: Map<string, CommentNew[]>,
): Promise<Map<string, CommentNew[]>> {
  for (const tag of tags) {
    if (cache.has(tag)) {
      continue;
    }
    const issues: ValidationIssue[] = [];
    const comments: CommentNew[] = [];
    for (const [index, email] of emails.entries()) {
      const parsed = await emailToComment(email, tag);
      if (parsed.ok) {
        comments.push(parsed.value);
      } else {
        issues.push({ path: `emails[${index}].mime_content`, message: parsed.error });
      }
    }
    throwIssues(issues);
    cache.set(tag, comments);
  }
  return cache;
}

async function feedReaders(
  store: Store,
  deps: Deps,
  tenantId: string,
  readers: readonly SourceRecord[],
  converted: Map<string, CommentNew[]>,
): Promise<void> {
  for (const source of readers) {
    const comments = converted.get(source.email_transform_tag ?? '') ?? [];
    if (comments.length > 0) {
      await upsertComments(store, deps, tenantId, source, comments);
    }
  }
}

/**
 * `PUT …/buckets/<p>/<b>/emails` (api.md §6.3): the whole batch is checked first (a bad email is a 400
 * naming its index and field; nothing is written), then emails are upserted by id and every source
 * reading the bucket receives them as comments, all in one transaction.
 */
export async function addEmails(
  context: CallContext,
  ref: BucketRef,
  input: readonly EmailNew[],
): Promise<void> {
  const prepared = prepareEmails(input);
  await storeEmails(
    context.deps,
    context.tenant.id,
    (store) => resolveBucket(context, store, ref, 'buckets-append'),
    prepared,
  );
}

/**
 * The same ingest for Sift's own mailbox connector, which acts for an integration rather than a
 * caller: no permission check, the bucket by id.
 */
export async function ingestEmails(
  deps: Deps,
  tenantId: string,
  bucketId: string,
  input: readonly EmailNew[],
): Promise<void> {
  await storeEmails(
    deps,
    tenantId,
    async (store) => {
      const bucket = await store.buckets.getById(bucketId);
      if (!bucket) {
        throw invalid(`Bucket 'id:${bucketId}' not found`);
      }
      return bucket;
    },
    prepareEmails(input),
  );
}

function prepareEmails(input: readonly EmailNew[]): PreparedEmail[] {
  const issues: ValidationIssue[] = [];
  const prepared: PreparedEmail[] = [];
  for (const [index, email] of input.entries()) {
    const timestamp = parseTimestamp(email.timestamp);
    if (!timestamp.ok) {
      issues.push({ path: `emails[${index}].timestamp`, message: timestamp.error });
      continue;
    }
    if (email.id.trim() === '') {
      issues.push({ path: `emails[${index}].id`, message: 'must not be blank' });
      continue;
    }
    const fields = {
      id: email.id,
      mailbox: email.mailbox,
      timestamp: timestamp.value,
      mime_content: email.mime_content,
      metadata: email.metadata ?? null,
      attachments: (email.attachments ?? []).map((attachment) => ({ ...attachment })),
    };
    prepared.push({ ...fields, fingerprint: emailFingerprint(fields) });
  }
  throwIssues(issues);
  return prepared;
}

async function storeEmails(
  deps: Deps,
  tenantId: string,
  resolve: (store: Store) => Promise<BucketRecord>,
  prepared: readonly PreparedEmail[],
): Promise<void> {
  const store = deps.store;
  // Parsing MIME is the slow part: do it before the write transaction, for the readers seen now, and
  // again inside only for a reader attached in between.
  const outside = await resolve(store);
  const converted = new Map<string, CommentNew[]>();
  const tagsOf = (readers: readonly SourceRecord[]) =>
    new Set(
      readers.length === 0
        ? [DEFAULT_TRANSFORM_TAG]
        : readers.map((source) => source.email_transform_tag ?? DEFAULT_TRANSFORM_TAG),
    );
  await commentsByTag(prepared, tagsOf(await readersOf(store, outside.id)), converted);

  await store.transaction(async (tx) => {
    const bucket = await resolve(tx);
    const readers = await readersOf(tx, bucket.id);
    await commentsByTag(prepared, tagsOf(readers), converted);
    await upsertEmails(tx, deps, bucket, prepared);
    await feedReaders(tx, deps, tenantId, readers, converted);
  });
}

async function upsertEmails(
  store: Store,
  deps: Deps,
  bucket: BucketRecord,
  prepared: readonly PreparedEmail[],
): Promise<void> {
  const at = now(deps);
  const stored = new Map(
    (
      await store.buckets.getEmails(
        bucket.id,
        prepared.map((email) => email.id),
      )
    ).map((email) => [email.id, email]),
  );
  const inserts = new Map<string, EmailRecord>();
  const replaces = new Map<string, EmailRecord>();
  for (const email of prepared) {
    const pending = inserts.get(email.id) ?? replaces.get(email.id);
    const prior = pending ?? stored.get(email.id);
    if (prior?.fingerprint === email.fingerprint) {
      continue;
    }
    const record: EmailRecord = {
      ...email,
      bucket_id: bucket.id,
      created_at: prior?.created_at ?? at,
      updated_at: at,
    };
    (stored.has(email.id) ? replaces : inserts).set(email.id, record);
  }
  await store.buckets.insertEmails([...inserts.values()]);
  await store.buckets.replaceEmails([...replaces.values()]);
}

/**
 * Gives a source every email its bucket already holds (api.md §6.2: emails stored before the
 * attachment are back-filled); runs in the caller's transaction.
 */
export async function backfillSourceFromBucket(
  store: Store,
  deps: Deps,
  tenantId: string,
  source: SourceRecord,
): Promise<void> {
  if (source.bucket_id === null || source.email_transform_tag === null) {
    return;
  }
  const tag = source.email_transform_tag;
  let after: { created_at: string; id: string } | undefined;
  for (;;) {
    const page = await store.buckets.pageEmails(source.bucket_id, {
      ...(after === undefined ? {} : { after }),
      limit: BACKFILL_PAGE,
    });
    const last = page.at(-1);
    if (!last) {
      return;
    }
    const comments: CommentNew[] = [];
    for (const email of page) {
      const parsed = await emailToComment(email, tag);
      // Stored emails were parsed when they arrived; one that a newer parser rejects is skipped
      // rather than blocking the source's update.
      if (parsed.ok) {
        comments.push(parsed.value);
      }
    }
    await upsertComments(store, deps, tenantId, source, comments);
    after = { created_at: last.created_at, id: last.id };
  }
}

type EmailsToken = { bucket_id: string; after: { created_at: string; id: string } };

/** `POST …/emails` (api.md §6.3): pages in (created_at, id) order with signed keyset tokens. */
export async function listEmails(
  context: CallContext,
  ref: BucketRef,
  body: { limit?: number; continuation?: string | null },
): Promise<{ emails: Email[]; continuation?: string }> {
  const limit = body.limit ?? DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw invalid(`limit must be between 1 and ${MAX_PAGE}`);
  }
  const store = context.deps.store;
  const bucket = await resolveBucket(context, store, ref, 'buckets-items-read');
  const secret = context.tenant.token_secret;
  let after: EmailsToken['after'] | undefined;
  if (body.continuation !== undefined && body.continuation !== null) {
    const token = decodeContinuation(secret, 'bucket-emails', body.continuation) as EmailsToken;
    if (token.bucket_id !== bucket.id) {
      throw invalid('Invalid continuation token: it belongs to another bucket');
    }
    after = token.after;
  }
  const rows = await store.buckets.pageEmails(bucket.id, {
    ...(after === undefined ? {} : { after }),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const emails = page.map(toEmailResponse);
  if (rows.length <= limit || !last) {
    return { emails };
  }
  const next: EmailsToken = {
    bucket_id: bucket.id,
    after: { created_at: last.created_at, id: last.id },
  };
  return { emails, continuation: encodeContinuation(secret, 'bucket-emails', next) };
}

export async function getEmail(context: CallContext, ref: BucketRef, id: string): Promise<Email[]> {
  const store = context.deps.store;
  const bucket = await resolveBucket(context, store, ref, 'buckets-items-read');
  return (await store.buckets.getEmails(bucket.id, [id])).map(toEmailResponse);
}
