import type { DatasetQueryBody } from '../../explore';

export type TrainModeId = 'shuffle' | 'teach' | 'low_confidence' | 'rebalance' | 'check' | 'missed';

export type TrainMode = {
  id: TrainModeId;
  /** The tab's accessible name (a contract with the e2e tests, web/README.md). */
  title: string;
  /** Sent as `metadata.ui.retrieval_method` with every annotation (ml.md §6.3). */
  retrievalMethod: string;
  needsLabel: boolean;
  description: string;
  order: (label: string, seed: number) => DatasetQueryBody['order'];
  reviewed?: 'only_reviewed' | 'only_unreviewed';
};

// Orders per api.md §6.7 and ml.md §6.2: Rebalance is `learning` without a label (`diagnostic` is an
// unsupported order in Sift and answers 400).
export const TRAIN_MODES: readonly TrainMode[] = [
  {
    id: 'shuffle',
    title: 'Shuffle',
    retrievalMethod: 'shuffle',
    needsLabel: false,
    description: 'A random sample of all comments: the unbiased view the Balance factor needs.',
    order: (_label, seed) => ({ kind: 'sample', seed }),
  },
  {
    id: 'teach',
    title: 'Teach',
    retrievalMethod: 'teach_label',
    needsLabel: true,
    description: 'Unreviewed comments the model is least sure about for one label.',
    order: (label) => ({ kind: 'learning', label }),
    reviewed: 'only_unreviewed',
  },
  {
    id: 'low_confidence',
    title: 'Low confidence',
    retrievalMethod: 'low_confidence',
    needsLabel: false,
    description: 'Unreviewed comments no label covers with confidence.',
    order: () => ({ kind: 'any_label_asc' }),
    reviewed: 'only_unreviewed',
  },
  {
    id: 'rebalance',
    title: 'Rebalance',
    retrievalMethod: 'rebalance',
    needsLabel: false,
    description: 'Unreviewed comments least like the reviewed set, to fix under-represented areas.',
    order: () => ({ kind: 'learning' }),
    reviewed: 'only_unreviewed',
  },
  {
    id: 'check',
    title: 'Check label',
    retrievalMethod: 'check_label',
    needsLabel: true,
    description: 'Reviewed comments carrying the label that the model doubts: possible mistakes.',
    order: (label) => ({ kind: 'check', label }),
  },
  {
    id: 'missed',
    title: 'Missed label',
    retrievalMethod: 'missed_label',
    needsLabel: true,
    description: 'Reviewed comments without the label that the model predicts for it.',
    order: (label) => ({ kind: 'missed', label }),
  },
];
