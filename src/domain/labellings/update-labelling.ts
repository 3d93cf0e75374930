import type {
  LabelInput,
  LabellingGroupInput,
  UpdateLabellingBody,
} from '../../contracts/labellings.js';
import { canonicalJson } from '../../lib/json.js';
import type {
  AnnotatedLabel,
  AnnotationRecord,
  CommentRecord,
  DatasetRecord,
  LabellingGroupRecord,
  SourceRecord,
  Store,
  TaxonomyRecord,
} from '../../store/store.js';
import type { CallContext } from '../context.js';
import {
  fullName,
  loadTaxonomy,
  lockDataset,
  type DatasetRef,
} from '../datasets/dataset-access.js';
import { saveLabelGroup } from '../datasets/label-defs.js';
import { defaultLabelDef, LabelGroupEditor, normaliseLabelName } from '../datasets/taxonomy.js';
import { AppError, conflict, invalid, notFound } from '../errors.js';
import { scheduleTraining } from '../models/schedule-training.js';
import { hasProjectPermission } from '../permissions/principal.js';
import { now } from '../time.js';

import { toAnnotatedComment } from './annotated-comment.js';
import { buildEntity } from './entity-spans.js';
import { retrievalMethodOf } from './retrieval-method.js';
import { isReviewed } from './reviewed.js';

/** Annotating needs `voc` or `datasets-review` (api.md §5.8.2). */
export function requireAnnotate(context: CallContext, dataset: DatasetRecord): void {
  const principal = context.principal;
  if (
    !hasProjectPermission(principal, dataset.owner, 'voc') &&
    !hasProjectPermission(principal, dataset.owner, 'datasets-review')
  ) {
    throw new AppError('forbidden', `Missing permission 'voc' on project '${dataset.owner}'`);
  }
}

/** Resolves `<source_id>.<comment_id>` (split at the first dot) to a readable comment of the dataset. */
export async function commentOfDataset(
  context: CallContext,
  store: Store,
  dataset: DatasetRecord,
  uid: string,
): Promise<{ source: SourceRecord; comment: CommentRecord } | null> {
  const dot = uid.indexOf('.');
  if (dot <= 0 || dot === uid.length - 1) {
    throw invalid(`'${uid}' is not a comment uid (<source_id>.<comment_id>)`);
  }
  const sourceId = uid.slice(0, dot);
  if (!dataset.source_ids.includes(sourceId)) {
    return null;
  }
  const source = await store.sources.getById(sourceId);
  if (!source || !hasProjectPermission(context.principal, source.owner, 'sources-read')) {
    return null;
  }
  const comment = await store.comments.get(sourceId, uid.slice(dot + 1));
  return comment ? { source, comment } : null;
}

function labelsOf(inputs: readonly LabelInput[], path: string): AnnotatedLabel[] {
  const byName = new Map<string, AnnotatedLabel>();
  inputs.forEach((input, index) => {
    const name = normaliseLabelName(input.name, `${path}[${index}].name`);
    byName.set(name, {
      name,
      sentiment: input.sentiment ?? 'positive',
      ...(input.metadata === undefined ? {} : { metadata: input.metadata }),
    });
  });
  return [...byName.values()];
}

/** Replaces the listed groups' assigned/dismissed sets; a legacy single object means group `default`. */
function applyLabelling(
  existing: readonly LabellingGroupRecord[],
  input: LabellingGroupInput[] | LabellingGroupInput,
  taxonomy: TaxonomyRecord,
): LabellingGroupRecord[] {
  const groups = Array.isArray(input) ? input : [{ ...input, group: input.group ?? 'default' }];
  const result = new Map(existing.map((group) => [group.group, group]));
  groups.forEach((group, index) => {
    const path = `labelling[${index}]`;
    const name = group.group ?? 'default';
    if (!taxonomy.label_groups.some((candidate) => candidate.name === name)) {
      throw invalid(`${path}.group: unknown label group '${name}'`);
    }
    const assigned = labelsOf(group.assigned ?? [], `${path}.assigned`);
    const dismissed = labelsOf(group.dismissed ?? [], `${path}.dismissed`);
    const both = assigned.find((label) => dismissed.some((other) => other.name === label.name));
    if (both) {
      throw invalid(`${path}: label '${both.name}' is both assigned and dismissed`);
    }
    result.set(name, {
      group: name,
      assigned,
      dismissed,
      ...(group.uninformative === undefined ? {} : { uninformative: group.uninformative }),
    });
  });
  return [...result.values()];
}

