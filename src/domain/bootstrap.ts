import { randomBytes } from 'node:crypto';

import type { TenantRecord } from '../store/store.js';

import type { Deps } from './deps.js';
import { now } from './time.js';
import { issueApiToken } from './tokens/api-tokens.js';

export type BootstrapResult = {
  tenant: TenantRecord;
  /** Set only when this call created the admin with a generated token (print it once, save it). */
  generatedAdminToken: string | null;
};

/**
 * First start (api.md §3.7.3): creates the tenant and the `admin` user (global `root`) with the token
 * from SIFT_ADMIN_TOKEN or a generated one. Later starts change nothing.
 */
export async function bootstrap(deps: Deps): Promise<BootstrapResult> {
  return deps.store.transaction(async (store) => {
    let tenant = await store.tenants.get();
    if (!tenant) {
      tenant = {
        id: deps.ids.next(),
        name: deps.config.tenantName,
        token_secret: randomBytes(32).toString('base64url'),
        created_at: now(deps),
      };
      await store.tenants.insert(tenant);
    }
    if ((await store.users.count()) > 0) {
      return { tenant, generatedAdminToken: null };
    }
    const admin = {
      id: deps.ids.next(),
      username: 'admin',
      email: 'admin@sift.local',
      created: now(deps),
      global_permissions: ['root'],
      organisation_permissions: {},
      last_login_at: null,
    };
    await store.users.insert(admin);
    if (deps.config.adminToken !== null) {
      await issueApiToken(store, deps, admin.id, deps.config.adminToken);
      return { tenant, generatedAdminToken: null };
    }
    return { tenant, generatedAdminToken: await issueApiToken(store, deps, admin.id) };
  });
}
