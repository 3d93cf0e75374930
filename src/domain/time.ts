import { formatMicros } from '../lib/timestamps.js';

import type { Deps } from './deps.js';

export function now(deps: Pick<Deps, 'clock'>): string {
  return formatMicros(deps.clock.nowMicros());
}
