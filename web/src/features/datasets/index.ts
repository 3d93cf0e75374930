export { DatasetNav } from './components/dataset-nav';
export { DatasetPage } from './components/dataset-page';
export { DatasetPicker } from './components/dataset-picker';
export { DatasetsPage } from './components/datasets-page';
export { ProjectsPage } from './components/projects-page';
export {
  DEFAULT_LABEL_GROUP,
  useDataset,
  useDatasets,
  useSources,
  type DatasetRecord,
} from './hooks/use-datasets';
export { buildLabelTree } from './lib/label-tree';
