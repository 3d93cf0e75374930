import type { Dataset, DatasetNew, DatasetUpdate } from '../../contracts/datasets.js';
import type { LabelGroupNew } from '../../contracts/label-defs.js';
import { canonicalJson } from '../../lib/json.js';
import type {
  DatasetRecord,
  DatasetRecordUpdate,
  EntityDefRecord,
  LabelDefRecord,
  Store,
  TaxonomyRecord,
} from '../../store/store.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { CallContext } from '../context.js';
import { conflict, invalid } from '../errors.js';
import {
  scheduleSourceEmbedding,
  scheduleThemes,
  scheduleTraining,
} from '../models/schedule-training.js';
import { checkName } from '../names.js';
import {
  canSeeProject,
  hasProjectPermission,
  requireProjectPermission,
} from '../permissions/principal.js';
import { projectWithPermission } from '../projects/project-access.js';
import { now } from '../time.js';

import { loadTaxonomy, lockDataset, resolveDataset, type DatasetRef } from './dataset-access.js';
import { toDatasetResponse } from './dataset-view.js';
import { applyEntityDefs, applyGeneralFields } from './entity-defs.js';
import {
  applyGroupFields,
  defaultGroupRecord,
  saveLabelGroup,
  upsertLabelDefs,
  type LabelDefContext,
} from './label-defs.js';
import { DEFAULT_GROUP, LabelGroupEditor } from './taxonomy.js';

const DEFAULT_MODEL_CONFIG = { kind: 'cm' };

function checkTimezone(timezone: string | undefined, path: string): void {
  if (timezone === undefined) {
    return;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw invalid(`${path}: '${timezone}' is not an IANA time zone`);
  }
}

/**
 * Checks that every source exists and is readable (api.md §4.5.6); duplicates collapse, order is kept.
 * A source in a project the caller cannot see is reported like an unknown one.
 */
async function checkSources(
  context: CallContext,
  store: Store,
  sourceIds: readonly string[],
  path: string,
  alreadyIn: readonly string[] = [],
): Promise<string[]> {
  const unique = [...new Set(sourceIds)];
  const added = unique.filter((id) => !alreadyIn.includes(id));
  const found = new Map((await store.sources.getMany(added)).map((source) => [source.id, source]));
  for (const id of added) {
    const source = found.get(id);
    if (!source || !canSeeProject(context.principal, source.owner)) {
      throw invalid(`${path}[${sourceIds.indexOf(id)}]: unknown source id '${id}'`);
    }
    requireProjectPermission(
      context.principal,
      source.owner,
      'sources-read',
      `Source 'id:${id}' not found`,
    );
  }
  return unique;
}

async function withTaxonomy(store: Store, dataset: DatasetRecord): Promise<Dataset> {
  return toDatasetResponse(dataset, await loadTaxonomy(store, dataset.id));
}

export async function listDatasets(context: CallContext, project?: string): Promise<Dataset[]> {
  const store = context.deps.store;
  if (project !== undefined) {
    await projectWithPermission(context, store, project, 'voc-readonly');
  }
  const datasets = (await store.datasets.list(project)).filter(
    (dataset) =>
      canSeeProject(context.principal, dataset.owner) &&
      hasProjectPermission(context.principal, dataset.owner, 'voc-readonly'),
  );
  const taxonomies = await store.taxonomy.load(datasets.map((dataset) => dataset.id));
  return datasets.map((dataset) =>
    toDatasetResponse(
      dataset,
      taxonomies.get(dataset.id) ?? { label_groups: [], entity_defs: [], general_fields: [] },
    ),
  );
}

export async function getDataset(context: CallContext, ref: DatasetRef): Promise<Dataset> {
  const store = context.deps.store;
  return withTaxonomy(store, await resolveDataset(context, store, ref, 'voc-readonly'));
}

