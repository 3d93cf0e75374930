import { ApiError } from '../../lib/api-client';

type Props = { error: unknown; onDismiss?: () => void };

/** Shows the API's error message (and its validation issues) in a readable alert. */
export function ErrorBanner({ error, onDismiss }: Props) {
  if (error === null || error === undefined) {
    return null;
  }
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <div role="alert" className="error-banner">
      <strong>Error:</strong> {message}
      {issues.length > 0 && (
        <ul>
          {issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              <code>{issue.path}</code> {issue.message}
            </li>
          ))}
        </ul>
      )}
      {onDismiss !== undefined && (
        <button type="button" onClick={onDismiss} aria-label="Dismiss error">
          ×
        </button>
      )}
    </div>
  );
}
