import type { Health } from '../hooks/use-validation';

export type HealthColour = 'red' | 'amber' | 'green';

/** ml.md §5.6: red = poor (score < 50), amber = average (< 70), green otherwise. */
export function healthColour(health: Health): HealthColour {
  const score = health.smart?.score;
  if (score === undefined) {
    return 'red';
  }
  if (score < 50) {
    return 'red';
  }
  return score < 70 ? 'amber' : 'green';
}

/** "N more examples needed" from the suggested next batch, or null when the label needs none. */
export function examplesNeeded(health: Health): string | null {
  const count = health.need_pinned_increment ?? health.need_pinned ?? null;
  if (count === null || count <= 0) {
    return null;
  }
  return `${count} more examples needed`;
}

/** An action as the API gives it (a kind or `{kind, label}`) in words. */
export function describeAction(action: string | { kind: string; label?: string }): string {
  const kind = typeof action === 'string' ? action : action.kind;
  const label = typeof action === 'string' ? undefined : action.label;
  const words = kind.replace(/_/g, ' ');
  return label === undefined ? words : `${words}: ${label}`;
}
