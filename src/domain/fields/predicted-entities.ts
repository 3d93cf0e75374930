import type { PredictedEntity } from '../../contracts/labellings.js';
import { sha256Hex } from '../../lib/hash.js';
import type { Logger } from '../../log.js';
import {
  BUILTIN_FIELD_KINDS,
  compileField,
  defaultLocaleOf,
  extractFields,
  fieldContext,
  isRuleField,
  loadNameTagger,
  type CommentText,
  type CompiledField,
} from '../../ml/index.js';
import type { CommentRecord, DatasetRecord, Store, TaxonomyRecord } from '../../store/store.js';
import { loadTaxonomy } from '../datasets/dataset-access.js';

// ml.md §8.5: the rule fields of a dataset, extracted wherever predictions are shown (predict routes,
// query results, streams). Rule extraction is a pure function of the comment text, the definitions
// and the dataset's zone and locale, and costs well under a millisecond a comment, so it runs when a
// prediction is read rather than being stored by `dataset-predict`: results follow a changed field
// definition at once, and no stored copy can go stale.

type FieldOutput = { name: string; field_id?: string };

/** A dataset's compiled fields, built once per request. */
export type DatasetFields = {
  readonly fields: readonly CompiledField[];
  readonly outputs: ReadonlyMap<string, FieldOutput>;
  readonly timeZone: string;
  readonly locale: string | null;
};

/**
 * The dataset's fields: each general field (typed by a builtin or by an entity def) under its
 * `field_id`, and each entity def no general field refers to under its own name. Fields without a
 * rule (learned fields) extract nothing yet.
 */
export async function datasetFields(
  dataset: Pick<DatasetRecord, 'timezone' | 'preferred_locales'>,
  taxonomy: Pick<TaxonomyRecord, 'entity_defs' | 'general_fields'>,
): Promise<DatasetFields> {
  const fields: CompiledField[] = [];
  const outputs = new Map<string, FieldOutput>();
  const referenced = new Set<string>();
  for (const field of taxonomy.general_fields) {
    const typeId = field.field_type_id;
    if (typeId === null) {
      continue;
    }
    const def = taxonomy.entity_defs.find((candidate) => candidate.id === typeId);
    if (def !== undefined) {
      referenced.add(def.id);
      fields.push(
        compileField({ key: field.field_id, inherits: def.inherits_from, rules: def.rules }),
      );
      outputs.set(field.field_id, { name: def.name, field_id: field.field_id });
    } else if (BUILTIN_FIELD_KINDS.has(typeId)) {
      fields.push(compileField({ key: field.field_id, inherits: [typeId], rules: null }));
      outputs.set(field.field_id, { name: field.api_name, field_id: field.field_id });
    }
  }
  for (const def of taxonomy.entity_defs) {
    if (!referenced.has(def.id)) {
      fields.push(compileField({ key: def.id, inherits: def.inherits_from, rules: def.rules }));
      outputs.set(def.id, { name: def.name });
    }
  }
  const ruleFields = fields.filter(isRuleField);
  if (ruleFields.some((field) => field.kinds.has('person') || field.kinds.has('org'))) {
    await loadNameTagger();
  }
  return {
    fields: ruleFields,
    outputs,
    timeZone: dataset.timezone,
    locale: defaultLocaleOf(dataset.preferred_locales),
  };
}

/** A stable id for a predicted entity: the same span of the same field always gets the same id. */
function entityId(name: string, span: PredictedEntity['spans'][number]): string {
  return sha256Hex(
    `${name}\u0000${span.content_part}\u0000${span.message_index}\u0000${span.utf16_byte_start}\u0000${span.utf16_byte_end}`,
  ).slice(0, 16);
}

/**
 * PredictedEntity list (api.md §4.7) of one comment or document; `timestamp` is the reference for
 * relative dates (a document without one is read as of now).
 */
export function predictEntities(
  fields: DatasetFields,
  comment: CommentText & { timestamp?: string | null | undefined },
  options: { now: Date | string; log?: Logger | undefined; uid?: string | undefined },
): PredictedEntity[] {
  if (fields.fields.length === 0) {
    return [];
  }
  const context = fieldContext({
    timestamp: comment.timestamp ?? options.now,
    timeZone: fields.timeZone,
    locale: fields.locale,
  });
  const { entities, warnings } = extractFields(comment, fields.fields, context);
  for (const warning of warnings) {
    options.log?.warn(
      { kind: warning.kind, field: warning.field, uid: options.uid },
      'user regex ran over its time budget; the field yields nothing for this comment',
    );
  }
  return entities.map((entity) => {
    const output = fields.outputs.get(entity.field)!;
    return {
      id: entityId(output.name, entity.span),
      name: output.name,
      kind: output.name,
      formatted_value: entity.formatted_value,
      spans: [entity.span],
      span: entity.span,
      ...(output.field_id === undefined ? {} : { field_id: output.field_id }),
      probability: 1,
      capture_ids: [],
    };
  });
}

/** The predicted entities of stored comments (streams read a batch at a time). */
export async function entitiesOfComments(
  store: Store,
  dataset: DatasetRecord,
  comments: readonly CommentRecord[],
  log?: Logger,
): Promise<PredictedEntity[][]> {
  const fields = await datasetFields(dataset, await loadTaxonomy(store, dataset.id));
  return comments.map((comment) =>
    predictEntities(fields, comment, {
      now: comment.timestamp,
      log,
      uid: `${comment.source_id}.${comment.id}`,
    }),
  );
}

/** A general field in the automation format of stream results (api.md §5.11, `GF`). */
export function toResultGeneralField(entity: PredictedEntity) {
  return {
    name: entity.name,
    value: { formatted: entity.formatted_value },
    confidence: { value: entity.probability, thresholds: [] },
    text_spans: entity.spans.map((span) => ({
      content_part: span.content_part,
      message_index: span.message_index,
      utf16_byte_start: span.utf16_byte_start,
      utf16_byte_end: span.utf16_byte_end,
    })),
  };
}
