import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AppError } from '../domain/errors.js';

import {
  expectedOrder,
  loadQueryFixture,
  pageThrough,
  QUERY_CASES,
  queryFixture,
} from './query/query-contract.js';
import type { ProjectRecord, SourceRecord, Store, UserRecord } from './store.js';

const T0 = '2024-03-05T09:12:44.031200Z';

function project(name: string, id: string): ProjectRecord {
  return {
    id,
    name,
    title: '',
    description: '',
    user_auto_join: false,
    created_at: T0,
    updated_at: T0,
  };
}

/** A dataset with no sources and default settings. */
function dataset(id: string, projectId: string): Parameters<Store['datasets']['insert']>[0] {
  return {
    id,
    project_id: projectId,
    name: 'intents',
    title: '',
    description: '',
    model_family: 'english',
    has_sentiment: false,
    source_ids: [],
    dataset_flags: [],
    model_config: {},
    label_properties: null,
    timezone: 'UTC',
    preferred_locales: null,
    created: T0,
    last_modified: T0,
  };
}

function user(username: string, id: string, email = `${username}@example.com`): UserRecord {
  return {
    id,
    username,
    email,
    created: T0,
    global_permissions: [],
    organisation_permissions: {},
    last_login_at: null,
  };
}

function source(name: string, id: string, projectId: string): Omit<SourceRecord, 'owner'> {
  return {
    id,
    project_id: projectId,
    name,
    title: '',
    description: '',
    language: 'en',
    should_translate: false,
    sensitive_properties: [],
    created_at: T0,
    updated_at: T0,
    last_modified: T0,
    bucket_id: null,
    kind: 'unknown',
    email_transform_tag: null,
    email_transform_version: null,
  };
}

