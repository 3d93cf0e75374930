import type { Static } from 'typebox';

import type {
  AnnotatedComment,
  LabelInput,
  UpdateLabellingBody,
} from '../../../../../src/contracts/labellings.js';

/** Comments shown per page of an open cluster. */
export const CLUSTER_PAGE_SIZE = 8;

type Labelled = Static<typeof AnnotatedComment>;
type Label = Static<typeof LabelInput>;
type Body = Static<typeof UpdateLabellingBody>;

/**
 * The order a cluster's comments are shown in: the representatives the clustering chose, then every other
 * member in the order the API lists them, each uid once.
 */
export function clusterOrder(
  representatives: readonly string[],
  members: readonly string[],
): string[] {
  const seen = new Set<string>();
  const ordered: string[] = [];
  for (const uid of [...representatives, ...members]) {
    if (!seen.has(uid)) {
      seen.add(uid);
      ordered.push(uid);
    }
  }
  return ordered;
}

/** A comment's default group as it was before a Discover action, kept whole so Undo can put it back. */
export type PreviousLabelling = { uid: string; assigned: Label[]; dismissed: Label[] };

function asInput(label: { name: string; sentiment?: string; metadata?: unknown }): Label {
  return {
    name: label.name,
    ...(label.sentiment === 'positive' || label.sentiment === 'negative'
      ? { sentiment: label.sentiment }
      : {}),
    ...(label.metadata !== undefined ? { metadata: label.metadata } : {}),
  };
}

export function previousLabelling(item: Labelled): PreviousLabelling {
  const groups = item.labelling ?? [];
  const group = groups.find((g) => g.group === 'default');
  return {
    uid: item.comment.uid,
    assigned: (group?.assigned ?? []).map(asInput),
    dismissed: (group?.dismissed ?? []).map(asInput),
  };
}

/**
 * The update that adds `label` to a comment: its other labels stay as they were (with their own
 * metadata), the new one records that it came from Discover, and it is no longer dismissed.
 */
export function addLabelBody(previous: PreviousLabelling, label: string): Body {
  const has = previous.assigned.some((l) => l.name === label);
  return {
    labelling: [
      {
        group: 'default',
        assigned: has
          ? previous.assigned
          : [
              ...previous.assigned,
              { name: label, metadata: { ui: { retrieval_method: 'clusters' } } },
            ],
        dismissed: previous.dismissed.filter((l) => l.name !== label),
      },
    ],
  };
}

/** The update that puts a comment's default group back as it was (empty lists make it unreviewed). */
export function restoreBody(previous: PreviousLabelling): Body {
  return {
    labelling: [{ group: 'default', assigned: previous.assigned, dismissed: previous.dismissed }],
  };
}
