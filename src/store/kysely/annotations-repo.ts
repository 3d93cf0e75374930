import type { Kysely, Selectable } from 'kysely';

import type { AnnotationsTable, Database } from '../schema.js';
import type { AnnotationRecord, AnnotationRepo } from '../store.js';

const KEYS_PER_QUERY = 500;

function toAnnotation(row: Selectable<AnnotationsTable>): AnnotationRecord {
  return {
    dataset_id: row.dataset_id,
    source_id: row.source_id,
    comment_id: row.comment_id,
    labelling: JSON.parse(row.labelling) as AnnotationRecord['labelling'],
    entities:
      row.entities === null ? null : (JSON.parse(row.entities) as AnnotationRecord['entities']),
    moon_forms: row.moon_forms === null ? null : (JSON.parse(row.moon_forms) as unknown[]),
    reviewed: Number(row.reviewed) === 1,
    updated_at: row.updated_at,
    retrieval_method: row.retrieval_method,
  };
}

export function createAnnotationRepo(db: Kysely<Database>): AnnotationRepo {
  return {
    async getForComments(datasetId, sourceId, commentIds) {
      const unique = [...new Set(commentIds)];
      const found: AnnotationRecord[] = [];
      for (let start = 0; start < unique.length; start += KEYS_PER_QUERY) {
        const rows = await db
          .selectFrom('annotations')
          .selectAll()
          .where('dataset_id', '=', datasetId)
          .where('source_id', '=', sourceId)
          .where('comment_id', 'in', unique.slice(start, start + KEYS_PER_QUERY))
          .execute();
        found.push(...rows.map(toAnnotation));
      }
      return found;
    },
    async upsert(record) {
      const values = {
        dataset_id: record.dataset_id,
        source_id: record.source_id,
        comment_id: record.comment_id,
        labelling: JSON.stringify(record.labelling),
        entities: record.entities === null ? null : JSON.stringify(record.entities),
        moon_forms: record.moon_forms === null ? null : JSON.stringify(record.moon_forms),
        reviewed: record.reviewed ? 1 : 0,
        updated_at: record.updated_at,
        retrieval_method: record.retrieval_method,
      };
      await db
        .insertInto('annotations')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['dataset_id', 'source_id', 'comment_id']).doUpdateSet((eb) => ({
            labelling: values.labelling,
            entities: values.entities,
            moon_forms: values.moon_forms,
            reviewed: values.reviewed,
            updated_at: values.updated_at,
            // The first annotation's method is what Balance counts (ml.md §5.9); later edits keep it.
            retrieval_method: eb.fn.coalesce(
              'annotations.retrieval_method',
              eb.ref('excluded.retrieval_method'),
            ),
          })),
        )
        .execute();
    },
    async reviewedCommentIds(sourceId, commentIds) {
      const unique = [...new Set(commentIds)];
      const reviewed = new Set<string>();
      for (let start = 0; start < unique.length; start += KEYS_PER_QUERY) {
        const rows = await db
          .selectFrom('annotations')
          .select('comment_id')
          .distinct()
          .where('source_id', '=', sourceId)
          .where('reviewed', '=', 1)
          .where('comment_id', 'in', unique.slice(start, start + KEYS_PER_QUERY))
          .execute();
        rows.forEach((row) => reviewed.add(row.comment_id));
      }
      return reviewed;
    },
    async discardEntities(sourceId, commentIds, at) {
      const unique = [...new Set(commentIds)];
      for (let start = 0; start < unique.length; start += KEYS_PER_QUERY) {
        await db
          .updateTable('annotations')
          .set({ entities: null, moon_forms: null, updated_at: at })
          .where('source_id', '=', sourceId)
          .where('comment_id', 'in', unique.slice(start, start + KEYS_PER_QUERY))
          .where((eb) => eb.or([eb('entities', 'is not', null), eb('moon_forms', 'is not', null)]))
          .execute();
      }
    },
    async listAllForDataset(datasetId) {
      const rows = await db
        .selectFrom('annotations')
        .selectAll()
        .where('dataset_id', '=', datasetId)
        .orderBy('source_id')
        .orderBy('comment_id')
        .execute();
      return rows.map(toAnnotation);
    },
    async listForDataset(datasetId, sourceIds) {
      if (sourceIds.length === 0) {
        return [];
      }
      const rows = await db
        .selectFrom('annotations')
        .selectAll()
        .where('dataset_id', '=', datasetId)
        .where('source_id', 'in', [...sourceIds])
        .orderBy('source_id')
        .orderBy('comment_id')
        .execute();
      return rows.map(toAnnotation);
    },
    async hasReviewed(datasetId, sourceIds) {
      if (sourceIds.length === 0) {
        return false;
      }
      const row = await db
        .selectFrom('annotations')
        .select('comment_id')
        .where('dataset_id', '=', datasetId)
        .where('source_id', 'in', [...sourceIds])
        .where('reviewed', '=', 1)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
