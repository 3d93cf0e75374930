import type { Static } from 'typebox';

import type { Message } from '../../../../../src/contracts/comments.js';
import type { AnnotatedCommentRecord } from '../hooks/use-dataset-query';

type MessageRecord = Static<typeof Message>;

/** The comment's messages in thread order; the query route types them loosely (`unknown[]`). */
export function commentMessages(item: AnnotatedCommentRecord): MessageRecord[] {
  return item.comment.messages.filter(
    (message): message is MessageRecord =>
      typeof message === 'object' && message !== null && 'body' in message,
  );
}

export type LabelState = {
  assigned: string[];
  dismissed: string[];
  predicted: { name: string; probability: number }[];
};

/**
 * Assigned, dismissed and predicted labels of the default group, names joined with " > "; `predictions`
 * (from the predict route) replace the group's own `predicted` list when given.
 */
export function labelState(
  item: AnnotatedCommentRecord,
  predictions?: readonly { name: string; probability: number }[],
): LabelState {
  const groups = item.labelling ?? [];
  const group = groups.find((g) => g.group === 'default') ?? groups[0];
  return {
    assigned: (group?.assigned ?? []).map((label) => label.name),
    dismissed: (group?.dismissed ?? []).map((label) => label.name),
    predicted:
      predictions !== undefined
        ? [...predictions]
        : (group?.predicted ?? [])
            .map((p) => ({ name: p.name.join(' > '), probability: p.probability }))
            .sort((a, b) => b.probability - a.probability),
  };
}
