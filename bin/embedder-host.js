// Entry of an embedder host process (src/worker/embedder-pool.ts): registers tsx before loading the
// TypeScript module, like bin/fit-thread.js.
import { register } from 'tsx/esm/api';

register();
await import('../src/worker/embedder-host.ts');
