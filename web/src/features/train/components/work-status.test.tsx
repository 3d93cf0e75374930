import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { WorkStatus } from './work-status';

describe('WorkStatus', () => {
  it('shows the embedding backlog and the training phase with progress bars and time left', () => {
    render(
      <WorkStatus
        embedding={{
          state: 'running',
          reason: 'backlog',
          done: 1200,
          total: 20000,
          eta_seconds: 840,
        }}
        training={{ state: 'running', reason: 'embedding', done: 30, total: 50, eta_seconds: 4 }}
      />,
    );
    const status = screen.getByRole('status', { name: 'Model progress' });
    expect(status.textContent).toContain('Embedding comments: 1,200 of 20,000 (about 14 min left)');
    expect(status.textContent).toContain(
      'Training: embedding the reviewed comments, 30 of 50 (about 4 s left)',
    );
    const bars = screen.getAllByRole('progressbar');
    expect(bars.map((bar) => bar.getAttribute('value'))).toEqual(['30', '1200']);
  });

  it('says why training is queued', () => {
    const { rerender } = render(
      <WorkStatus
        embedding={null}
        training={{ state: 'queued', reason: 'debounce', done: 0, total: 0, eta_seconds: 7 }}
      />,
    );
    expect(screen.getByRole('status').textContent).toContain(
      'Training: waiting for more annotations, starts in 7 s',
    );
    expect(screen.queryByRole('progressbar')).toBeNull();
    rerender(
      <WorkStatus
        embedding={null}
        training={{
          state: 'queued',
          reason: 'waiting_for_worker',
          done: 0,
          total: 0,
          eta_seconds: null,
        }}
      />,
    );
    expect(screen.getByRole('status').textContent).toContain(
      'Training: queued, waiting for the worker',
    );
  });

  it('renders nothing when the worker is idle', () => {
    const { container } = render(<WorkStatus embedding={null} training={null} />);
    expect(container.innerHTML).toBe('');
  });
});
