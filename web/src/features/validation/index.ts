export { ThresholdExplorer } from './components/threshold-explorer';
export { ValidationPage } from './components/validation-page';
export { useLabelValidation, useModelVersions, type LabelMetrics } from './hooks/use-validation';
