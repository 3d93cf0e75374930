import type { Static } from 'typebox';

import type { UpdateLabellingBody } from '../../../../../src/contracts/labellings.js';
import type { LabelState } from '../../explore';

/** Predicted labels at or above this probability are pre-selected for confirmation with Enter. */
export const PRESELECT_PROBABILITY = 0.5;

/** What the panel starts with: the assigned labels, or for an unreviewed comment the confident predictions. */
export function initialSelection(state: LabelState): string[] {
  if (state.assigned.length > 0 || state.dismissed.length > 0) {
    return state.assigned;
  }
  return state.predicted.filter((p) => p.probability >= PRESELECT_PROBABILITY).map((p) => p.name);
}

/** The labelling update for the default group; every label carries how the comment was found. */
export function labellingBody(
  assigned: readonly string[],
  dismissed: readonly string[],
  retrievalMethod: string,
): Static<typeof UpdateLabellingBody> {
  const metadata = { ui: { retrieval_method: retrievalMethod } };
  return {
    labelling: [
      {
        group: 'default',
        assigned: assigned.map((name) => ({ name, metadata })),
        dismissed: dismissed
          .filter((name) => !assigned.includes(name))
          .map((name) => ({ name, metadata })),
      },
    ],
  };
}