/** The groups a new dataset starts with: `default` first, then the requested ones in order. */
function plannedGroups(input: DatasetNew): { group: LabelGroupNew; path: string }[] {
  const groups = input.label_groups ?? [];
  if (groups.length > 0 && (input.label_defs ?? []).length > 0) {
    throw invalid('dataset.label_defs must be absent or empty when dataset.label_groups is given');
  }
  const seen = new Set<string>();
  groups.forEach((group, index) => {
    if (seen.has(group.name)) {
      throw invalid(`dataset.label_groups[${index}].name: duplicate label group '${group.name}'`);
    }
    seen.add(group.name);
  });
  const planned = groups.map((group, index) => ({
    group,
    path: `dataset.label_groups[${index}].label_defs`,
  }));
  const defaultIndex = planned.findIndex((entry) => entry.group.name === DEFAULT_GROUP);
  const defaultGroup = planned[defaultIndex] ?? {
    group: { name: DEFAULT_GROUP, label_defs: input.label_defs ?? [] },
    path: 'dataset.label_defs',
  };
  return [defaultGroup, ...planned.filter((_entry, index) => index !== defaultIndex)];
}

async function insertGroupWithDefs(
  store: Store,
  datasetId: string,
  group: LabelGroupNew,
  context: LabelDefContext,
  path: string,
): Promise<void> {
  const { name, label_defs: defs, ...fields } = group;
  await store.taxonomy.insertGroup(datasetId, applyGroupFields(defaultGroupRecord(name), fields));
  const editor = new LabelGroupEditor([]);
  upsertLabelDefs(editor, defs ?? [], context, path);
  await saveLabelGroup(store, datasetId, name, editor);
}

/**
 * Copies the label groups, label defs and entity defs of `fromId` that `dataset` does not define yet
 * (api.md §4.5.6). Returns the number of annotations copied: none exist yet (api.md §5.8 is a later
 * issue), so there is nothing to copy.
 */
async function copyTaxonomy(
  context: CallContext,
  store: Store,
  dataset: DatasetRecord,
  fromId: string,
): Promise<number> {
  const path = 'dataset.copy_annotations_from';
  const from = await store.datasets.getById(fromId);
  if (!from || !canSeeProject(context.principal, from.owner)) {
    throw invalid(`${path}: unknown dataset id '${fromId}'`);
  }
  requireProjectPermission(
    context.principal,
    from.owner,
    'voc-readonly',
    `Dataset 'id:${fromId}' not found`,
  );
  const source = await loadTaxonomy(store, from.id);
  const target = await loadTaxonomy(store, dataset.id);
  // Copied entity defs get new ids; moon-form fields typed by them follow.
  const newIds = new Map<string, string>();
  const entityDefs: EntityDefRecord[] = [...target.entity_defs];
  for (const def of source.entity_defs) {
    if (entityDefs.some((own) => own.name === def.name)) {
      continue;
    }
    const copy = { ...def, id: context.deps.ids.next() };
    newIds.set(def.id, copy.id);
    entityDefs.push(copy);
    await store.taxonomy.insertEntityDef(dataset.id, copy);
  }
  const retype = (def: LabelDefRecord): LabelDefRecord => ({
    ...def,
    moon_form:
      def.moon_form?.map((field) => {
        const typeId =
          field.field_type_id === undefined ? undefined : newIds.get(field.field_type_id);
        return typeId === undefined ? field : { ...field, field_type_id: typeId };
      }) ?? null,
  });
  for (const group of source.label_groups) {
    const own = target.label_groups.find((candidate) => candidate.name === group.name);
    if (!own) {
      const { label_defs: _defs, ...settings } = group;
      await store.taxonomy.insertGroup(dataset.id, settings);
    }
    const editor = new LabelGroupEditor(own?.label_defs ?? []);
    for (const def of group.label_defs) {
      if (!editor.get(def.name)) {
        editor.add(retype(def));
      }
    }
    await saveLabelGroup(store, dataset.id, group.name, editor);
  }
  return 0;
}

