import type { DatasetRecord, Store, TaxonomyRecord } from '../../store/store.js';
import type { CallContext } from '../context.js';
import { notFound } from '../errors.js';
import { checkName, parseIdRef } from '../names.js';
import { requireProjectPermission } from '../permissions/principal.js';

/** `{project, name}` for `<p>/<d>`, or `{project: 'id:<hex>'}` for the id form. */
export type DatasetRef = { project: string; name?: string };

export function fullName(dataset: Pick<DatasetRecord, 'owner' | 'name'>): string {
  return `${dataset.owner}/${dataset.name}`;
}

/**
 * Resolves a dataset reference and checks `permission` on its project. A dataset in a project the
 * caller cannot see is reported exactly like a missing one.
 */
export async function resolveDataset(
  context: CallContext,
  store: Store,
  ref: DatasetRef,
  permission: string,
): Promise<DatasetRecord> {
  const id = ref.name === undefined ? parseIdRef(ref.project) : null;
  if (id !== null) {
    const message = `Dataset 'id:${id}' not found`;
    const dataset = await store.datasets.getById(id);
    if (!dataset) {
      throw notFound(message);
    }
    requireProjectPermission(context.principal, dataset.owner, permission, message);
    return dataset;
  }
  if (ref.name === undefined) {
    throw notFound(`Dataset '${ref.project}' not found`);
  }
  checkName('project', ref.project);
  checkName('dataset', ref.name);
  const message = `Dataset '${ref.project}/${ref.name}' not found`;
  requireProjectPermission(context.principal, ref.project, permission, message);
  const dataset = await store.datasets.getByName(ref.project, ref.name);
  if (!dataset) {
    throw notFound(message);
  }
  return dataset;
}

/**
 * Resolves a dataset for a write and takes its lock, so concurrent writes to one dataset apply one after
 * the other (api.md §3.11). The record is read again under the lock.
 */
export async function lockDataset(
  context: CallContext,
  store: Store,
  ref: DatasetRef,
  permission: string,
): Promise<DatasetRecord> {
  const dataset = await resolveDataset(context, store, ref, permission);
  await store.datasets.lock(dataset.id);
  const current = await store.datasets.getById(dataset.id);
  if (!current) {
    throw notFound(`Dataset '${fullName(dataset)}' not found`);
  }
  return current;
}

export async function loadTaxonomy(store: Store, datasetId: string): Promise<TaxonomyRecord> {
  const taxonomies = await store.taxonomy.load([datasetId]);
  return taxonomies.get(datasetId) ?? { label_groups: [], entity_defs: [], general_fields: [] };
}
