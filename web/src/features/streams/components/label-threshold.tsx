import { useEffect } from 'react';

import { ErrorBanner } from '../../../components/ui/error-banner';
import { Loading } from '../../../components/ui/loading';
import { ThresholdExplorer, useLabelValidation } from '../../validation';

type Props = {
  project: string;
  dataset: string;
  version: number;
  label: string;
  threshold: number | undefined;
  onChange: (threshold: number) => void;
};

/** The label's PR curve with a Threshold slider; the threshold the slider shows is the one reported. */
export function LabelThreshold({ project, dataset, version, label, threshold, onChange }: Props) {
  const metrics = useLabelValidation(project, dataset, version, label);
  const suggested = metrics.data?.label_validation.optimal_thresholds?.balanced;
  // The slider opens on the balanced threshold: report it, or the stream would be saved with another.
  useEffect(() => {
    if (threshold === undefined && metrics.data !== undefined) {
      onChange(suggested ?? 0.5);
    }
  }, [threshold, metrics.data, suggested, onChange]);
  return (
    <div className="card">
      <h3>{label}</h3>
      <ErrorBanner error={metrics.error} />
      {metrics.isPending && <Loading />}
      {metrics.data !== undefined && (
        <ThresholdExplorer
          key={`${version}:${label}`}
          label={label}
          metrics={metrics.data.label_validation}
          onThresholdChange={onChange}
          {...(threshold !== undefined ? { initialThreshold: threshold } : {})}
        />
      )}
    </div>
  );
}
