import type { ThemesResponse } from '../../contracts/themes.js';
import type { CallContext } from '../context.js';
import { resolveDataset, type DatasetRef } from '../datasets/dataset-access.js';
import { hasProjectPermission } from '../permissions/principal.js';

/**
 * `GET …/themes` (api.md §6.10). Comments reviewed since the run leave their cluster at read time
 * (ml.md §7.3), so a cluster labelled in Discover empties without a recompute; comments of sources the
 * caller cannot read are left out like everywhere else.
 */
export async function datasetThemes(
  context: CallContext,
  ref: DatasetRef,
): Promise<Omit<ThemesResponse, 'status'>> {
  const store = context.deps.store;
  const dataset = await resolveDataset(context, store, ref, 'voc-readonly');
  const stored = await store.themes.get(dataset.id);
  if (stored === null) {
    return { theme_set: null, available_models: [] };
  }
  const readable = new Set(
    (await store.sources.getMany(dataset.source_ids))
      .filter((source) => hasProjectPermission(context.principal, source.owner, 'sources-read'))
      .map((source) => source.id),
  );
  const reviewed = new Set(
    (await store.annotations.listForDataset(dataset.id, [...readable]))
      .filter((record) => record.reviewed)
      .map((record) => `${record.source_id}.${record.comment_id}`),
  );
  const visible = (uid: string) =>
    readable.has(uid.slice(0, uid.indexOf('.'))) && !reviewed.has(uid);
  return {
    theme_set: {
      trained_time: stored.trained_time,
      themes: stored.themes.map((theme) => ({
        id: theme.id,
        name: theme.name,
        keywords: theme.keywords,
        size: theme.size,
        theme_comments: theme.representatives.filter(visible).map((uid) => ({ comment_uid: uid })),
        comment_uids: theme.members.filter(visible),
        suggested_labels: [],
        suggested_labels_reasoning: null,
      })),
    },
    available_models: [],
  };
}
