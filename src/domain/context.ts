import type { TenantRecord } from '../store/store.js';

import type { Deps } from './deps.js';
import type { Principal } from './permissions/principal.js';

/** What a domain operation needs to know about the call it serves. */
export type CallContext = {
  readonly deps: Deps;
  readonly principal: Principal;
  readonly tenant: TenantRecord;
};
