// `npm run bench -- NAME`: runs bench/NAME.bench.ts, which ends with one JSON line of figures.
import { existsSync } from 'node:fs';

const name = process.argv[2];
if (name === undefined || !/^[a-z0-9-]+$/.test(name)) {
  console.error('usage: npm run bench -- NAME   (e.g. ingest)');
  process.exit(2);
}
const file = new URL(`./${name}.bench.ts`, import.meta.url);
if (!existsSync(file)) {
  console.error(`no benchmark named '${name}'`);
  process.exit(2);
}
await import(file.href);
