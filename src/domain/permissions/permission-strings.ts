// api.md §3.8.1: the project permission strings Sift interprets, in the `triggers-*` spelling it stores
// when it grants the full set (project creation, §5.2).
export const PROJECT_PERMISSIONS = [
  'sources-read',
  'sources-read-sensitive',
  'sources-add-comments',
  'sources-admin',
  'sources-translate',
  'voc-readonly',
  'voc',
  'datasets-review',
  'datasets-admin',
  'datasets-model-admin',
  'datasets-export',
  'triggers-read',
  'triggers-write',
  'triggers-consume',
  'triggers-admin',
  'users-read',
  'users-write',
  'buckets-read',
  'buckets-items-read',
  'buckets-append',
  'buckets-write',
  'integrations-read',
  'integrations-write',
] as const;

export type ProjectPermission = (typeof PROJECT_PERMISSIONS)[number];

export const GLOBAL_PERMISSIONS_INTERPRETED = [
  'root',
  'tenant-admin',
  'projects-admin',
  'audit-read',
  'tenant-quota-read',
  'tenant-quota-write',
] as const;

export type GlobalPermission = (typeof GLOBAL_PERMISSIONS_INTERPRETED)[number];
