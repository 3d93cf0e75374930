// Entry of the dataset query's SQLite reader thread (src/store/query/query-reader.ts): threads do not
// inherit the parent's loader hooks, so it registers tsx before loading the TypeScript module.
import { register } from 'tsx/esm/api';

register();
await import('../src/store/query/query-reader-thread.ts');
