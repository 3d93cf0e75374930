import type { HttpMethod } from '../contracts/route.js';

/** The official CLI's back-off: waits of 5 s, 10 s and 20 s before the three retries (cli.md §2.4). */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [5_000, 10_000, 20_000];

const SEGMENT = '[^/]+';
// A project-owned resource: `owner/name` (two segments) or `id:<hex>` (one).
const OWNED = `(?:${SEGMENT}/${SEGMENT}|id:${SEGMENT})`;

/** POSTs the official client treats as safe to replay (api.md §3.11). */
const IDEMPOTENT_POSTS: readonly RegExp[] = [
  new RegExp(`^/api/v1/sources/${OWNED}/sync$`),
  new RegExp(`^/api/v1/sources/${OWNED}/sync-raw-emails$`),
  new RegExp(`^/api/_private/datasets/${OWNED}/labellings/${SEGMENT}$`),
  new RegExp(`^/api/_private/datasets/${OWNED}/(?:query|summary)$`),
  new RegExp(`^/api/v1/datasets/${OWNED}/labellers/${SEGMENT}/predict-comments$`),
  new RegExp(`^/api/_private/datasets/${OWNED}/labellers$`),
  new RegExp(`^/api/_private/datasets/${OWNED}/labellers/${SEGMENT}/label-validation$`),
  // Updates of sources, datasets, projects and users.
  new RegExp(`^/api/v1/(?:sources|datasets)/${OWNED}$`),
  new RegExp(`^/api/_private/projects/${SEGMENT}$`),
  new RegExp(`^/api/_private/users/${SEGMENT}$`),
  new RegExp(`^/api/_private/quotas(?:/${SEGMENT})*$`),
  /^\/auth\/refresh-user-permissions$/,
  new RegExp(`^/api/_private/buckets/${OWNED}/emails$`),
  new RegExp(`^/api/_private/buckets/${OWNED}/keyed-sync-state-ids$`),
  /^\/api\/v1\/audit_events\/query$/,
];

/**
 * Whether the official client retries this request on 409/429/5xx, timeouts and connection errors:
 * every GET and DELETE, every PUT except integration create, and the idempotent POSTs above. Stream
 * fetch/advance/reset, statistics, welcome emails and integration create/update are never retried.
 */
export function isRetriedRequest(method: HttpMethod, path: string): boolean {
  const bare = path.split('?')[0] ?? path;
  switch (method) {
    case 'GET':
    case 'DELETE':
      return true;
    case 'PUT':
      return !bare.startsWith('/api/_private/integrations/');
    case 'POST':
      return IDEMPOTENT_POSTS.some((pattern) => pattern.test(bare));
    case 'PATCH':
      return false;
  }
}
