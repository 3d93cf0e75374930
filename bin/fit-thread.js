// Entry of a training thread (src/worker/fit-threads.ts): threads do not inherit the parent's loader
// hooks, so each registers tsx before loading the TypeScript module.
import { register } from 'tsx/esm/api';

register();
await import('../src/worker/fit-thread.ts');
