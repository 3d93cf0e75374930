export { AnnotationPanel } from './components/annotation-panel';
export { TrainPage } from './components/train-page';
