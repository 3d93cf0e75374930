import type { Kysely, Selectable } from 'kysely';

import type { Database, UsersTable } from '../schema.js';
import type { TokenRepo, UserRecord, UserRepo } from '../store.js';

import { insertOrConflict } from './constraint-errors.js';

function toUser(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    created: row.created,
    global_permissions: JSON.parse(row.global_permissions) as string[],
    organisation_permissions: JSON.parse(row.organisation_permissions) as Record<string, string[]>,
    last_login_at: row.last_login_at,
  };
}

export function createUserRepo(db: Kysely<Database>): UserRepo {
  return {
    async insert(user) {
      await insertOrConflict('User already exists', () =>
        db
          .insertInto('users')
          .values({
            id: user.id,
            username: user.username,
            email: user.email,
            email_lower: user.email.toLowerCase(),
            created: user.created,
            global_permissions: JSON.stringify(user.global_permissions),
            organisation_permissions: JSON.stringify(user.organisation_permissions),
            last_login_at: user.last_login_at,
          })
          .execute(),
      );
    },
    async getById(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toUser(row) : null;
    },
    async getByUsername(username) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      return row ? toUser(row) : null;
    },
    async getByEmail(email) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('email_lower', '=', email.toLowerCase())
        .executeTakeFirst();
      return row ? toUser(row) : null;
    },
    async list() {
      const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
      return rows.map(toUser);
    },
    async getMany(ids) {
      if (ids.length === 0) {
        return [];
      }
      const rows = await db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
      return rows.map(toUser);
    },
    async updatePermissions(id, permissions) {
      await db
        .updateTable('users')
        .set({
          global_permissions: JSON.stringify(permissions.global_permissions),
          organisation_permissions: JSON.stringify(permissions.organisation_permissions),
        })
        .where('id', '=', id)
        .execute();
    },
    async touchLastLogin(id, at, notAfter) {
      // Written at most once a minute per user: `notAfter` is `at` minus a minute.
      await db
        .updateTable('users')
        .set({ last_login_at: at })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_login_at', 'is', null), eb('last_login_at', '<', notAfter)]))
        .execute();
    },
    async delete(id) {
      const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async count() {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export function createTokenRepo(db: Kysely<Database>): TokenRepo {
  return {
    async setForUser(userId, tokenHash, createdAt) {
      await db
        .insertInto('api_tokens')
        .values({ user_id: userId, token_hash: tokenHash, created_at: createdAt })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet({ token_hash: tokenHash, created_at: createdAt }),
        )
        .execute();
    },
    async findUserIdByHash(tokenHash) {
      const row = await db
        .selectFrom('api_tokens')
        .select(['user_id', 'token_hash'])
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row ?? null;
    },
    async deleteForUser(userId) {
      await db.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
    },
  };
}