export async function createDataset(
  context: CallContext,
  projectName: string,
  name: string,
  input: DatasetNew,
): Promise<{ dataset: Dataset; num_copied?: number }> {
  checkName('dataset', name);
  checkTimezone(input._timezone, 'dataset._timezone');
  const groups = plannedGroups(input);
  return context.deps.store.transaction(async (store) => {
    const project = await projectWithPermission(context, store, projectName, 'datasets-admin');
    if (await store.datasets.getByName(projectName, name)) {
      throw conflict(`Dataset '${projectName}/${name}' already exists`);
    }
    const sourceIds = await checkSources(
      context,
      store,
      input.source_ids ?? [],
      'dataset.source_ids',
    );
    const timestamp = now(context.deps);
    const record: DatasetRecord = {
      id: context.deps.ids.next(),
      project_id: project.id,
      owner: project.name,
      name,
      title: input.title ?? '',
      description: input.description ?? '',
      model_family: input.model_family ?? 'english',
      has_sentiment: input.has_sentiment ?? false,
      source_ids: sourceIds,
      dataset_flags: [...new Set(input._dataset_flags ?? [])],
      model_config: input._model_config ? { kind: input._model_config.kind } : DEFAULT_MODEL_CONFIG,
      label_properties: input._label_properties ?? null,
      timezone: input._timezone ?? 'UTC',
      preferred_locales: input._preferred_locales ?? null,
      created: timestamp,
      last_modified: timestamp,
    };
    const { owner: _owner, ...row } = record;
    await store.datasets.insert(row);
    const entities = applyEntityDefs([], input.entity_defs ?? [], {
      ids: context.deps.ids,
      path: 'dataset.entity_defs',
      byId: false,
      datasetName: `${projectName}/${name}`,
    });
    for (const def of entities.inserted) {
      await store.taxonomy.insertEntityDef(record.id, def);
    }
    const fields = applyGeneralFields([], input.general_fields ?? [], {
      ids: context.deps.ids,
      path: 'dataset.general_fields',
      byId: false,
      datasetName: `${projectName}/${name}`,
      entityDefs: entities.defs,
    });
    for (const field of fields.inserted) {
      await store.taxonomy.insertGeneralField(record.id, field);
    }
    const labelContext: LabelDefContext = { ids: context.deps.ids, entityDefs: entities.defs };
    for (const { group, path } of groups) {
      await insertGroupWithDefs(store, record.id, group, labelContext, path);
    }
    const copied =
      input.copy_annotations_from === undefined
        ? undefined
        : await copyTaxonomy(context, store, record, input.copy_annotations_from);
    await recordAuditEvent(store, context, 'create_dataset', { datasets: [record] });
    // Discover is where users start: cluster the comments already there (ml.md §7.3) once the
    // backlog has embedded them (a no-op for comments already cached, e.g. for another dataset).
    await scheduleThemes(store, context.deps, record.id);
    for (const sourceId of record.source_ids) {
      await scheduleSourceEmbedding(store, context.deps, sourceId);
    }
    return {
      dataset: await withTaxonomy(store, record),
      ...(copied === undefined ? {} : { num_copied: copied }),
    };
  });
}

/** The metadata fields of an update that differ from the stored dataset. */
function metadataChanges(dataset: DatasetRecord, input: DatasetUpdate): DatasetRecordUpdate {
  const changes: DatasetRecordUpdate = {};
  if (input.title !== undefined && input.title !== dataset.title) {
    changes.title = input.title;
  }
  if (input.description !== undefined && input.description !== dataset.description) {
    changes.description = input.description;
  }
  if (input.model_family !== undefined && input.model_family !== dataset.model_family) {
    changes.model_family = input.model_family;
  }
  const flags = input._dataset_flags === undefined ? undefined : [...new Set(input._dataset_flags)];
  if (flags !== undefined && canonicalJson(flags) !== canonicalJson(dataset.dataset_flags)) {
    changes.dataset_flags = flags;
  }
  const modelConfig =
    input._model_config === undefined ? undefined : { kind: input._model_config.kind };
  if (
    modelConfig !== undefined &&
    canonicalJson(modelConfig) !== canonicalJson(dataset.model_config)
  ) {
    changes.model_config = modelConfig;
  }
  const labelProperties = input._label_properties;
  if (
    labelProperties !== undefined &&
    canonicalJson(labelProperties) !== canonicalJson(dataset.label_properties)
  ) {
    changes.label_properties = labelProperties;
  }
  if (input._timezone !== undefined && input._timezone !== dataset.timezone) {
    changes.timezone = input._timezone;
  }
  const locales = input._preferred_locales;
  if (
    locales !== undefined &&
    canonicalJson(locales) !== canonicalJson(dataset.preferred_locales)
  ) {
    changes.preferred_locales = locales;
  }
  return changes;
}

