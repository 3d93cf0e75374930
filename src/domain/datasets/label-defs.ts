import type {
  LabelDef,
  LabelDefNew,
  LabelDefUpdate,
  LabelGroup,
  LabelGroupFields,
  MoonFormFieldNew,
} from '../../contracts/label-defs.js';
import type { IdGenerator } from '../../lib/ids.js';
import type {
  DatasetRecord,
  EntityDefRecord,
  LabelDefRecord,
  LabelGroupRecord,
  MoonFormFieldRecord,
  Store,
  TaxonomyRecord,
} from '../../store/store.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { CallContext } from '../context.js';
import { conflict, invalid, notFound, type AppError } from '../errors.js';
import { scheduleTraining } from '../models/schedule-training.js';
import { checkName } from '../names.js';
import { requireProjectPermission } from '../permissions/principal.js';
import { now } from '../time.js';

import {
  fullName,
  loadTaxonomy,
  lockDataset,
  resolveDataset,
  type DatasetRef,
} from './dataset-access.js';
import { toLabelDefResponse, toLabelGroupResponse } from './dataset-view.js';
import { fieldTypeById, fieldTypeByName, PRETRAINED_LABELS } from './field-types.js';
import { rewriteAnnotationLabels } from './rewrite-annotation-labels.js';
import {
  DEFAULT_GROUP,
  isSelfOrDescendant,
  LabelGroupEditor,
  normaliseLabelName,
} from './taxonomy.js';

// api.md §5.7. Renames and deletions rewrite the annotations that use the labels; every taxonomy change
// schedules a retrain (ml.md §4.1).

type LabelDefFields = Omit<LabelDefNew, 'name'>;

/** What building a def needs besides its input: the dataset's entity defs resolve moon-form kinds. */
export type LabelDefContext = { ids: IdGenerator; entityDefs: readonly EntityDefRecord[] };

export function defaultGroupRecord(name: string): LabelGroupRecord {
  return { name, label_collection_name: null, trainable: true, hidden: false, instructions: '' };
}

function buildMoonForm(
  inputs: readonly MoonFormFieldNew[],
  existing: readonly MoonFormFieldRecord[],
  context: LabelDefContext,
  path: string,
): MoonFormFieldRecord[] {
  return inputs.map((input, index) => {
    const at = `${path}[${index}]`;
    // api.md §5.7: fields are matched by field_id, else by name, so their ids survive updates.
    const match =
      (input.field_id === undefined
        ? undefined
        : existing.find((field) => field.field_id === input.field_id)) ??
      existing.find((field) => field.name === input.name);
    let kind = input.kind;
    let typeId = input.field_type_id;
    if (kind === undefined && typeId === undefined) {
      throw invalid(`${at}: one of kind or field_type_id is required`);
    }
    if (kind === undefined && typeId !== undefined) {
      const type = fieldTypeById(typeId, context.entityDefs);
      if (!type) {
        throw invalid(`${at}.field_type_id: unknown field type '${typeId}'`);
      }
      kind = type.name;
    }
    if (typeId === undefined && kind !== undefined) {
      typeId = fieldTypeByName(kind, context.entityDefs)?.id;
    }
    const ruleSet = input.rule_set ?? match?.rule_set;
    return {
      name: input.name,
      kind: kind ?? '',
      instructions: input.instructions ?? match?.instructions ?? '',
      field_id: match?.field_id ?? input.field_id ?? context.ids.next(),
      id: match?.id ?? context.ids.next(),
      ...(typeId === undefined ? {} : { field_type_id: typeId }),
      ...(ruleSet === undefined ? {} : { rule_set: ruleSet }),
    };
  });
}

/** A new def named `name`, or `existing` with the given fields replaced (absent fields unchanged). */
export function buildLabelDef(
  name: string,
  input: LabelDefFields,
  existing: LabelDefRecord | null,
  context: LabelDefContext,
  path: string,
): LabelDefRecord {
  let pretrained = existing?.pretrained ?? null;
  if (input.pretrained !== undefined) {
    const pretrainedName = input.pretrained.name ?? PRETRAINED_LABELS.get(input.pretrained.id);
    if (pretrainedName === undefined) {
      throw invalid(
        `${path}.pretrained.name: required for pretrained id '${input.pretrained.id}', which Sift does not know`,
      );
    }
    pretrained = { id: input.pretrained.id, name: pretrainedName };
  }
  return {
    name,
    title: input.title ?? existing?.title ?? '',
    instructions: input.instructions ?? input.description ?? existing?.instructions ?? '',
    external_id: input.external_id ?? existing?.external_id ?? null,
    pretrained,
    trainable: input.trainable ?? existing?.trainable ?? true,
    moon_form:
      input.moon_form === undefined
        ? (existing?.moon_form ?? null)
        : buildMoonForm(input.moon_form, existing?.moon_form ?? [], context, `${path}.moon_form`),
    properties:
      input.properties === undefined
        ? (existing?.properties ?? null)
        : input.properties.map((property) => ({ name: property.name, value: property.value })),
  };
}

