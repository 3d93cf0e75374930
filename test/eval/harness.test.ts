import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { accuracy, macroF1, meanAveragePrecision, microF1, topLabel } from '../../eval/metrics.js';
import { runOnce, syncCorpus } from '../../eval/protocol.js';
import { greedyMultiLabel, kShot, type EvalRecord } from '../../eval/samplers.js';
import { httpSift, inProcessSift, type EvalClient } from '../../eval/sift-client.js';

// ml.md §10.1/§10.8: the harness's samplers and metrics on hand-computed cases, the same figures
// through an in-process Sift and through a running server, and the mini k-shot regression guard.

const records = readFileSync(
  new URL('../fixtures/hwu64-mini/utterances.jsonl', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as EvalRecord);

// Recorded when the guard was created (6-shot, 10 intents, 60 test utterances, MiniLM + TF-IDF).
const RECORDED_ACCURACY = 95;

describe('eval harness: samplers and metrics', () => {
  const pool: EvalRecord[] = ['a1', 'a2', 'a3', 'b1', 'b2'].map((id) => ({
    id,
    text: id,
    labels: [id[0]!.toUpperCase()],
    split: 'train',
  }));

  it('takes k per label in name order, deterministically per seed, all when fewer', () => {
    const two = kShot(pool, 2, 1);
    expect(two.map((record) => record.labels[0])).toEqual(['A', 'A', 'B', 'B']);
    expect(kShot(pool, 2, 1)).toEqual(two);
    expect(kShot(pool, 5, 1)).toHaveLength(5);
    expect(kShot(pool, 'full', 1)).toHaveLength(5);
    const picks = new Set([1, 2, 3, 4, 5, 6].map((seed) => kShot(pool, 1, seed)[0]!.id));
    expect(picks.size).toBeGreaterThan(1);
  });

  it('adds records greedily for the rarest label first until each has k positives', () => {
    const multi: EvalRecord[] = [
      { id: 'r1', text: '', labels: ['x', 'y'], split: 'fold0' },
      { id: 'r2', text: '', labels: ['x'], split: 'fold0' },
      { id: 'r3', text: '', labels: ['x'], split: 'fold0' },
      { id: 'r4', text: '', labels: ['z'], split: 'fold0' },
    ];
    const selected = greedyMultiLabel(multi, 1, 3);
    // y (rarest) brings r1, which already covers x; z brings r4.
    expect(selected.map((record) => record.id).sort()).toEqual(['r1', 'r4']);
  });

  it('scores accuracy, macro-F1, MAP and micro-F1 as computed by hand', () => {
    const gold = ['A', 'A', 'B', 'C'];
    const predicted = ['A', 'B', 'B', 'B'];
    expect(accuracy(gold, predicted)).toBe(50);
    // F1: A = 2/3, B = 2·1/(2+2+0) = 0.5, C = 0 → mean 38.89 %.
    expect(macroF1(gold, predicted, ['A', 'B', 'C'])).toBeCloseTo(38.888, 2);
    expect(
      topLabel(
        new Map([
          ['A', 0.4],
          ['B', 0.4],
        ]),
        ['B', 'A'],
      ),
    ).toBe('A');
    const rows = [
      {
        gold: ['x'],
        probabilities: new Map([
          ['x', 0.9],
          ['y', 0.6],
        ]),
      },
      {
        gold: ['y'],
        probabilities: new Map([
          ['x', 0.8],
          ['y', 0.2],
        ]),
      },
      {
        gold: [],
        probabilities: new Map([
          ['x', 0.1],
          ['y', 0.7],
        ]),
      },
    ];
    // AP(x) = 1 (the positive ranks first); AP(y) = 1/3 (its positive ranks third); y untrained → only x.
    expect(meanAveragePrecision(rows, ['x', 'y'], new Set(['x', 'y']))).toBeCloseTo(66.667, 2);
    expect(meanAveragePrecision(rows, ['x', 'y'], new Set(['x']))).toBeCloseTo(100, 5);
    // At 0.5: tp = x@r1; fp = y@r1, x@r2, y@r3; fn = y@r2 → 2/(2+3+1).
    expect(microF1(rows, ['x', 'y'])).toBeCloseTo(33.333, 2);
  });
});

describe('eval harness through the API', () => {
  const labels = [...new Set(records.flatMap((record) => record.labels))].sort();
  const train = kShot(
    records.filter((record) => record.split === 'train'),
    6,
    1,
  );
  const test = records.filter((record) => record.split === 'test');

  it('gives the same probabilities in process and over HTTP, and holds the 6-shot guard', async () => {
    const local = await inProcessSift();
    try {
      await local.prefill!(records.map((record) => record.text));
      const sourceId = await syncCorpus(local, records);
      const run = (client: EvalClient, dataset: string) =>
        runOnce(client, { sourceId, dataset, labels, train, test, family: 'english' });
      const inProcess = await run(local, 'in-process');
      // The same deployment over a real socket: what a client of `--via-api` gets.
      const remote: EvalClient = {
        ...httpSift(await local.listen!()),
        pauseTraining: () => local.pauseTraining!(),
        resumeTraining: () => local.resumeTraining!(),
      };
      const overHttp = await run(remote, 'over-http');
      expect(overHttp.probabilities).toEqual(inProcess.probabilities);
      const predicted = inProcess.probabilities.map((probabilities) =>
        topLabel(probabilities, labels),
      );
      const score = accuracy(
        test.map((record) => record.labels[0]!),
        predicted,
      );
      expect(score).toBeGreaterThanOrEqual(RECORDED_ACCURACY - 3);
    } finally {
      await local.close();
    }
  }, 240_000);
});
