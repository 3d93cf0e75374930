import type { WorkProgress } from '../hooks/use-model-status';

// Issue 14 part 6: what the worker is doing for this dataset (embedding backlog, training), from the
// `embedding_progress` / `training_progress` extension of the status route.

function duration(seconds: number): string {
  if (seconds < 60) {
    return `${Math.max(1, Math.round(seconds))} s`;
  }
  if (seconds < 3600) {
    return `${Math.round(seconds / 60)} min`;
  }
  return `${(seconds / 3600).toFixed(1)} h`;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** One sentence per kind of work, e.g. "Training: embedding the reviewed comments, 120 of 300 (about 8 s left)". */
export function describeWork(kind: 'embedding' | 'training', work: WorkProgress): string {
  const eta = work.eta_seconds === null ? '' : ` (about ${duration(work.eta_seconds)} left)`;
  const of = `${count(work.done)} of ${count(work.total)}`;
  if (kind === 'embedding') {
    return work.state === 'queued' && work.done === 0
      ? `Embedding comments: queued, ${count(work.total)} to embed`
      : `Embedding comments: ${of}${eta}`;
  }
  switch (work.reason) {
    case 'debounce':
      return `Training: waiting for more annotations${work.eta_seconds === null ? '' : `, starts in ${duration(work.eta_seconds)}`}`;
    case 'waiting_for_worker':
      return 'Training: queued, waiting for the worker';
    case 'embedding':
      return `Training: embedding the reviewed comments, ${of}${eta}`;
    case 'fitting':
      return `Training: fitting the model${eta}`;
    default:
      return `Training: ${work.reason}${eta}`;
  }
}

export type WorkStatusProps = {
  embedding: WorkProgress | null | undefined;
  training: WorkProgress | null | undefined;
};

/** A status line with a progress bar per running piece of work; nothing when the worker is idle. */
export function WorkStatus({ embedding, training }: WorkStatusProps) {
  const items = [
    ...(training ? [{ kind: 'training' as const, work: training }] : []),
    ...(embedding ? [{ kind: 'embedding' as const, work: embedding }] : []),
  ];
  if (items.length === 0) {
    return null;
  }
  return (
    <div role="status" aria-label="Model progress" className="work-status">
      {items.map(({ kind, work }) => {
        const text = describeWork(kind, work);
        return (
          <p key={kind}>
            {text}{' '}
            {work.total > 0 && (
              <progress
                aria-label={text}
                max={work.total}
                value={Math.min(work.done, work.total)}
              />
            )}
          </p>
        );
      })}
    </div>
  );
}