/** Bulk upsert semantics (api.md §5.7): existing names are updated in place, new ones appended. */
export function upsertLabelDefs(
  editor: LabelGroupEditor,
  inputs: readonly LabelDefNew[],
  context: LabelDefContext,
  path: string,
): void {
  inputs.forEach((input, index) => {
    const at = `${path}[${index}]`;
    const name = normaliseLabelName(input.name, `${at}.name`);
    const existing = editor.get(name);
    const def = buildLabelDef(name, input, existing, context, at);
    if (existing) {
      editor.replace(def);
    } else {
      editor.add(def);
    }
  });
}

/** Writes what the editor changed: deletes, then in-place updates (renames), then inserts. */
export async function saveLabelGroup(
  store: Store,
  datasetId: string,
  groupName: string,
  editor: LabelGroupEditor,
): Promise<boolean> {
  const changes = editor.changes();
  await store.taxonomy.deleteLabelDefs(datasetId, groupName, changes.deletes);
  for (const update of changes.updates) {
    await store.taxonomy.updateLabelDef(datasetId, groupName, update.storedName, update.def);
  }
  await store.taxonomy.insertLabelDefs(datasetId, groupName, changes.inserts);
  return changes.deletes.length + changes.updates.length + changes.inserts.length > 0;
}

function findGroup(
  dataset: DatasetRecord,
  taxonomy: TaxonomyRecord,
  groupName: string,
): TaxonomyRecord['label_groups'][number] {
  checkName('label group', groupName);
  const group = taxonomy.label_groups.find((candidate) => candidate.name === groupName);
  if (!group) {
    throw notFound(`Label group '${groupName}' not found in dataset '${fullName(dataset)}'`);
  }
  return group;
}

function labelNotFound(dataset: DatasetRecord, groupName: string, name: string): AppError {
  return notFound(
    `Label '${name}' not found in group '${groupName}' of dataset '${fullName(dataset)}'`,
  );
}

/** Every taxonomy change passes here: it bumps last_modified and is audited as a dataset update. */
async function touch(context: CallContext, store: Store, dataset: DatasetRecord): Promise<void> {
  await store.datasets.update(dataset.id, { last_modified: now(context.deps) });
  await recordAuditEvent(store, context, 'update_dataset', { datasets: [dataset] });
}

export async function putLabelDefs(
  context: CallContext,
  ref: DatasetRef,
  groupName: string,
  inputs: readonly LabelDefNew[],
): Promise<void> {
  await context.deps.store.transaction(async (store) => {
    const dataset = await lockDataset(context, store, ref, 'voc');
    const taxonomy = await loadTaxonomy(store, dataset.id);
    const group = findGroup(dataset, taxonomy, groupName);
    const editor = new LabelGroupEditor(group.label_defs);
    upsertLabelDefs(
      editor,
      inputs,
      { ids: context.deps.ids, entityDefs: taxonomy.entity_defs },
      'label_defs',
    );
    // A replayed upsert changes nothing and leaves last_modified alone (api.md §3.11).
    if (await saveLabelGroup(store, dataset.id, group.name, editor)) {
      await touch(context, store, dataset);
      await scheduleTraining(store, context.deps, dataset.id);
    }
  });
}

export async function getLabelDef(
  context: CallContext,
  ref: DatasetRef,
  groupName: string,
  labelName: string,
): Promise<LabelDef> {
  const store = context.deps.store;
  const dataset = await resolveDataset(context, store, ref, 'voc-readonly');
  const group = findGroup(dataset, await loadTaxonomy(store, dataset.id), groupName);
  const name = normaliseLabelName(labelName, "query parameter 'label_name'");
  const def = group.label_defs.find((candidate) => candidate.name === name);
  if (!def) {
    throw labelNotFound(dataset, group.name, name);
  }
  return toLabelDefResponse(def);
}

