import {
  compileField,
  extractFields,
  fieldContext,
  loadNameTagger,
  type CompiledField,
} from '../src/ml/index.js';

import { machine } from './machine.js';
import { readDataset } from './shared-data.js';

// issue 18 / ml.md §10.6: rule-field extraction speed on real email bodies (Enron and SpamAssassin).
// The field set is every regex builtin of §8.1 plus one user regex field with a template, the
// extraction a dataset with those general fields runs for each comment it shows. Person/org (the
// compromise tagger) is timed separately on a sample: it is an order of magnitude slower.
// Goal: ≥ 2,000 emails/s on 2 cores. Extraction is synchronous and per comment independent, so one
// core is measured and the two-core figure is estimated as twice the per-CPU-second rate.

const bodies = [...readDataset('enron_berkeley'), ...readDataset('spamassassin_2002')].map(
  (record) => record.text,
);

const REGEX_KINDS = [
  'f000000000000001',
  'f000000000000002',
  'f000000000000003',
  'f000000000000004',
  'f000000000000005',
  'f000000000000006',
  'f000000000000007',
  'f000000000000008',
  'f000000000000009',
];
const fields: CompiledField[] = [
  ...REGEX_KINDS.map((id) => compileField({ key: id, inherits: [id], rules: null })),
  compileField({
    key: 'ticket',
    inherits: [],
    rules: { regex: { templates: [{ template: 'TCK-$1', pattern: '(?i)\\btck-?(\\d{5,8})\\b' }] } },
  }),
];
const context = fieldContext({ timestamp: '2001-05-01T12:00:00Z', locale: 'en-US' });
const comments = bodies.map((text) => ({ messages: [{ body: { text } }] }));

/**
 * Wall time and the process's CPU time: on a shared machine the wall clock also counts the time other
 * processes held the cores, the CPU time only this work (extraction is single-threaded).
 */
function run(
  list: typeof comments,
  set: readonly CompiledField[],
): { seconds: number; cpuSeconds: number; entities: number } {
  let entities = 0;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (const comment of list) {
    entities += extractFields(comment, set, context).entities.length;
  }
  const used = process.cpuUsage(cpu);
  return {
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuSeconds: (used.user + used.system) / 1e6,
    entities,
  };
}

// One warm-up pass over a slice, then the measured pass over everything.
run(comments.slice(0, 500), fields);
const regex = run(comments, fields);

await loadNameTagger();
const sample = comments.slice(0, 300);
const names = run(sample, [
  compileField({ key: 'person', inherits: ['f00000000000000a'], rules: null }),
  compileField({ key: 'org', inherits: ['f00000000000000b'], rules: null }),
]);

const chars = bodies.reduce((sum, text) => sum + text.length, 0);
console.log(
  JSON.stringify({
    bench: 'fields',
    emails: comments.length,
    mean_chars: Math.round(chars / comments.length),
    rule_fields: fields.length,
    seconds: Math.round(regex.seconds * 1000) / 1000,
    cpu_seconds: Math.round(regex.cpuSeconds * 1000) / 1000,
    emails_per_second_1_core: Math.round(comments.length / regex.seconds),
    emails_per_cpu_second: Math.round(comments.length / regex.cpuSeconds),
    emails_per_second_2_cores_estimate: Math.round((2 * comments.length) / regex.cpuSeconds),
    entities: regex.entities,
    goal_emails_per_second: 2000,
    person_org_emails_per_cpu_second: Math.round((sample.length / names.cpuSeconds) * 10) / 10,
    machine: machine(),
  }),
);
