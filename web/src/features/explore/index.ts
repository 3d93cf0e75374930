export { CommentCard } from './components/comment-card';
export { ExplorePage } from './components/explore-page';
export {
  queryDataset,
  useDatasetQuery,
  type AnnotatedCommentRecord,
  type DatasetQueryBody,
} from './hooks/use-dataset-query';
export { labelState, type LabelState } from './lib/comment-text';
