import type { LabellingGroupRecord } from '../../store/store.js';

// ml.md §6.3: how a comment was found when it was annotated. Balance (§5.9) counts the method of each
// reviewed comment's first annotation, so unknown provenance is recorded as `unknown`, never guessed.

const METHODS = new Set([
  'recent',
  'shuffle',
  'by_label_self',
  'by_label_other',
  'by_sentiment',
  'teach_label',
  'rebalance',
  'low_confidence',
  'check_label',
  'missed_label',
  'teach_entity',
  'check_entity',
  'missed_entity',
  'text_search',
  'attachment_text_search',
  'semantic_search',
  'clusters',
  'uid',
]);

function methodOf(metadata: unknown): string | null {
  if (typeof metadata !== 'object' || metadata === null) {
    return null;
  }
  const ui = (metadata as { ui?: unknown }).ui;
  if (typeof ui !== 'object' || ui === null) {
    return null;
  }
  const method = (ui as { retrieval_method?: unknown }).retrieval_method;
  return typeof method === 'string' && METHODS.has(method) ? method : null;
}

/** The canonical retrieval method named by any assigned or dismissed label's metadata, else `unknown`. */
export function retrievalMethodOf(labelling: readonly LabellingGroupRecord[]): string {
  for (const group of labelling) {
    for (const label of [...group.assigned, ...group.dismissed]) {
      const method = methodOf(label.metadata);
      if (method !== null) {
        return method;
      }
    }
  }
  return 'unknown';
}
