import type { AnnotationRecord } from '../../store/store.js';
import type { CallContext } from '../context.js';
import {
  fullName,
  loadTaxonomy,
  lockDataset,
  type DatasetRef,
} from '../datasets/dataset-access.js';
import { saveLabelGroup } from '../datasets/label-defs.js';
import { defaultLabelDef, LabelGroupEditor, normaliseLabelName } from '../datasets/taxonomy.js';
import { invalid, notFound } from '../errors.js';
import { scheduleTraining } from '../models/schedule-training.js';
import { now } from '../time.js';

import { retrievalMethodOf } from './retrieval-method.js';
import { isReviewed } from './reviewed.js';
import { commentOfDataset, requireAnnotate } from './update-labelling.js';

type SyncAnnotation = {
  comment_uid: string;
  labels: { name?: string | string[]; external_id?: string }[];
};

/**
 * `POST …/sync-annotations` (api.md §5.8.3, §9 #36): replaces the `default` group's assigned labels of
 * each comment; dismissed labels and entities are untouched. Labels by name are created when unknown,
 * labels by `external_id` must exist. All or nothing.
 */
export async function syncAnnotations(
  context: CallContext,
  ref: DatasetRef,
  items: readonly SyncAnnotation[],
): Promise<void> {
  await context.deps.store.transaction(async (store) => {
    const dataset = await lockDataset(context, store, ref, 'voc');
    requireAnnotate(context, dataset);
    const taxonomy = await loadTaxonomy(store, dataset.id);
    const group = taxonomy.label_groups.find((candidate) => candidate.name === 'default');
    const editor = new LabelGroupEditor(group?.label_defs ?? []);
    const at = now(context.deps);
    let changed = false;
    for (const [index, item] of items.entries()) {
      const path = `annotations[${index}]`;
      const found = await commentOfDataset(context, store, dataset, item.comment_uid);
      if (!found) {
        throw notFound(
          `${path}: comment '${item.comment_uid}' not found in dataset '${fullName(dataset)}'`,
        );
      }
      const names = item.labels.map((label, labelIndex) => {
        if (label.name !== undefined) {
          return normaliseLabelName(label.name, `${path}.labels[${labelIndex}].name`);
        }
        const byExternal = editor
          .defs()
          .find((def) => def.external_id !== null && def.external_id === label.external_id);
        if (!byExternal) {
          throw invalid(
            `${path}.labels[${labelIndex}].external_id: no label with external_id '${label.external_id ?? ''}'`,
          );
        }
        return byExternal.name;
      });
      for (const name of names) {
        if (editor.get(name) === null) {
          editor.add(defaultLabelDef(name));
        }
      }
      const [existing] = await store.annotations.getForComments(dataset.id, found.source.id, [
        found.comment.id,
      ]);
      const others = (existing?.labelling ?? []).filter(
        (labelling) => labelling.group !== 'default',
      );
      const before = existing?.labelling.find((labelling) => labelling.group === 'default');
      const assigned = [...new Set(names)].map((name) => ({
        name,
        sentiment: 'positive' as const,
      }));
      const dismissed = (before?.dismissed ?? []).filter(
        (label) => !assigned.some((other) => other.name === label.name),
      );
      const record: AnnotationRecord = {
        dataset_id: dataset.id,
        source_id: found.source.id,
        comment_id: found.comment.id,
        labelling: [
          {
            group: 'default',
            assigned,
            dismissed,
            ...(before?.uninformative === undefined ? {} : { uninformative: before.uninformative }),
          },
          ...others,
        ],
        entities: existing?.entities ?? null,
        moon_forms: existing?.moon_forms ?? null,
        reviewed: true,
        updated_at: at,
        retrieval_method: null,
      };
      record.reviewed = isReviewed(record);
      record.retrieval_method = record.reviewed ? retrievalMethodOf(record.labelling) : null;
      const same =
        JSON.stringify(before?.assigned ?? []) === JSON.stringify(assigned) &&
        JSON.stringify(before?.dismissed ?? []) === JSON.stringify(dismissed);
      if (!same || !existing) {
        await store.annotations.upsert(record);
        changed = true;
      }
    }
    if (await saveLabelGroup(store, dataset.id, 'default', editor)) {
      await store.datasets.update(dataset.id, { last_modified: at });
      changed = true;
    }
    if (changed) {
      await scheduleTraining(store, context.deps, dataset.id);
    }
  });
}
