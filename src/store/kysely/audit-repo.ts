import type { Kysely } from 'kysely';

import type { Database } from '../schema.js';
import type { AuditRefs, AuditRepo } from '../store.js';

export function createAuditRepo(db: Kysely<Database>): AuditRepo {
  return {
    async insert(event) {
      await db
        .insertInto('audit_events')
        .values({ ...event, refs: JSON.stringify(event.refs) })
        .execute();
    },
    async query({ minimum, maximum, after, limit }) {
      let query = db.selectFrom('audit_events').selectAll();
      if (minimum !== undefined) {
        query = query.where('timestamp', '>=', minimum);
      }
      if (maximum !== undefined) {
        query = query.where('timestamp', '<=', maximum);
      }
      if (after !== undefined) {
        query = query.where((eb) =>
          eb.or([
            eb('timestamp', '<', after.timestamp),
            eb.and([eb('timestamp', '=', after.timestamp), eb('event_id', '>', after.event_id)]),
          ]),
        );
      }
      const rows = await query
        .orderBy('timestamp', 'desc')
        .orderBy('event_id')
        .limit(limit)
        .execute();
      return rows.map((row) => ({ ...row, refs: JSON.parse(row.refs) as AuditRefs }));
    },
  };
}
