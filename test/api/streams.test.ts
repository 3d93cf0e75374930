import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { INTENT_UTTERANCES } from '../../src/ml/testing/paraphrase-fixture.js';
import { startTestApp, type CallResult, type TestApp } from '../helpers/test-app.js';

// issue #8 through the API: a stream over a pinned model version, its cursor, exceptions, the
// `/triggers` alias, permissions, and two consumers racing on one stream.

const DATASET = '/api/v1/datasets/streams/intents';
const PRIVATE = '/api/_private/datasets/streams/intents';

type FetchItem = {
  comment: { id: string; uid: string };
  sequence_id: string;
  labels: { name: string[]; probability: number }[] | null;
};
type FetchBody = {
  results: FetchItem[];
  filtered: number;
  sequence_id: string;
  is_end_sequence: boolean;
};

describe('streams', () => {
  let sift: TestApp;
  let sourceId = '';
  const [first, second] = Object.keys(INTENT_UTTERANCES).sort();
  const texts = [first!, second!].flatMap((intent) =>
    INTENT_UTTERANCES[intent]!.slice(0, 5).map((text, index) => ({
      id: `${intent}-${index}`,
      intent,
      text,
    })),
  );

  async function ok(
    method: string,
    url: string,
    body?: unknown,
    token?: string,
  ): Promise<CallResult> {
    const response = await sift.call(method, url, {
      ...(body === undefined ? {} : { body }),
      ...(token === undefined ? {} : { token }),
    });
    expect(response.statusCode, `${method} ${url}: ${response.body.message}`).toBe(200);
    return response;
  }

  const fetchBatch = async (stream: string, size: number): Promise<FetchBody> =>
    (await ok('POST', `${DATASET}/streams/${stream}/fetch`, { size })).body as unknown as FetchBody;

  async function userToken(username: string, permissions: string[]): Promise<string> {
    const created = await ok('PUT', '/api/_private/users', {
      user: {
        username,
        email: `${username}@example.com`,
        organisation_permissions: { streams: permissions },
      },
    });
    const id = (created.body['user'] as { id: string }).id;
    return (await ok('POST', `/api/_private/users/${id}/api-token`, {})).body['token'] as string;
  }

  beforeAll(async () => {
    sift = await startTestApp({ SIFT_TRAIN_DEBOUNCE_MS: '50' });
    await ok('PUT', '/api/_private/projects/streams', { user_ids: [] });
    const source = await ok('PUT', '/api/v1/sources/streams/inbox', { source: {} });
    sourceId = (source.body['source'] as { id: string }).id;
    await ok('POST', '/api/v1/sources/streams/inbox/sync', {
      comments: texts.map(({ id, text }) => ({
        id,
        timestamp: '2024-01-02T03:04:05Z',
        messages: [{ body: { text } }],
      })),
    });
    await ok('PUT', DATASET, {
      dataset: { source_ids: [sourceId], label_defs: [{ name: first }, { name: second }] },
    });
    for (const { id, intent } of texts.filter((_, index) => index % 5 < 3)) {
      await ok('POST', `${PRIVATE}/labellings/${sourceId}.${id}`, {
        labelling: [{ group: 'default', assigned: [{ name: intent }] }],
      });
    }
    sift.startWorker();
    const deadline = Date.now() + 120_000;
    for (;;) {
      const status = (await ok('GET', `${PRIVATE}/labellers/status`)).body['dataset_status'] as {
        training_complete: number | null;
        latest_version: number | null;
      };
      if (status.training_complete === 1 && status.latest_version !== null) {
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(`no model version: ${JSON.stringify(status)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 180_000);

  afterAll(async () => {
    await sift?.close();
  });

  it('walks the acceptance path of issue #8', async () => {
    const created = await ok('PUT', `${DATASET}/streams`, {
      stream: {
        name: 'urgent',
        title: 'Urgent',
        model: { version: 1, label_thresholds: [{ name: [first], threshold: 0 }] },
      },
    });
    const stream = created.body['stream'] as Record<string, unknown>;
    expect(stream).toMatchObject({
      name: 'urgent',
      title: 'Urgent',
      description: '',
      comment_filter: {},
      model: { version: 1, label_thresholds: [{ name: [first], threshold: 0 }] },
      label_threshold_filter: null,
    });
    // The version a stream binds is pinned, and cannot be unpinned while the stream uses it.
    const versions = await ok('POST', `${PRIVATE}/labellers`, {});
    expect(
      (versions.body['labellers'] as { pinned: boolean; used_by_triggers: boolean }[])[0],
    ).toMatchObject({ pinned: true, used_by_triggers: true });
    expect((await sift.call('DELETE', `${PRIVATE}/labellers/1/pin`)).statusCode).toBe(409);

    // A new stream starts at its creation time: the ten earlier comments are behind it.
    const empty = await fetchBatch('urgent', 4);
    expect(empty).toMatchObject({ results: [], filtered: 0, is_end_sequence: true });

    await ok('POST', `${DATASET}/streams/urgent/reset`, {
      to_comment_created_at: '2000-01-01T00:00:00Z',
    });
    const batch = await fetchBatch('urgent', 4);
    expect(batch.results).toHaveLength(4);
    expect(batch.is_end_sequence).toBe(false);
    for (const item of batch.results) {
      expect(item.labels?.map((label) => label.name)).toEqual([[first]]);
      expect(item.labels?.[0]?.probability).toBeGreaterThanOrEqual(0);
    }
    const again = await fetchBatch('urgent', 4);
    expect(again.results.map((item) => item.comment.uid)).toEqual(
      batch.results.map((item) => item.comment.uid),
    );
    await ok('POST', `${DATASET}/streams/urgent/advance`, { sequence_id: batch.sequence_id });
    const rest = await fetchBatch('urgent', 100);
    expect(rest.results).toHaveLength(6);
    expect(rest.is_end_sequence).toBe(true);
    const seen = [...batch.results, ...rest.results].map((item) => item.comment.id).sort();
    expect(seen).toEqual(texts.map((item) => item.id).sort());
    await ok('POST', `${DATASET}/streams/urgent/advance`, { sequence_id: rest.sequence_id });
    const end = await fetchBatch('urgent', 10);
    expect(end).toMatchObject({ results: [], is_end_sequence: true });

    // Advancing with an older token is a successful no-op: nothing comes back.
    await ok('POST', `${DATASET}/streams/urgent/advance`, { sequence_id: batch.sequence_id });
    expect((await fetchBatch('urgent', 10)).results).toHaveLength(0);

    const reset = await ok('POST', `${DATASET}/streams/urgent/reset`, {
      to_comment_created_at: '2000-01-01T00:00:00Z',
    });
    expect(reset.body['stream']).toMatchObject({ name: 'urgent' });
    expect((await fetchBatch('urgent', 100)).results).toHaveLength(10);

    // Exceptions: tagged by uid, shown on annotated comments, usable in filters.
    const tagged = `${sourceId}.${texts[0]!.id}`;
    await ok('PUT', `${DATASET}/streams/urgent/exceptions`, {
      exceptions: [{ uid: tagged, metadata: { type: 'No Prediction' } }],
    });
    const streamId = stream['id'] as string;
    const labelled = await ok('GET', `${PRIVATE}/labellings?id=${tagged}`);
    expect(
      (labelled.body['results'] as Record<string, unknown>[])[0]!['trigger_exceptions'],
    ).toEqual({
      [streamId]: { type: 'No Prediction' },
    });
    expect((labelled.body['triggers'] as { id: string }[]).map((item) => item.id)).toEqual([
      streamId,
    ]);
    const withException = await ok('POST', `${PRIVATE}/query`, {
      order: { kind: 'recent' },
      filter: { trigger_exceptions: { [streamId]: { one_of: ['No Prediction'] } } },
    });
    expect(
      (withException.body['results'] as { comment: { uid: string } }[]).map((r) => r.comment.uid),
    ).toEqual([tagged]);
    const without = await ok('POST', `${PRIVATE}/query`, {
      order: { kind: 'recent' },
      filter: { trigger_exceptions: { [streamId]: { one_of: [null] } } },
      limit: 100,
    });
    expect((without.body['results'] as unknown[]).length).toBe(9);
    const missingUid = await sift.call('PUT', `${DATASET}/streams/urgent/exceptions`, {
      body: { exceptions: [{ uid: `${sourceId}.nope`, metadata: { type: 'x' } }] },
    });
    expect(missingUid.statusCode).toBe(404);
    expect(missingUid.body.message).toContain(`${sourceId}.nope`);

    const results = await ok('GET', `${DATASET}/streams/urgent/results?max_results=3`);
    const items = results.body['results'] as {
      continuation: string;
      prediction: {
        taxonomies: {
          name: string;
          labels: { name: string; occurrence_confidence: { thresholds: string[] } }[];
        }[];
      };
    }[];
    expect(items).toHaveLength(3);
    expect(results.body['more_results']).toBe(true);
    expect(typeof results.body['continuation']).toBe('string');
    for (const item of items) {
      const labels = item.prediction.taxonomies.flatMap((taxonomy) => taxonomy.labels);
      expect(
        labels.find((label) => label.name === first)?.occurrence_confidence.thresholds,
      ).toContain('stream');
    }
    expect(results.body['model']).toMatchObject({
      definition: { taxonomies: [{ name: 'default' }] },
    });
    // A result's continuation acknowledges up to that item.
    await ok('POST', `${DATASET}/streams/urgent/advance`, { continuation: items[0]!.continuation });
    expect((await fetchBatch('urgent', 100)).results).toHaveLength(9);

    // The legacy alias serves the same object under its own keys.
    const trigger = await ok('GET', `${DATASET}/triggers/urgent`);
    expect(trigger.body['trigger']).toMatchObject({ id: streamId, name: 'urgent' });
    const triggers = await ok('GET', `${DATASET}/triggers`);
    expect((triggers.body['triggers'] as { name: string }[]).map((t) => t.name)).toEqual([
      'urgent',
    ]);

    for (const garbage of ['garbage', `${batch.sequence_id}x`, 'eyJrIjoic3RyZWFtIn0.AAAA']) {
      const refused = await sift.call('POST', `${DATASET}/streams/urgent/advance`, {
        body: { sequence_id: garbage },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toMatchObject({ status: 'error' });
      expect(refused.body.message).toMatch(/sequence_id/);
    }
    expect(
      (await sift.call('PUT', `${DATASET}/streams`, { body: { stream: { name: 'urgent' } } }))
        .statusCode,
    ).toBe(409);

    await ok('DELETE', `${DATASET}/streams/urgent`);
    expect((await sift.call('GET', `${DATASET}/streams/urgent`)).statusCode).toBe(404);
    expect((await sift.call('DELETE', `${PRIVATE}/labellers/1/pin`)).statusCode).toBe(200);
  });

  it('refuses bad stream definitions with 400s that name the problem', async () => {
    const unknownLabel = await sift.call('PUT', `${DATASET}/streams`, {
      body: {
        stream: {
          name: 'bad',
          model: { version: 1, label_thresholds: [{ name: 'Nope', threshold: 0.5 }] },
        },
      },
    });
    expect(unknownLabel.statusCode).toBe(400);
    expect(unknownLabel.body.message).toContain("'Nope'");
    const unknownVersion = await sift.call('PUT', `${DATASET}/streams`, {
      body: { stream: { name: 'bad', model: { version: 99 } } },
    });
    expect(unknownVersion.statusCode).toBe(400);
    expect(unknownVersion.body.message).toContain('99');
    const unknownFilter = await sift.call('PUT', `${DATASET}/streams`, {
      body: { stream: { name: 'bad', comment_filter: { colour: 'red' } } },
    });
    expect(unknownFilter.statusCode).toBe(400);
    expect((await sift.call('GET', `${DATASET}/streams/bad`)).statusCode).toBe(404);
  });

  it('checks the stream permissions', async () => {
    await ok('PUT', `${DATASET}/streams`, { stream: { name: 'guarded' } });
    const reader = await userToken('stream-reader', [
      'voc-readonly',
      'sources-read',
      'triggers-read',
    ]);
    expect(
      (await sift.call('GET', `${DATASET}/streams/guarded`, { token: reader })).statusCode,
    ).toBe(200);
    for (const [method, path, body] of [
      ['POST', 'fetch', { size: 1 }],
      ['POST', 'advance', { sequence_id: 'x' }],
      ['GET', 'results', undefined],
    ] as const) {
      const refused = await sift.call(method, `${DATASET}/streams/guarded/${path}`, {
        token: reader,
        ...(body === undefined ? {} : { body }),
      });
      expect(refused.statusCode, path).toBe(403);
      expect(refused.body.message).toContain('triggers-consume');
    }
    expect(
      (await sift.call('DELETE', `${DATASET}/streams/guarded`, { token: reader })).statusCode,
    ).toBe(403);
    const consumer = await userToken('stream-consumer', [
      'voc-readonly',
      'sources-read',
      'triggers-consume',
    ]);
    expect(
      (
        await sift.call('POST', `${DATASET}/streams/guarded/fetch`, {
          token: consumer,
          body: { size: 1 },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await sift.call('PUT', `${DATASET}/streams`, {
          token: consumer,
          body: { stream: { name: 'x' } },
        })
      ).statusCode,
    ).toBe(403);
    await ok('DELETE', `${DATASET}/streams/guarded`);
  });

  it('never loses or re-delivers an acknowledged comment with two consumers on one stream', async () => {
    await ok('PUT', `${DATASET}/streams`, { stream: { name: 'race' } });
    const ids = Array.from({ length: 60 }, (_, index) => `race-${String(index).padStart(3, '0')}`);
    await ok('POST', '/api/v1/sources/streams/inbox/sync', {
      comments: ids.map((id) => ({
        id,
        timestamp: '2024-02-02T00:00:00Z',
        messages: [{ body: { text: `message ${id}` } }],
      })),
    });
    // Creation order is id order here, so an index stands for a comment's place in the stream.
    const indexOf = new Map(ids.map((id, index) => [id, index]));
    let acknowledged = -1;
    const delivered = new Set<string>();
    const violations: string[] = [];
    const consumer = async (name: string) => {
      for (let round = 0; round < 200; round += 1) {
        const ackedAtStart = acknowledged;
        const batch = await fetchBatch('race', 7);
        for (const item of batch.results) {
          const index = indexOf.get(item.comment.id)!;
          if (index <= ackedAtStart) {
            violations.push(`${name} got ${item.comment.id} after it was acknowledged`);
          }
          delivered.add(item.comment.id);
        }
        if (batch.results.length === 0 && batch.is_end_sequence) {
          return;
        }
        await ok('POST', `${DATASET}/streams/race/advance`, { sequence_id: batch.sequence_id });
        const last = batch.results[batch.results.length - 1];
        if (last !== undefined) {
          acknowledged = Math.max(acknowledged, indexOf.get(last.comment.id)!);
        }
      }
      violations.push(`${name} did not reach the end`);
    };
    await Promise.all([consumer('a'), consumer('b')]);
    expect(violations).toEqual([]);
    expect([...delivered].sort()).toEqual(ids);
    await ok('DELETE', `${DATASET}/streams/race`);
  });
});
