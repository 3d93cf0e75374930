import type { QuotaLimitRecord, Store } from '../../store/store.js';
import { invalid } from '../errors.js';

/** api.md §6.11, sorted: the closed vocabulary of quota kinds. */
export const QUOTA_KINDS = [
  'alerts',
  'buckets',
  'comments',
  'comments_in_ixp_designtime',
  'comments_in_ixp_runtime',
  'comments_per_source',
  'datasets',
  'datasets_per_source',
  'entities_per_dataset',
  'extraction_predictions',
  'integrations',
  'labels_per_dataset',
  'mailboxes_per_integration',
  'pinned_models',
  'projects',
  'reviewed_comments_per_dataset',
  'sources',
  'sources_per_dataset',
  'triggers',
  'triggers_per_dataset',
  'users',
] as const;

export type QuotaKind = (typeof QUOTA_KINDS)[number];

export function isQuotaKind(kind: string): kind is QuotaKind {
  return (QUOTA_KINDS as readonly string[]).includes(kind);
}

export function defaultHardLimit(kind: string): number {
  return kind === 'pinned_models' ? 100 : 1_000_000_000;
}

export function quotaExceeded(kind: string, limit: number): Error {
  return invalid(`Quota '${kind}' exceeded (limit ${limit})`);
}

async function storedLimit(
  store: Store,
  tenantId: string,
  kind: QuotaKind,
): Promise<QuotaLimitRecord | undefined> {
  return (await store.quotas.list(tenantId)).find((limit) => limit.quota_kind === kind);
}

/**
 * Refuses `added` more comments in a source when that breaks a stored `comments_per_source` or
 * `comments` limit. Only stored limits are counted against: the defaults (10⁹) are out of reach, and
 * counting a large source on every sync would cost the ingest path a scan.
 */
export async function checkCommentQuotas(
  store: Store,
  tenantId: string,
  sourceId: string,
  added: number,
): Promise<void> {
  if (added === 0) {
    return;
  }
  const limits = await store.quotas.list(tenantId);
  const perSource = limits.find((limit) => limit.quota_kind === 'comments_per_source');
  if (
    perSource !== undefined &&
    (await store.quotas.commentsInSource(sourceId)) + added > perSource.hard_limit
  ) {
    throw quotaExceeded('comments_per_source', perSource.hard_limit);
  }
  const total = limits.find((limit) => limit.quota_kind === 'comments');
  if (
    total !== undefined &&
    ((await store.quotas.usage())['comments'] ?? 0) + added > total.hard_limit
  ) {
    throw quotaExceeded('comments', total.hard_limit);
  }
}

/** Refuses creating one more resource of a counted kind (`buckets`, `sources`) over a stored limit. */
export async function checkCreateQuota(
  store: Store,
  tenantId: string,
  kind: 'buckets' | 'sources',
): Promise<void> {
  const limit = await storedLimit(store, tenantId, kind);
  if (limit !== undefined && ((await store.quotas.usage())[kind] ?? 0) + 1 > limit.hard_limit) {
    throw quotaExceeded(kind, limit.hard_limit);
  }
}
