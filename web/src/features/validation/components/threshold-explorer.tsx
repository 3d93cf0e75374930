import { useState } from 'react';

import { PrCurveChart } from '../../../components/ui/charts/pr-curve-chart';
import { percent, precisionRecallAt } from '../../../lib/precision-recall';
import type { LabelMetrics } from '../hooks/use-validation';

type Props = {
  label: string;
  metrics: LabelMetrics;
  /** Called whenever the slider moves (Streams uses it to choose a stream threshold). */
  onThresholdChange?: (threshold: number) => void;
  initialThreshold?: number;
};

/** The label's PR curve and a Threshold slider showing precision and recall at that threshold. */
export function ThresholdExplorer({ label, metrics, onThresholdChange, initialThreshold }: Props) {
  const [threshold, setThreshold] = useState(
    initialThreshold ?? metrics.optimal_thresholds?.balanced ?? 0.5,
  );
  const point = precisionRecallAt(metrics, threshold);
  return (
    <section aria-label={`Precision and recall of ${label}`}>
      <PrCurveChart curve={metrics} point={point} title={`Precision–recall curve of ${label}`} />
      <label className="checkbox">
        Threshold {threshold.toFixed(2)}
        <input
          type="range"
          aria-label="Threshold"
          min={0}
          max={1}
          step={0.01}
          value={threshold}
          onChange={(event) => {
            const value = Number(event.target.value);
            setThreshold(value);
            onThresholdChange?.(value);
          }}
        />
      </label>
      <p aria-live="polite">
        At threshold {threshold.toFixed(2)}: precision {percent(point.precision)}, recall{' '}
        {percent(point.recall)}
      </p>
    </section>
  );
}