/** Applies the taxonomy parts of a dataset update; true when anything was written. */
async function updateTaxonomy(
  context: CallContext,
  store: Store,
  dataset: DatasetRecord,
  taxonomy: TaxonomyRecord,
  input: DatasetUpdate,
): Promise<boolean> {
  const datasetName = `${dataset.owner}/${dataset.name}`;
  const entities = applyEntityDefs(taxonomy.entity_defs, input.entity_defs ?? [], {
    ids: context.deps.ids,
    path: 'dataset.entity_defs',
    byId: true,
    datasetName,
  });
  const fields = applyGeneralFields(taxonomy.general_fields, input.general_fields ?? [], {
    ids: context.deps.ids,
    path: 'dataset.general_fields',
    byId: true,
    datasetName,
    entityDefs: entities.defs,
  });
  for (const def of entities.updated) {
    await store.taxonomy.updateEntityDef(dataset.id, def);
  }
  for (const def of entities.inserted) {
    await store.taxonomy.insertEntityDef(dataset.id, def);
  }
  for (const field of fields.updated) {
    await store.taxonomy.updateGeneralField(dataset.id, field);
  }
  for (const field of fields.inserted) {
    await store.taxonomy.insertGeneralField(dataset.id, field);
  }
  let changed =
    entities.updated.length +
      entities.inserted.length +
      fields.updated.length +
      fields.inserted.length >
    0;
  const instructions = input._default_label_group_instructions;
  const defaultGroup = taxonomy.label_groups.find((group) => group.name === DEFAULT_GROUP);
  if (instructions !== undefined && defaultGroup && defaultGroup.instructions !== instructions) {
    const { label_defs: _defs, ...settings } = defaultGroup;
    await store.taxonomy.updateGroup(dataset.id, { ...settings, instructions });
    changed = true;
  }
  return changed;
}

export async function updateDataset(
  context: CallContext,
  ref: DatasetRef,
  input: DatasetUpdate,
): Promise<Dataset> {
  checkTimezone(input._timezone, 'dataset._timezone');
  return context.deps.store.transaction(async (store) => {
    const dataset = await lockDataset(context, store, ref, 'datasets-admin');
    // has_sentiment is fixed at creation (api.md §3.9.4); repeating the stored value is harmless.
    if (input.has_sentiment !== undefined && input.has_sentiment !== dataset.has_sentiment) {
      throw invalid('dataset.has_sentiment cannot be changed after the dataset is created');
    }
    const changes = metadataChanges(dataset, input);
    if (input.source_ids !== undefined) {
      // Only sources being added need to be readable; removing one needs nothing more.
      const sourceIds = await checkSources(
        context,
        store,
        input.source_ids,
        'dataset.source_ids',
        dataset.source_ids,
      );
      if (canonicalJson(sourceIds) !== canonicalJson(dataset.source_ids)) {
        changes.source_ids = sourceIds;
      }
    }
    const taxonomyChanged = await updateTaxonomy(
      context,
      store,
      dataset,
      await loadTaxonomy(store, dataset.id),
      input,
    );
    if (Object.keys(changes).length === 0 && !taxonomyChanged) {
      return withTaxonomy(store, dataset);
    }
    const updated: DatasetRecord = { ...dataset, ...changes, last_modified: now(context.deps) };
    await store.datasets.update(dataset.id, { ...changes, last_modified: updated.last_modified });
    await recordAuditEvent(store, context, 'update_dataset', { datasets: [updated] });
    // ml.md §4.1: sources, model family and the trainable taxonomy feed the model; titles do not.
    if (changes.source_ids !== undefined || changes.model_family !== undefined || taxonomyChanged) {
      await scheduleTraining(store, context.deps, dataset.id);
    }
    if (changes.source_ids !== undefined || changes.model_family !== undefined) {
      await scheduleThemes(store, context.deps, dataset.id);
      for (const sourceId of updated.source_ids) {
        await scheduleSourceEmbedding(store, context.deps, sourceId);
      }
    }
    return withTaxonomy(store, updated);
  });
}

export async function deleteDataset(context: CallContext, ref: DatasetRef): Promise<void> {
  await context.deps.store.transaction(async (store) => {
    const dataset = await resolveDataset(context, store, ref, 'datasets-admin');
    await recordAuditEvent(store, context, 'delete_dataset', { datasets: [dataset] });
    await store.datasets.delete(dataset.id);
  });
}
