import type { Config } from '../config.js';
import type { Clock } from '../lib/clock.js';
import type { IdGenerator } from '../lib/ids.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';

import type { ModelServices } from './models/model-services.js';

/** Everything that varies between production and tests, built once per entrypoint. */
export type Deps = {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly log: Logger;
  readonly config: Config;
  readonly models: ModelServices;
};
