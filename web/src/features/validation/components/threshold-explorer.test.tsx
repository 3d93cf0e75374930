import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { LabelMetrics } from '../hooks/use-validation';

import { ThresholdExplorer } from './threshold-explorer';

const metrics: LabelMetrics = {
  thresholds: [0.9, 0.7, 0.5, 0.2],
  precisions: [1, 0.8, 0.6, 0.4],
  recalls: [0.25, 0.5, 0.75, 1],
  average_precision: 0.7,
  optimal_thresholds: { high_precision: 0.9, balanced: 0.7, high_recall: 0.2 },
  reviewed_size: 40,
  health: {},
};

describe('ThresholdExplorer', () => {
  it('starts at the balanced threshold and shows its precision and recall', () => {
    render(<ThresholdExplorer label="Billing" metrics={metrics} />);
    expect(screen.getByRole('slider', { name: 'Threshold' })).toHaveProperty('value', '0.7');
    expect(screen.getByText(/At threshold 0\.70: precision 80\.0%, recall 50\.0%/)).toBeTruthy();
  });

  it('recomputes precision and recall as the slider moves and reports the threshold', () => {
    const onChange = vi.fn();
    render(<ThresholdExplorer label="Billing" metrics={metrics} onThresholdChange={onChange} />);
    fireEvent.change(screen.getByRole('slider', { name: 'Threshold' }), {
      target: { value: '0.3' },
    });
    expect(screen.getByText(/At threshold 0\.30: precision 60\.0%, recall 75\.0%/)).toBeTruthy();
    expect(onChange).toHaveBeenCalledWith(0.3);
    fireEvent.change(screen.getByRole('slider', { name: 'Threshold' }), {
      target: { value: '0.95' },
    });
    expect(screen.getByText(/At threshold 0\.95: precision —, recall 0\.0%/)).toBeTruthy();
  });
});
