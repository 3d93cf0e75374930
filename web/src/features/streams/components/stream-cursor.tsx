import { ErrorBanner } from '../../../components/ui/error-banner';
import { useStreamCursor } from '../hooks/use-streams';

type Props = { project: string; dataset: string; stream: string };

/** Where the stream's cursor stands: the next comment it will deliver, or that it is caught up. */
export function StreamCursor({ project, dataset, stream }: Props) {
  const cursor = useStreamCursor(project, dataset, stream);
  if (cursor.isPending) {
    return <span aria-busy="true">…</span>;
  }
  if (cursor.error !== null) {
    return <ErrorBanner error={cursor.error} />;
  }
  const next = cursor.data.results[0];
  if (next === undefined) {
    return (
      <span>
        Caught up{cursor.data.num_filtered > 0 ? ` (${cursor.data.num_filtered} filtered out)` : ''}
      </span>
    );
  }
  return (
    <span>
      Next: <code>{next.comment.id}</code> created{' '}
      {new Date(next.comment.created_at).toLocaleString()}
      {cursor.data.more_results ? ' · more pending' : ''}
    </span>
  );
}