/** One behavioural suite that every Store backend must pass (architecture.md §6.3). */
export function describeStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('lists projects sorted by name in byte order', async () => {
      await store.projects.insert(project('beta', '0000000000000002'));
      await store.projects.insert(project('Zeta', '0000000000000003'));
      await store.projects.insert(project('alpha', '0000000000000001'));
      expect((await store.projects.list()).map((p) => p.name)).toEqual(['Zeta', 'alpha', 'beta']);
      expect(await store.projects.getByName('alpha')).toEqual(project('alpha', '0000000000000001'));
      expect(await store.projects.getByName('ALPHA')).toBeNull();
    });

    it('turns a duplicate name into a conflict error', async () => {
      await store.projects.insert(project('alpha', '0000000000000001'));
      const duplicate = store.projects.insert(project('alpha', '0000000000000002'));
      await expect(duplicate).rejects.toBeInstanceOf(AppError);
      await expect(duplicate).rejects.toMatchObject({ code: 'conflict' });
    });

    it('rolls a failed transaction back entirely', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.projects.insert(project('alpha', '0000000000000001'));
          await tx.projects.insert(project('beta', '0000000000000002'));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.projects.list()).toEqual([]);
    });

    it('commits a transaction and lets nested calls join it', async () => {
      await store.transaction(async (tx) => {
        await tx.projects.insert(project('alpha', '0000000000000001'));
        await tx.transaction(async (inner) =>
          inner.projects.insert(project('beta', '0000000000000002')),
        );
      });
      expect(await store.projects.list()).toHaveLength(2);
    });

    it('keeps one token per user and forgets the old one', async () => {
      await store.users.insert(user('bob', '00000000000000b0'));
      await store.tokens.setForUser('00000000000000b0', 'a'.repeat(64), T0);
      await store.tokens.setForUser('00000000000000b0', 'b'.repeat(64), T0);
      expect(await store.tokens.findUserIdByHash('a'.repeat(64))).toBeNull();
      expect(await store.tokens.findUserIdByHash('b'.repeat(64))).toEqual({
        user_id: '00000000000000b0',
        token_hash: 'b'.repeat(64),
      });
      await store.users.delete('00000000000000b0');
      expect(await store.tokens.findUserIdByHash('b'.repeat(64))).toBeNull();
    });

    it('finds users by email case-insensitively and round-trips permissions', async () => {
      const bob = {
        ...user('bob', '00000000000000b0', 'Bob@Example.com'),
        global_permissions: ['audit-read'],
        organisation_permissions: { alpha: ['sources-read', 'streams-read'] },
      };
      await store.users.insert(bob);
      expect(await store.users.getByEmail('bob@example.COM')).toEqual(bob);
      await expect(
        store.users.insert(user('bob2', '00000000000000b1', 'BOB@example.com')),
      ).rejects.toMatchObject({
        code: 'conflict',
      });
    });

    it('updates last_login_at at most once per interval', async () => {
      await store.users.insert(user('bob', '00000000000000b0'));
      await store.users.touchLastLogin(
        '00000000000000b0',
        '2024-01-01T00:00:00.000000Z',
        '2023-12-31T23:59:00.000000Z',
      );
      await store.users.touchLastLogin(
        '00000000000000b0',
        '2024-01-01T00:00:30.000000Z',
        '2023-12-31T23:59:30.000000Z',
      );
      expect((await store.users.getById('00000000000000b0'))?.last_login_at).toBe(
        '2024-01-01T00:00:00.000000Z',
      );
      await store.users.touchLastLogin(
        '00000000000000b0',
        '2024-01-01T00:01:30.000000Z',
        '2024-01-01T00:00:30.000000Z',
      );
      expect((await store.users.getById('00000000000000b0'))?.last_login_at).toBe(
        '2024-01-01T00:01:30.000000Z',
      );
    });

    it('lists sources by (owner, name) and deletes them with their project', async () => {
      await store.projects.insert(project('beta', '0000000000000002'));
      await store.projects.insert(project('alpha', '0000000000000001'));
      await store.sources.insert(source('zz', '00000000000000a1', '0000000000000001'));
      await store.sources.insert(source('aa', '00000000000000b1', '0000000000000002'));
      await store.sources.insert(source('mm', '00000000000000a2', '0000000000000001'));
      expect((await store.sources.list()).map((s) => `${s.owner}/${s.name}`)).toEqual([
        'alpha/mm',
        'alpha/zz',
        'beta/aa',
      ]);
      expect((await store.sources.list('beta')).map((s) => s.name)).toEqual(['aa']);
      expect(await store.sources.countByProject('0000000000000001')).toBe(2);
      await store.projects.delete('0000000000000001');
      expect(await store.sources.getById('00000000000000a1')).toBeNull();
      expect((await store.sources.list()).map((s) => s.name)).toEqual(['aa']);
    });

    it('updates only the given source fields', async () => {
      await store.projects.insert(project('alpha', '0000000000000001'));
      await store.sources.insert(source('inbox', '00000000000000a1', '0000000000000001'));
      await store.sources.update('00000000000000a1', {
        title: 'Inbox',
        sensitive_properties: ['string:Email'],
        email_transform_version: 3,
      });
      expect(await store.sources.getById('00000000000000a1')).toMatchObject({
        owner: 'alpha',
        title: 'Inbox',
        description: '',
        sensitive_properties: ['string:Email'],
        email_transform_version: 3,
        should_translate: false,
      });
    });

    it('debounces scheduling to one pending job per kind and target', async () => {
      const deadline = '2024-01-01T00:01:00.000000Z';
      const schedule = (id: string, runAfter: string) =>
        store.jobs.schedule({
          id,
          kind: 'model-train',
          target: 'd1',
          payload: { v: 1, id },
          priority: 0,
          run_after: runAfter,
          deadline,
          now: T0,
        });
      await schedule('0000000000000001', '2024-01-01T00:00:10.000000Z');
      await schedule('0000000000000002', '2024-01-01T00:00:15.000000Z');
      const jobs = await store.jobs.listByTarget('d1');
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toMatchObject({
        id: '0000000000000001',
        run_after: '2024-01-01T00:00:15.000000Z',
        payload: { v: 1, id: '0000000000000002' },
      });
      await schedule('0000000000000003', '2024-01-01T00:00:12.000000Z');
      expect((await store.jobs.get('0000000000000001'))?.run_after).toBe(
        '2024-01-01T00:00:15.000000Z',
      );
      await schedule('0000000000000004', '2024-01-01T00:05:00.000000Z');
      expect((await store.jobs.get('0000000000000001'))?.run_after).toBe(deadline);
      const early = await store.jobs.claimNext({
        now: '2024-01-01T00:00:02.000000Z',
        leaseUntil: '2024-01-01T00:01:00.000000Z',
        kinds: ['model-train'],
      });
      expect(early).toBeNull();
    });

    it('claims each job once, reclaims an expired lease and fences the old holder', async () => {
      for (const id of ['0000000000000001', '0000000000000002']) {
        await store.jobs.schedule({
          id,
          kind: 'model-train',
          target: id,
          payload: {},
          priority: 0,
          run_after: T0,
          deadline: T0,
          now: T0,
        });
      }
      const now = '2024-03-05T10:00:00.000000Z';
      const lease = '2024-03-05T10:01:00.000000Z';
      const claims = await Promise.all(
        Array.from({ length: 6 }, () =>
          store.jobs.claimNext({ now, leaseUntil: lease, kinds: ['model-train'] }),
        ),
      );
      const won = claims.filter((claim) => claim !== null).map((claim) => claim.id);
      expect(new Set(won).size).toBe(won.length);
      // Under PostgreSQL contention a claim may come back empty although work exists (stack.md §4.7).
      while (won.length < 2) {
        const again = await store.jobs.claimNext({
          now,
          leaseUntil: lease,
          kinds: ['model-train'],
        });
        expect(again).not.toBeNull();
        won.push(again!.id);
      }
      expect(won.sort()).toEqual(['0000000000000001', '0000000000000002']);
      expect(
        await store.jobs.claimNext({ now, leaseUntil: lease, kinds: ['model-train'] }),
      ).toBeNull();

      const later = '2024-03-05T10:02:00.000000Z';
      const reclaimed = await store.jobs.claimNext({
        now: later,
        leaseUntil: '2024-03-05T10:03:00.000000Z',
        kinds: ['model-train'],
      });
      expect(reclaimed?.attempts).toBe(2);
      expect(
        await store.jobs.heartbeat(reclaimed!.id, 1, '2024-03-05T10:09:00.000000Z', later),
      ).toBe(false);
      expect(
        await store.jobs.heartbeat(reclaimed!.id, 2, '2024-03-05T10:09:00.000000Z', later),
      ).toBe(true);
      await store.jobs.complete(reclaimed!.id, 2, { version: 1 }, later);
      expect(await store.jobs.get(reclaimed!.id)).toMatchObject({
        status: 'done',
        result: { version: 1 },
      });
    });

    it('does not claim a pending job while its (kind, target) runs under a live lease', async () => {
      const job = (id: string) => ({
        id,
        kind: 'model-train',
        target: 'd1',
        payload: {},
        priority: 0,
        run_after: T0,
        deadline: T0,
        now: T0,
      });
      await store.jobs.schedule(job('0000000000000001'));
      const now = '2024-03-05T10:00:00.000000Z';
      const lease = '2024-03-05T10:01:00.000000Z';
      const running = await store.jobs.claimNext({
        now,
        leaseUntil: lease,
        kinds: ['model-train'],
      });
      expect(running?.id).toBe('0000000000000001');
      // A change during the run schedules the next training; it waits for the running one (ml.md §4.1).
      await store.jobs.schedule({ ...job('0000000000000002'), now });
      expect(
        await store.jobs.claimNext({ now, leaseUntil: lease, kinds: ['model-train'] }),
      ).toBeNull();
      await store.jobs.complete(running!.id, running!.attempts, null, now);
      const next = await store.jobs.claimNext({ now, leaseUntil: lease, kinds: ['model-train'] });
      expect(next?.id).toBe('0000000000000002');
    });

    it('numbers model versions without gaps and keeps settings, tags and files apart', async () => {
      await store.projects.insert(project('alpha', '0000000000000001'));
      await store.datasets.insert(dataset('00000000000000d1', '0000000000000001'));
      const write = (fingerprint: string) => ({
        dataset_id: '00000000000000d1',
        model_id: `00000000000000f${fingerprint}`,
        fingerprint,
        trained_time: T0,
        training_duration: 1.5,
        input_updated_at: T0,
        reviewed_counts: { A: 3 },
        summary: { train_size: 3 },
        validation: { big: [1, 2, 3] },
        taxonomy: { label_groups: [] },
        model_file: Uint8Array.from([1, 2, 3, 250]),
        pinned: false,
        starred: false,
        description: '',
      });
      expect(await store.transaction((tx) => tx.models.insert(write('1')))).toBe(1);
      expect(await store.transaction((tx) => tx.models.insert(write('2')))).toBe(2);
      expect((await store.models.latest('00000000000000d1'))?.version).toBe(2);
      expect(
        (await store.models.list('00000000000000d1', { limit: 10 })).map((v) => v.version),
      ).toEqual([2, 1]);
      expect(
        (await store.models.list('00000000000000d1', { olderThan: 2, limit: 10 })).map(
          (v) => v.version,
        ),
      ).toEqual([1]);
      expect(Array.from((await store.models.getFile('00000000000000d1', 1))!)).toEqual([
        1, 2, 3, 250,
      ]);
      expect(await store.models.getValidation('00000000000000d1', 2)).toEqual({
        validation: { big: [1, 2, 3] },
        taxonomy: { label_groups: [] },
      });
      await store.models.updateSettings('00000000000000d1', 1, { pinned: true, starred: true });
      expect(await store.models.get('00000000000000d1', 1)).toMatchObject({
        pinned: true,
        starred: true,
        reviewed_counts: { A: 3 },
        training_duration: 1.5,
      });
      expect(await store.models.countPinned('00000000000000d1')).toBe(1);
      await store.models.setTag({
        dataset_id: '00000000000000d1',
        name: 'live',
        version: 1,
        updated_at: T0,
      });
      await store.models.setTag({
        dataset_id: '00000000000000d1',
        name: 'live',
        version: 2,
        updated_at: T0,
      });
      expect(await store.models.listTags('00000000000000d1')).toEqual([
        { dataset_id: '00000000000000d1', name: 'live', version: 2, updated_at: T0 },
      ]);
      expect(await store.models.deleteTag('00000000000000d1', 'live')).toBe(true);
      expect(await store.models.deleteTag('00000000000000d1', 'live')).toBe(false);
    });

    it('keeps stream positions monotonic and exceptions per stream', async () => {
      await store.projects.insert(project('alpha', '0000000000000001'));
      await store.datasets.insert(dataset('00000000000000d1', '0000000000000001'));
      const stream = {
        id: '00000000000000e1',
        dataset_id: '00000000000000d1',
        name: 'urgent',
        title: '',
        description: '',
        created_at: T0,
        updated_at: T0,
        context: 'c1',
        comment_filter: {},
        model: { version: 3, label_thresholds: [{ name: ['A', 'B'], threshold: 0.5 }] },
        position: 10,
      };
      await store.streams.create(stream);
      await expect(
        store.streams.create({ ...stream, id: '00000000000000e2' }),
      ).rejects.toMatchObject({
        code: 'conflict',
      });
      expect(await store.streams.get('00000000000000d1', 'urgent')).toEqual(stream);
      expect(await store.streams.usesVersion('00000000000000d1', 3)).toBe(true);
      expect(await store.streams.usesVersion('00000000000000d1', 2)).toBe(false);
      // Advance only ever raises the position; reset sets it.
      expect(await store.streams.advance(stream.id, 25, T0)).toBe(25);
      expect(await store.streams.advance(stream.id, 12, T0)).toBe(25);
      await store.streams.setPosition(stream.id, 4, T0);
      expect((await store.streams.get('00000000000000d1', 'urgent'))?.position).toBe(4);
      await store.streams.update({ ...stream, name: 'renamed', model: null, position: 99 });
      const renamed = await store.streams.get('00000000000000d1', 'renamed');
      expect(renamed).toMatchObject({ model: null, position: 4 });
      expect(await store.streams.usesVersion('00000000000000d1', 3)).toBe(false);

      const key = { stream_id: stream.id, source_id: '00000000000000a1' };
      await store.streams.putExceptions(
        [
          { ...key, comment_id: 'c1', type: 'first' },
          { ...key, comment_id: 'c2', type: 'other' },
        ],
        T0,
      );
      await store.streams.putExceptions([{ ...key, comment_id: 'c1', type: 'second' }], T0);
      expect(
        await store.streams.exceptionsFor([stream.id], '00000000000000a1', ['c1', 'c3']),
      ).toEqual([{ ...key, comment_id: 'c1', type: 'second' }]);
      await store.streams.deleteExceptions(stream.id, [
        { source_id: '00000000000000a1', comment_id: 'c1' },
      ]);
      expect((await store.streams.listExceptions(stream.id)).map((e) => e.comment_id)).toEqual([
        'c2',
      ]);
      expect(await store.streams.delete(stream.id)).toBe(true);
      expect(await store.streams.listExceptions(stream.id)).toEqual([]);
      expect(await store.streams.list('00000000000000d1')).toEqual([]);
    });

    it('caches embeddings by content hash with exact float32 round trips', async () => {
      const vector = Float32Array.from([0.1, -0.25, 3e-8, 1]);
      await store.embeddings.putMany('use-lite', [{ hash: 'h1', vector }], T0);
      await store.embeddings.putMany('use-lite', [{ hash: 'h1', vector: new Float32Array(4) }], T0);
      const found = await store.embeddings.getMany('use-lite', ['h1', 'h2']);
      expect([...found.keys()]).toEqual(['h1']);
      expect(Array.from(found.get('h1')!)).toEqual(Array.from(vector));
      expect((await store.embeddings.getMany('other', ['h1'])).size).toBe(0);
      expect([...(await store.embeddings.cachedHashes('use-lite', ['h1', 'h2', 'h1']))]).toEqual([
        'h1',
      ]);
    });

    it("records a running job's progress, fenced by its attempt, and lists active jobs", async () => {
      const job = (id: string, target: string) => ({
        id,
        kind: 'comments-embed',
        target,
        payload: {},
        priority: 2,
        run_after: T0,
        deadline: T0,
        now: T0,
      });
      await store.jobs.schedule(job('0000000000000001', 's1'));
      await store.jobs.schedule(job('0000000000000002', 's2'));
      const running = await store.jobs.claimNext({
        now: T0,
        leaseUntil: '2030-01-01T00:00:00.000000Z',
        kinds: ['comments-embed'],
      });
      const progress = { phase: 'embedding', done: 3, total: 9, started_at: T0 };
      await store.jobs.reportProgress(running!.id, running!.attempts, progress, T0);
      await store.jobs.reportProgress(
        running!.id,
        running!.attempts + 1,
        { ...progress, done: 8 },
        T0,
      );
      expect((await store.jobs.get(running!.id))?.progress).toEqual(progress);
      const active = await store.jobs.listActive(['s1', 's2', 's3'], ['comments-embed']);
      expect(active.map((item) => [item.target, item.status])).toEqual([
        ['s1', 'running'],
        ['s2', 'pending'],
      ]);
      await store.jobs.complete(running!.id, running!.attempts, null, T0);
      expect(await store.jobs.listActive(['s1'], ['comments-embed'])).toEqual([]);
      expect(await store.jobs.listActive([], ['comments-embed'])).toEqual([]);
    });

    it('supersedes a retried job when a newer one is pending for its target', async () => {
      await store.jobs.schedule({
        id: '0000000000000001',
        kind: 'model-train',
        target: 'd1',
        payload: {},
        priority: 0,
        run_after: T0,
        deadline: T0,
        now: T0,
      });
      const running = await store.jobs.claimNext({
        now: T0,
        leaseUntil: '2030-01-01T00:00:00.000000Z',
        kinds: ['model-train'],
      });
      await store.jobs.schedule({
        id: '0000000000000002',
        kind: 'model-train',
        target: 'd1',
        payload: {},
        priority: 0,
        run_after: T0,
        deadline: T0,
        now: T0,
      });
      await store.jobs.retryLater(
        running!.id,
        1,
        T0,
        { code: 'unavailable', message: 'store down' },
        T0,
      );
      const jobs = await store.jobs.listByTarget('d1');
      expect(jobs.map((job) => [job.id, job.status, job.error_code])).toEqual([
        ['0000000000000001', 'failed', 'superseded'],
        ['0000000000000002', 'pending', null],
      ]);
      expect(await store.jobs.hasActive('d1', 'model-train')).toBe(true);
      expect(await store.jobs.hasActive('d1', 'dataset-predict')).toBe(false);
      expect((await store.jobs.lastFinished('d1', 'model-train'))?.id).toBe('0000000000000001');
      expect(await store.jobs.lastFinished('d2', 'model-train')).toBeNull();
    });

    it('pages audit events newest first with a keyset position', async () => {
      const times = [
        '2024-01-01T00:00:00.000001Z',
        '2024-01-01T00:00:00.000003Z',
        '2024-01-01T00:00:00.000002Z',
      ];
      for (const [index, timestamp] of times.entries()) {
        await store.audit.insert({
          event_id: `000000000000000${index}`,
          event_type: 'create_project',
          timestamp,
          actor_user_id: '00000000000000b0',
          actor_tenant_id: '00000000000000c0',
          refs: { tenant_ids: ['00000000000000c0'], snapshot: {} },
        });
      }
      const first = await store.audit.query({ limit: 2 });
      expect(first.map((e) => e.event_id)).toEqual(['0000000000000001', '0000000000000002']);
      const last = first[1]!;
      const second = await store.audit.query({
        limit: 2,
        after: { timestamp: last.timestamp, event_id: last.event_id },
      });
      expect(second.map((e) => e.event_id)).toEqual(['0000000000000000']);
      const bounded = await store.audit.query({
        limit: 10,
        minimum: '2024-01-01T00:00:00.000002Z',
      });
      expect(bounded).toHaveLength(2);
      expect(bounded[0]?.refs).toEqual({ tenant_ids: ['00000000000000c0'], snapshot: {} });
    });

    it('ranks every dataset query order as the in-memory keys do, in keyset pages', async () => {
      const fixture = queryFixture();
      await loadQueryFixture(store, fixture);
      for (const testCase of QUERY_CASES) {
        const expected = expectedOrder(fixture, testCase);
        expect(expected.length, testCase.name).toBeGreaterThan(0);
        expect(await pageThrough(store, testCase, 3), testCase.name).toEqual(expected);
        expect(await pageThrough(store, testCase, 1000), testCase.name).toEqual(expected);
      }
    });

    it('continues a ranking after its position when comments and predictions arrive', async () => {
      const fixture = queryFixture();
      await loadQueryFixture(store, fixture);
      const order = { kind: 'by_label' as const, label: 'A' };
      const query = {
        datasetId: fixture.predictions[0]!.dataset_id,
        sourceIds: [...new Set(fixture.comments.map((comment) => comment.source_id))],
        order,
      };
      const first = await store.queries.rank({ ...query, limit: 5 });
      const position = first[4]!;
      // New comments: one ranked before the position (high p), one after it, one without predictions.
      const fresh = ['n1', 'n2', 'n3'].map((id) => ({
        ...fixture.comments[0]!,
        id,
        fingerprint: id,
      }));
      await store.comments.insertMany(fresh);
      const predicted = (id: string, probability: number) => ({
        ...fixture.predictions[0]!,
        source_id: fresh[0]!.source_id,
        comment_id: id,
        labels: [['A', probability]] as [string, number][],
      });
      await store.predictions.upsertMany([predicted('n1', 1), predicted('n2', 0.0625)]);
      const rest: string[] = [];
      let after = position;
      for (;;) {
        const page = await store.queries.rank({ ...query, after, limit: 4 });
        rest.push(...page.map((row) => `${row.source_id}.${row.comment_id}`));
        if (page.length < 4) {
          break;
        }
        after = page[page.length - 1]!;
      }
      const all = expectedOrder(
        {
          comments: [...fixture.comments, ...fresh],
          predictions: [...fixture.predictions, predicted('n1', 1), predicted('n2', 0.0625)],
          annotations: fixture.annotations,
        },
        { name: 'by_label', order },
      );
      const seen = first.map((row) => `${row.source_id}.${row.comment_id}`);
      expect(all.indexOf(`${fresh[0]!.source_id}.n1`)).toBeLessThan(5);
      expect(rest).toEqual(all.slice(all.indexOf(seen[4]!) + 1));
      expect(rest).toContain(`${fresh[0]!.source_id}.n2`);
      expect(rest).toContain(`${fresh[0]!.source_id}.n3`);
      expect(rest).not.toContain(`${fresh[0]!.source_id}.n1`);
    });

    it('keeps dataset sources and taxonomy in order and deletes them with the dataset', async () => {
      await store.projects.insert(project('alpha', '0000000000000001'));
      await store.sources.insert(source('inbox', '00000000000000a1', '0000000000000001'));
      await store.sources.insert(source('other', '00000000000000a2', '0000000000000001'));
      const intents = {
        ...dataset('00000000000000d1', '0000000000000001'),
        source_ids: ['00000000000000a2', '00000000000000a1'],
        dataset_flags: ['qos'],
        model_config: { kind: 'cm' },
        preferred_locales: { default: 'en-GB' },
      };
      await store.datasets.insert(intents);
      await expect(
        store.datasets.insert({ ...intents, id: '00000000000000d2' }),
      ).rejects.toMatchObject({
        code: 'conflict',
      });
      expect(await store.datasets.getByName('alpha', 'intents')).toEqual({
        ...intents,
        owner: 'alpha',
      });
      expect(await store.datasets.countByProject('0000000000000001')).toBe(1);

      const group = {
        label_collection_name: null,
        trainable: true,
        hidden: false,
        instructions: '',
      };
      await store.taxonomy.insertGroup('00000000000000d1', { ...group, name: 'default' });
      await store.taxonomy.insertGroup('00000000000000d1', { ...group, name: 'tone' });
      const def = (name: string, position: number) => ({
        name,
        position,
        title: '',
        instructions: '',
        external_id: null,
        pretrained: null,
        trainable: true,
        moon_form: null,
        properties: null,
      });
      await store.taxonomy.insertLabelDefs('00000000000000d1', 'default', [
        def('B', 1),
        def('A', 0),
      ]);
      await store.taxonomy.insertLabelDefs('00000000000000d1', 'tone', [def('B', 0)]);
      await expect(
        store.taxonomy.insertLabelDefs('00000000000000d1', 'default', [def('A', 2)]),
      ).rejects.toMatchObject({ code: 'conflict' });
      await store.taxonomy.updateLabelDef('00000000000000d1', 'default', 'B', {
        ...def('C', 1),
        title: 'C',
      });
      await store.taxonomy.insertEntityDef('00000000000000d1', {
        id: '00000000000000e1',
        name: 'amount',
        title: '',
        color: 4_294_967_295,
        inherits_from: ['f000000000000002'],
        trainable: true,
        flags: [],
        rules: { suppressors: ['total'] },
        instructions: null,
      });
      let taxonomy = (await store.taxonomy.load(['00000000000000d1'])).get('00000000000000d1');
      expect(taxonomy?.label_groups.map((g) => [g.name, g.label_defs.map((d) => d.name)])).toEqual([
        ['default', ['A', 'C']],
        ['tone', ['B']],
      ]);
      expect(taxonomy?.entity_defs[0]).toMatchObject({
        color: 4_294_967_295,
        rules: { suppressors: ['total'] },
      });

      expect(
        await store.datasets.removeSource('00000000000000a2', '2024-03-06T00:00:00.000000Z'),
      ).toEqual(['00000000000000d1']);
      expect(await store.datasets.getById('00000000000000d1')).toMatchObject({
        source_ids: ['00000000000000a1'],
        last_modified: '2024-03-06T00:00:00.000000Z',
      });
      // A deleted source also leaves through the foreign key, whoever deletes it.
      await store.sources.delete('00000000000000a1');
      expect((await store.datasets.getById('00000000000000d1'))?.source_ids).toEqual([]);

      await store.taxonomy.deleteGroup('00000000000000d1', 'tone');
      await store.datasets.delete('00000000000000d1');
      taxonomy = (await store.taxonomy.load(['00000000000000d1'])).get('00000000000000d1');
      expect(taxonomy).toEqual({ label_groups: [], entity_defs: [], general_fields: [] });
      expect(await store.datasets.list('alpha')).toEqual([]);
    });
    it('counts labels per day from annotations where reviewed and predictions elsewhere', async () => {
      await store.projects.insert(project('alpha', '0000000000000001'));
      await store.sources.insert(source('inbox', '00000000000000a1', '0000000000000001'));
      await store.sources.insert(source('other', '00000000000000a2', '0000000000000001'));
      await store.datasets.insert({
        ...dataset('00000000000000d1', '0000000000000001'),
        source_ids: ['00000000000000a1', '00000000000000a2'],
      });
      const comment = (sourceId: string, id: string, timestamp: string) => ({
        source_id: sourceId,
        id,
        timestamp,
        thread_id: null,
        text_format: null,
        messages: [],
        user_properties: {},
        attachments: [],
        fingerprint: id,
        created_at: T0,
        last_modified: T0,
        context: 'c',
      });
      await store.comments.insertMany([
        comment('00000000000000a1', 'r1', '2024-03-01T10:00:00.000000Z'),
        comment('00000000000000a1', 'u1', '2024-03-01T23:59:59.999999Z'),
        comment('00000000000000a1', 'u2', '2024-03-02T00:00:00.000000Z'),
        comment('00000000000000a1', 'u3', '2024-03-02T08:00:00.000000Z'),
        comment('00000000000000a2', 'o1', '2024-03-02T09:00:00.000000Z'),
      ]);
      // r1 is reviewed with two children of Billing: Billing counts once, from the annotation only.
      await store.annotations.upsert({
        dataset_id: '00000000000000d1',
        source_id: '00000000000000a1',
        comment_id: 'r1',
        labelling: [
          {
            group: 'default',
            assigned: [
              { name: 'Billing > Refund', sentiment: 'positive' },
              { name: 'Billing > Invoice', sentiment: 'positive' },
            ],
            dismissed: [{ name: 'Delivery', sentiment: 'positive' }],
          },
        ],
        entities: null,
        moon_forms: null,
        reviewed: true,
        updated_at: T0,
        retrieval_method: null,
      });
      const prediction = (sourceId: string, id: string, labels: [string, number][]) => ({
        dataset_id: '00000000000000d1',
        source_id: sourceId,
        comment_id: id,
        version: 1,
        context: 'c',
        labels,
        max_informative: labels[0]?.[1] ?? 0,
        check_key: null,
        missed_key: null,
        rebalance_key: null,
      });
      await store.predictions.upsertMany([
        // The reviewed comment's predictions never count.
        prediction('00000000000000a1', 'r1', [['Delivery', 0.99]]),
        prediction('00000000000000a1', 'u1', [
          ['Billing', 0.8],
          ['Delivery', 0.55],
        ]),
        prediction('00000000000000a1', 'u2', [['Delivery', 0.7]]),
        prediction('00000000000000a1', 'u3', [['Billing', 0.3]]),
        prediction('00000000000000a2', 'o1', [['Billing', 0.95]]),
      ]);
      const labels = [
        { name: 'Billing', threshold: 0.5 },
        { name: 'Billing > Refund', threshold: 0.5 },
        { name: 'Delivery', threshold: 0.6 },
      ];
      const query = {
        datasetId: '00000000000000d1',
        sourceIds: ['00000000000000a1', '00000000000000a2'],
        labels,
        basis: 'predicted' as const,
      };
      expect(await store.predictions.labelVolume(query)).toEqual({
        days: [
          { day: '2024-03-01', comments: 2, reviewed: 1 },
          { day: '2024-03-02', comments: 3, reviewed: 0 },
        ],
        counts: [
          { day: '2024-03-01', label: 'Billing', count: 2 },
          { day: '2024-03-01', label: 'Billing > Refund', count: 1 },
          { day: '2024-03-02', label: 'Billing', count: 1 },
          { day: '2024-03-02', label: 'Delivery', count: 1 },
        ],
      });
      expect(await store.predictions.labelVolume({ ...query, basis: 'reviewed' })).toEqual({
        days: [{ day: '2024-03-01', comments: 1, reviewed: 1 }],
        counts: [
          { day: '2024-03-01', label: 'Billing', count: 1 },
          { day: '2024-03-01', label: 'Billing > Refund', count: 1 },
        ],
      });
      // One source and a time range (inclusive bounds).
      expect(
        await store.predictions.labelVolume({
          ...query,
          sourceIds: ['00000000000000a1'],
          from: '2024-03-01T23:59:59.999999Z',
          to: '2024-03-02T00:00:00.000000Z',
        }),
      ).toEqual({
        days: [
          { day: '2024-03-01', comments: 1, reviewed: 0 },
          { day: '2024-03-02', comments: 1, reviewed: 0 },
        ],
        counts: [
          { day: '2024-03-01', label: 'Billing', count: 1 },
          { day: '2024-03-02', label: 'Delivery', count: 1 },
        ],
      });
    });
  });
}
