import {
  type GlobalPermission,
  PROJECT_PERMISSIONS,
  type ProjectPermission,
} from './permission-strings.js';

// The official CLI writes `streams-*`, the server `triggers-*`; both are honoured (api.md §3.8.1).
const ALIASES: Record<string, ProjectPermission> = {
  'streams-read': 'triggers-read',
  'streams-write': 'triggers-write',
  'streams-consume': 'triggers-consume',
  'streams-admin': 'triggers-admin',
};

const DATASETS_ADMIN: ProjectPermission[] = [
  'datasets-admin',
  'voc',
  'voc-readonly',
  'datasets-review',
  'datasets-model-admin',
  'datasets-export',
];

// api.md §3.8.2, one step at a time; closure is computed below.
const IMPLIES: Record<string, readonly ProjectPermission[]> = {
  'sources-admin': ['sources-read', 'sources-add-comments'],
  'sources-add-comments': ['sources-read'],
  'datasets-admin': DATASETS_ADMIN,
  voc: ['voc-readonly'],
  'datasets-review': ['voc-readonly'],
  'datasets-model-admin': ['voc-readonly'],
  'datasets-export': ['voc-readonly'],
  'triggers-admin': ['triggers-write', 'triggers-consume', 'triggers-read'],
  'triggers-write': ['triggers-read'],
  'triggers-consume': ['triggers-read'],
  'users-write': ['users-read'],
  'buckets-write': ['buckets-append', 'buckets-items-read', 'buckets-read'],
  'buckets-append': ['buckets-read'],
  'buckets-items-read': ['buckets-read'],
  'integrations-write': ['integrations-read'],
  'role-cm-project-admin': PROJECT_PERMISSIONS,
  'role-cm-model-trainer': ['datasets-admin', 'sources-read', 'sources-add-comments'],
  'role-cm-developer': [
    'voc-readonly',
    'sources-read',
    'triggers-admin',
    'datasets-export',
    'buckets-read',
  ],
  'role-cm-analyst': ['voc-readonly', 'sources-read', 'datasets-export'],
  'role-cm-viewer': ['voc-readonly', 'sources-read', 'triggers-read'],
};

/** The permissions a stored list grants on one project, closed under the implications of §3.8.2. */
export function expandProjectPermissions(held: readonly string[]): Set<string> {
  const result = new Set<string>();
  const pending = held.map((permission) => ALIASES[permission] ?? permission);
  while (pending.length > 0) {
    const permission = pending.pop()!;
    if (result.has(permission)) {
      continue;
    }
    result.add(permission);
    pending.push(...(IMPLIES[permission] ?? []));
  }
  // dashboards-write is a Tier-3 permission that role-cm-analyst also grants; keep it visible.
  if (held.includes('role-cm-analyst')) {
    result.add('dashboards-write');
  }
  return result;
}

export function expandGlobalPermissions(held: readonly string[]): Set<string> {
  const result = new Set(held);
  if (result.has('role-cm-tenant-admin')) {
    result.add('tenant-admin');
  }
  return result;
}

/** True for `root` and `tenant-admin`: every project permission on every project. */
export function isTenantWide(globalPermissions: ReadonlySet<string>): boolean {
  return globalPermissions.has('root') || globalPermissions.has('tenant-admin');
}

export function hasGlobal(
  globalPermissions: ReadonlySet<string>,
  permission: GlobalPermission,
): boolean {
  return globalPermissions.has('root') || globalPermissions.has(permission);
}
