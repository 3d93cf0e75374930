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
