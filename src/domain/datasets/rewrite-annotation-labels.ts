import type { AnnotatedLabel, Store } from '../../store/store.js';
import { isReviewed } from '../labellings/reviewed.js';

/**
 * Applies a label rename or deletion to every annotation of one group of a dataset: `map` returns the
 * new name, or null to drop the label. Returns the number of annotations changed (`num_modified`).
 */
export async function rewriteAnnotationLabels(
  store: Store,
  datasetId: string,
  group: string,
  map: (name: string) => string | null,
  at: string,
): Promise<number> {
  let modified = 0;
  const apply = (labels: readonly AnnotatedLabel[]) => {
    const seen = new Map<string, AnnotatedLabel>();
    for (const label of labels) {
      const name = map(label.name);
      if (name !== null && !seen.has(name)) {
        seen.set(name, { ...label, name });
      }
    }
    return [...seen.values()];
  };
  for (const record of await store.annotations.listAllForDataset(datasetId)) {
    let changed = false;
    const labelling = record.labelling.flatMap((entry) => {
      if (entry.group !== group) {
        return [entry];
      }
      const assigned = apply(entry.assigned);
      const dismissed = apply(entry.dismissed);
      if (
        JSON.stringify(assigned) !== JSON.stringify(entry.assigned) ||
        JSON.stringify(dismissed) !== JSON.stringify(entry.dismissed)
      ) {
        changed = true;
      }
      return [{ ...entry, assigned, dismissed }];
    });
    if (changed) {
      const updated = { ...record, labelling, updated_at: at };
      await store.annotations.upsert({ ...updated, reviewed: isReviewed(updated) });
      modified += 1;
    }
  }
  return modified;
}