export async function updateLabelDef(
  context: CallContext,
  ref: DatasetRef,
  groupName: string,
  labelName: string,
  input: LabelDefUpdate,
): Promise<{ num_modified: number; label: LabelDef }> {
  return context.deps.store.transaction(async (store) => {
    const dataset = await lockDataset(context, store, ref, 'voc');
    const taxonomy = await loadTaxonomy(store, dataset.id);
    const group = findGroup(dataset, taxonomy, groupName);
    const name = normaliseLabelName(labelName, "query parameter 'label_name'");
    const existing = group.label_defs.find((candidate) => candidate.name === name);
    if (!existing) {
      throw labelNotFound(dataset, group.name, name);
    }
    const { name: newNameInput, ...fields } = input;
    const newName =
      newNameInput === undefined ? name : normaliseLabelName(newNameInput, 'label.name');
    const editor = new LabelGroupEditor(group.label_defs);
    if (newName !== name) {
      requireProjectPermission(
        context.principal,
        dataset.owner,
        'datasets-admin',
        labelNotFound(dataset, group.name, name).message,
      );
      const clash = editor.get(newName) ? newName : editor.rename(name, newName, 'label.name');
      if (clash !== null) {
        throw conflict(
          `Label '${clash}' already exists in group '${group.name}' of dataset '${fullName(dataset)}'`,
        );
      }
    }
    const def = buildLabelDef(
      newName,
      fields,
      editor.get(newName),
      {
        ids: context.deps.ids,
        entityDefs: taxonomy.entity_defs,
      },
      'label',
    );
    editor.replace(def);
    let modified = 0;
    if (await saveLabelGroup(store, dataset.id, group.name, editor)) {
      await touch(context, store, dataset);
      if (newName !== name) {
        // The label and its descendants move: `A > B` renamed to `C` turns `A > B > D` into `C > D`.
        modified = await rewriteAnnotationLabels(
          store,
          dataset.id,
          group.name,
          (label) =>
            isSelfOrDescendant(label, name) ? `${newName}${label.slice(name.length)}` : label,
          now(context.deps),
        );
      }
      await scheduleTraining(store, context.deps, dataset.id);
    }
    return { num_modified: modified, label: toLabelDefResponse(def) };
  });
}

export async function deleteLabelDef(
  context: CallContext,
  ref: DatasetRef,
  groupName: string,
  labelName: string,
): Promise<{ num_modified: number }> {
  return context.deps.store.transaction(async (store) => {
    const dataset = await lockDataset(context, store, ref, 'datasets-admin');
    const taxonomy = await loadTaxonomy(store, dataset.id);
    const group = findGroup(dataset, taxonomy, groupName);
    const name = normaliseLabelName(labelName, "query parameter 'label_name'");
    const editor = new LabelGroupEditor(group.label_defs);
    if (!editor.get(name)) {
      throw labelNotFound(dataset, group.name, name);
    }
    editor.remove(name);
    await saveLabelGroup(store, dataset.id, group.name, editor);
    await touch(context, store, dataset);
    const modified = await rewriteAnnotationLabels(
      store,
      dataset.id,
      group.name,
      (label) => (isSelfOrDescendant(label, name) ? null : label),
      now(context.deps),
    );
    await scheduleTraining(store, context.deps, dataset.id);
    return { num_modified: modified };
  });
}

export async function listLabelGroups(
  context: CallContext,
  ref: DatasetRef,
): Promise<LabelGroup[]> {
  const store = context.deps.store;
  const dataset = await resolveDataset(context, store, ref, 'voc-readonly');
  return (await loadTaxonomy(store, dataset.id)).label_groups.map(toLabelGroupResponse);
}

export async function getLabelGroup(
  context: CallContext,
  ref: DatasetRef,
  groupName: string,
): Promise<LabelGroup> {
  const store = context.deps.store;
  const dataset = await resolveDataset(context, store, ref, 'voc-readonly');
  return toLabelGroupResponse(findGroup(dataset, await loadTaxonomy(store, dataset.id), groupName));
}

export async function createLabelGroup(
  context: CallContext,
  ref: DatasetRef,
  groupName: string,
  fields: LabelGroupFields,
): Promise<LabelGroup> {
  checkName('label group', groupName);
  return context.deps.store.transaction(async (store) => {
    const dataset = await lockDataset(context, store, ref, 'datasets-admin');
    const taxonomy = await loadTaxonomy(store, dataset.id);
    if (taxonomy.label_groups.some((group) => group.name === groupName)) {
      throw conflict(`Label group '${groupName}' already exists in dataset '${fullName(dataset)}'`);
    }
    const group = applyGroupFields(defaultGroupRecord(groupName), fields);
    await store.taxonomy.insertGroup(dataset.id, group);
    await touch(context, store, dataset);
    return toLabelGroupResponse({ ...group, label_defs: [] });
  });
}

export async function deleteLabelGroup(
  context: CallContext,
  ref: DatasetRef,
  groupName: string,
): Promise<void> {
  await context.deps.store.transaction(async (store) => {
    const dataset = await lockDataset(context, store, ref, 'datasets-admin');
    const group = findGroup(dataset, await loadTaxonomy(store, dataset.id), groupName);
    if (group.name === DEFAULT_GROUP) {
      throw invalid(`Label group '${DEFAULT_GROUP}' cannot be deleted`);
    }
    await store.taxonomy.deleteGroup(dataset.id, group.name);
    await touch(context, store, dataset);
    await rewriteAnnotationLabels(store, dataset.id, group.name, () => null, now(context.deps));
    await scheduleTraining(store, context.deps, dataset.id);
  });
}

/** A group's settings with the given fields replaced. */
export function applyGroupFields(
  group: LabelGroupRecord,
  fields: LabelGroupFields,
): LabelGroupRecord {
  return {
    name: group.name,
    label_collection_name: fields.label_collection_name ?? group.label_collection_name,
    trainable: fields.trainable ?? group.trainable,
    hidden: fields.hidden ?? group.hidden,
    instructions: fields.instructions ?? group.instructions,
  };
}
