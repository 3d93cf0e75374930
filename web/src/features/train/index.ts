export { AnnotationPanel } from './components/annotation-panel';
export { TrainPage } from './components/train-page';
export { WorkStatus } from './components/work-status';
export { useModelStatus } from './hooks/use-model-status';
