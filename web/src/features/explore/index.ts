export { CommentCard } from './components/comment-card';
export { ExplorePage } from './components/explore-page';
export {
  queryDataset,
  useDatasetQuery,
  type AnnotatedCommentRecord,
  type DatasetQueryBody,
} from './hooks/use-dataset-query';
export { usePredictions, type Prediction } from './hooks/use-predictions';
export { labelState, type LabelState } from './lib/comment-text';