/** Labels not yet in their group's taxonomy are created with their ancestors (api.md §4.6.2). */
async function createMissingLabels(
  store: Store,
  dataset: DatasetRecord,
  taxonomy: TaxonomyRecord,
  labelling: readonly LabellingGroupRecord[],
): Promise<boolean> {
  let changed = false;
  for (const group of labelling) {
    const stored = taxonomy.label_groups.find((candidate) => candidate.name === group.group);
    if (!stored) {
      continue;
    }
    const editor = new LabelGroupEditor(stored.label_defs);
    for (const label of [...group.assigned, ...group.dismissed]) {
      if (editor.get(label.name) === null) {
        editor.add(defaultLabelDef(label.name));
      }
    }
    changed = (await saveLabelGroup(store, dataset.id, group.group, editor)) || changed;
  }
  return changed;
}

/**
 * `POST …/labellings/<uid>` (api.md §5.8.2): replaces what the body names, creates unknown labels,
 * and schedules a retrain when anything changed. Repeating the same body changes nothing.
 */
export async function updateLabelling(
  context: CallContext,
  ref: DatasetRef,
  uid: string,
  body: UpdateLabellingBody,
): Promise<
  ReturnType<typeof toAnnotatedComment> & {
    labelling: LabellingGroupRecord[];
    entities: { assigned: unknown[]; dismissed: unknown[] };
  }
> {
  return context.deps.store.transaction(async (store) => {
    const dataset = await lockDataset(context, store, ref, 'voc-readonly');
    requireAnnotate(context, dataset);
    const found = await commentOfDataset(context, store, dataset, uid);
    if (!found) {
      throw notFound(`Comment '${uid}' not found in dataset '${fullName(dataset)}'`);
    }
    const { source, comment } = found;
    if (body.context !== undefined && body.context !== comment.context) {
      throw conflict(`Comment '${uid}' has changed since it was read (stale context)`);
    }
    const taxonomy = await loadTaxonomy(store, dataset.id);
    const [existing] = await store.annotations.getForComments(dataset.id, source.id, [comment.id]);
    const labelling =
      body.labelling === undefined
        ? (existing?.labelling ?? [])
        : applyLabelling(existing?.labelling ?? [], body.labelling, taxonomy);
    const entities =
      body.entities === undefined
        ? (existing?.entities ?? null)
        : {
            assigned: (body.entities.assigned ?? []).map((entity, index) =>
              buildEntity(
                entity,
                comment.messages,
                taxonomy.entity_defs,
                context.deps.ids,
                `entities.assigned[${index}]`,
              ),
            ),
            dismissed: (body.entities.dismissed ?? []).map((entity, index) =>
              buildEntity(
                entity,
                comment.messages,
                taxonomy.entity_defs,
                context.deps.ids,
                `entities.dismissed[${index}]`,
              ),
            ),
          };
    const moonForms =
      body.moon_forms === undefined ? (existing?.moon_forms ?? null) : body.moon_forms;
    const content = { labelling, entities, moon_forms: moonForms };
    const previous = existing
      ? {
          labelling: existing.labelling,
          entities: existing.entities,
          moon_forms: existing.moon_forms,
        }
      : { labelling: [], entities: null, moon_forms: null };
    const record: AnnotationRecord = {
      dataset_id: dataset.id,
      source_id: source.id,
      comment_id: comment.id,
      ...content,
      reviewed: isReviewed(content),
      updated_at: now(context.deps),
      retrieval_method: null,
    };
    record.retrieval_method = record.reviewed ? retrievalMethodOf(labelling) : null;
    if (canonicalJson(content) !== canonicalJson(previous)) {
      const taxonomyChanged = await createMissingLabels(store, dataset, taxonomy, labelling);
      if (taxonomyChanged) {
        await store.datasets.update(dataset.id, { last_modified: record.updated_at });
      }
      await store.annotations.upsert(record);
      await scheduleTraining(store, context.deps, dataset.id);
    }
    const reviewedAnywhere = await store.annotations.reviewedCommentIds(source.id, [comment.id]);
    const view = toAnnotatedComment(
      context,
      source,
      comment,
      record,
      reviewedAnywhere.has(comment.id),
    );
    return {
      ...view,
      labelling: view.labelling ?? [],
      entities: view.entities ?? { assigned: [], dismissed: [] },
    };
  });
}
