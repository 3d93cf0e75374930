import { digestsEqual, sha256Hex } from '../../lib/hash.js';
import { generateApiToken } from '../../lib/tokens.js';
import type { Store, UserRecord } from '../../store/store.js';
import type { Deps } from '../deps.js';
import { now } from '../time.js';

/** Issues a new token for the user, replacing (and so revoking) the previous one. */
export async function issueApiToken(
  store: Store,
  deps: Pick<Deps, 'clock'>,
  userId: string,
  token = generateApiToken(),
): Promise<string> {
  await store.tokens.setForUser(userId, sha256Hex(token), now(deps));
  return token;
}

/** Resolves a presented token to its user; only the SHA-256 digest is stored and compared. */
export async function authenticateToken(store: Store, token: string): Promise<UserRecord | null> {
  const digest = sha256Hex(token);
  const found = await store.tokens.findUserIdByHash(digest);
  // The lookup is by digest; the constant-time compare guards against any timing signal of that lookup.
  if (!found || !digestsEqual(found.token_hash, digest)) {
    return null;
  }
  return store.users.getById(found.user_id);
}
