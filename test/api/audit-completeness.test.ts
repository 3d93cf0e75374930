import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { INTENT_UTTERANCES } from '../../src/ml/testing/paraphrase-fixture.js';
import { ADMIN_TOKEN, startTestApp, type CallResult, type TestApp } from '../helpers/test-app.js';

// issue 20 #8: every mutation, every token issuance and every failed sign-in leaves an audit event.
// The mutating routes are taken from the OpenAPI document, so a new route fails this test until it
// is either audited (and driven below) or listed as not audited with its reason.

const P = 'aud';
const DS = `/api/v1/datasets/${P}/intents`;
const PRIVATE_DS = `/api/_private/datasets/${P}/intents`;

/** Mutating methods whose routes change nothing, or are excluded by api.md §5.13, with the reason. */
const NOT_AUDITED: Record<string, string> = {
  'POST /api/_private/datasets/{project}/{name}/labellers': 'read: lists model versions',
  'POST /api/_private/datasets/{project}/{name}/labellers/predict': 'read: predictions',
  'POST /api/_private/datasets/{project}/{name}/labellers/{version}/label-validation': 'read',
  'POST /api/_private/datasets/{project}/{name}/query': 'read',
  'POST /api/_private/datasets/{project}/{name}/statistics': 'read',
  'POST /api/_private/datasets/{project}/{name}/summary': 'read',
  'POST /api/_private/datasets/{project}/{name}/user-properties/values': 'read',
  'POST /api/v1/audit_events/query': 'read',
  'POST /api/v1/datasets/{project}/{name}/labellers/{version}/predict': 'read: predictions',
  'POST /api/v1/datasets/{project}/{name}/labellers/{version}/predict-comments': 'read',
  'POST /api/v1/datasets/{project}/{name}/labellers/{version}/predict-raw-emails': 'read',
  'POST /api/v1/sources/{project}/{name}/statistics': 'read',
  'POST /api/v1/datasets/{project}/{name}/streams/{stream}/fetch': 'stream read (api.md §5.13)',
  'POST /api/v1/datasets/{project}/{name}/triggers/{stream}/fetch': 'stream read (api.md §5.13)',
  'POST /api/v1/datasets/{project}/{name}/streams/{stream}/advance': 'stream read (api.md §5.13)',
  'POST /api/v1/datasets/{project}/{name}/triggers/{stream}/advance': 'stream read (api.md §5.13)',
  'POST /auth/refresh-user-permissions': 'no effect in Sift',
  'POST /api/_private/users/{user_id}/welcome-email': 'no effect in Sift (sends nothing)',
  'POST /api/v1/sources/{project}/{name}/sync': 'comment upload (api.md §5.13)',
  'PUT /api/_private/sources/{project}/{name}/comments': 'comment upload (api.md §5.13)',
  'POST /api/v1/sources/{project}/{name}/sync-raw-emails': 'comment upload (api.md §5.13)',
  'PUT /api/_private/sources/{project}/comments/{comment_id}/attachments/{index}':
    'comment upload (api.md §5.13)',
  'POST /api/_private/datasets/{project}/{name}/labellings/{comment_uid}':
    'annotation (api.md §5.13)',
  'POST /api/v1/datasets/{project}/{name}/sync-annotations': 'annotation (api.md §5.13)',
  'POST /api/_private/datasets/{project}/{name}/label-volume': 'read: report statistics',
  'PUT /api/_private/buckets/{project}/{name}/emails':
    'email upload, like comment upload (api.md §5.13)',
  'POST /api/_private/buckets/{project}/{name}/emails':
    'email upload, like comment upload (api.md §5.13)',
  'POST /api/_private/buckets/{project}/keyed-sync-state-ids': 'read: lists sync-state keys',
  'PUT /api/_private/buckets/{project}/keyed-sync-state/{key}': 'connector bookkeeping',
  'DELETE /api/_private/buckets/{project}/keyed-sync-state/{key}': 'connector bookkeeping',
  'PUT /api/_private/bucket-sync-state/{project}/{name}': 'connector bookkeeping',
  // Known gap, to be closed next (issue 20 #8 follow-up): api.md §5.13 names create_bucket,
  // delete_bucket, *_integration and set_quota events, which these routes do not record yet.
  'DELETE /api/_private/buckets/{project}': 'NOT YET AUDITED: delete_bucket (follow-up)',
  'PUT /api/_private/buckets/{project}/{name}': 'NOT YET AUDITED: create_bucket (follow-up)',
  'POST /api/_private/buckets/{project}/{name}': 'NOT YET AUDITED: bucket update (follow-up)',
  'POST /api/_private/quotas/{kind}': 'NOT YET AUDITED: quota request (follow-up)',
  'POST /api/_private/quotas/{tenant}/{kind}': 'NOT YET AUDITED: set_quota (follow-up)',
  'DELETE /api/_private/quotas/{tenant}/{kind}': 'NOT YET AUDITED: set_quota (follow-up)',
  'DELETE /api/_private/integrations/{project}': 'NOT YET AUDITED: delete_integration (follow-up)',
  'PUT /api/_private/integrations/{project}/{name}':
    'NOT YET AUDITED: create_integration (follow-up)',
  'POST /api/_private/integrations/{project}/{name}':
    'NOT YET AUDITED: update_integration (follow-up)',
};

type Step = { route: string; event: string; call: () => Promise<CallResult> };

describe('audit completeness', () => {
  let sift: TestApp;
  let sourceId: string;
  let carolId = '';
  let carolToken = '';
  let seen = new Set<string>();

  const call = (method: string, url: string, body?: unknown, token = ADMIN_TOKEN) =>
    sift.call(method, url, { token, ...(body === undefined ? {} : { body }) });

  async function newEvents(): Promise<{ event_type: string; actor_user_id: string }[]> {
    const page = await call('POST', '/api/v1/audit_events/query', { limit: 1024 });
    const events = page.body['audit_events'] as {
      event_id: string;
      event_type: string;
      actor_user_id: string;
    }[];
    const fresh = events.filter((event) => !seen.has(event.event_id));
    seen = new Set(events.map((event) => event.event_id));
    return fresh;
  }

  beforeAll(async () => {
    sift = await startTestApp({ SIFT_TRAIN_DEBOUNCE_MS: '50' });
    await call('PUT', `/api/_private/projects/${P}`, { user_ids: [] });
    sourceId = (
      (await call('PUT', `/api/v1/sources/${P}/inbox`, {})).body['source'] as { id: string }
    ).id;
    const intents = Object.keys(INTENT_UTTERANCES).sort().slice(0, 3);
    await call('POST', `/api/v1/sources/${P}/inbox/sync`, {
      comments: intents.flatMap((intent) =>
        INTENT_UTTERANCES[intent]!.map((text, index) => ({
          id: `${intent}-${index}`,
          timestamp: '2024-01-02T03:04:05Z',
          messages: [{ body: { text } }],
        })),
      ),
    });
    await call('PUT', DS, {
      dataset: { source_ids: [sourceId], label_defs: intents.map((name) => ({ name })) },
    });
    sift.startWorker();
    for (const intent of intents) {
      for (let index = 0; index < 3; index++) {
        await call('POST', `${PRIVATE_DS}/labellings/${sourceId}.${intent}-${index}`, {
          labelling: [{ group: 'default', assigned: [{ name: intent }] }],
        });
      }
    }
    const deadline = Date.now() + 120_000;
    for (;;) {
      const status = (await call('GET', `${PRIVATE_DS}/labellers/status`)).body[
        'dataset_status'
      ] as { latest_version: number | null };
      if (status.latest_version !== null) {
        break;
      }
      if (Date.now() > deadline) {
        throw new Error('no model version');
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await newEvents();
  }, 150_000);
  afterAll(async () => {
    await sift.close();
  });

  function streamSteps(family: 'streams' | 'triggers', one: 'stream' | 'trigger'): Step[] {
    const base = `${DS}/${family}`;
    const path = `/api/v1/datasets/{project}/{name}/${family}`;
    return [
      {
        route: `PUT ${path}`,
        event: 'create_stream',
        call: () => call('PUT', base, { [one]: { name: 'watch' } }),
      },
      {
        route: `POST ${path}/{stream}`,
        event: 'update_stream',
        call: () => call('POST', `${base}/watch`, { [one]: { title: 'Watch' } }),
      },
      {
        route: `PUT ${path}/{stream}/exceptions`,
        event: 'update_stream_exceptions',
        call: () =>
          call('PUT', `${base}/watch/exceptions`, {
            exceptions: [
              {
                uid: `${sourceId}.${Object.keys(INTENT_UTTERANCES).sort()[0]}-0`,
                metadata: { type: 'x' },
              },
            ],
          }),
      },
      {
        route: `DELETE ${path}/{stream}/exceptions`,
        event: 'update_stream_exceptions',
        call: () => call('DELETE', `${base}/watch/exceptions?uid=${sourceId}.nope`),
      },
      {
        route: `POST ${path}/{stream}/reset`,
        event: 'reset_stream',
        call: () =>
          call('POST', `${base}/watch/reset`, { to_comment_created_at: '2020-01-01T00:00:00Z' }),
      },
      {
        route: `DELETE ${path}/{stream}`,
        event: 'delete_stream',
        call: () => call('DELETE', `${base}/watch`),
      },
    ];
  }

  const steps = (): Step[] => [
    {
      route: 'PUT /api/_private/projects/{project}',
      event: 'create_project',
      call: () => call('PUT', '/api/_private/projects/aud2', { user_ids: [] }),
    },
    {
      route: 'POST /api/_private/projects/{project}',
      event: 'update_project',
      call: () => call('POST', '/api/_private/projects/aud2', { project: { title: 'Two' } }),
    },
    {
      route: 'PUT /api/_private/users',
      event: 'create_user',
      call: async () => {
        const created = await call('PUT', '/api/_private/users', {
          user: { username: 'carol', email: 'carol@example.com' },
        });
        carolId = (created.body['user'] as { id: string }).id;
        return created;
      },
    },
    {
      route: 'POST /api/_private/users/{user_id}',
      event: 'update_user',
      call: () =>
        call('POST', `/api/_private/users/${carolId}`, {
          user: { organisation_permissions: { [P]: ['voc-readonly'] } },
        }),
    },
    {
      route: 'POST /api/_private/users/{user_id}/api-token',
      event: 'generate_api_token',
      call: async () => {
        const issued = await call('POST', `/api/_private/users/${carolId}/api-token`);
        carolToken = issued.body['token'] as string;
        return issued;
      },
    },
    {
      route: 'POST /auth/api-token',
      event: 'generate_api_token',
      call: () => call('POST', '/auth/api-token', undefined, carolToken),
    },
    {
      route: 'PUT /api/v1/sources/{project}/{name}',
      event: 'create_source',
      call: () => call('PUT', `/api/v1/sources/${P}/extra`, {}),
    },
    {
      route: 'POST /api/v1/sources/{project}/{name}',
      event: 'update_source',
      call: () => call('POST', `/api/v1/sources/${P}/extra`, { source: { title: 'Extra' } }),
    },
    {
      route: 'DELETE /api/v1/sources/{project}/{name}',
      event: 'delete_source',
      call: () => call('DELETE', `/api/v1/sources/${P}/extra`),
    },
    {
      route: 'DELETE /api/v1/sources/{project}',
      event: 'delete_source',
      call: async () => {
        const created = await call('PUT', `/api/v1/sources/${P}/extra2`, {});
        await newEvents();
        return call(
          'DELETE',
          `/api/v1/sources/id:${(created.body['source'] as { id: string }).id}`,
        );
      },
    },
    {
      route: 'DELETE /api/v1/sources/{project}/{name}/comments',
      event: 'delete_comments',
      call: () => call('DELETE', `/api/v1/sources/${P}/inbox/comments?id=nope-1`),
    },
    {
      route: 'DELETE /api/v1/sources/{project}/{name}/messages',
      event: 'delete_comments',
      call: () => call('DELETE', `/api/v1/sources/${P}/inbox/messages?id=nope-2`),
    },
    {
      route: 'PUT /api/v1/datasets/{project}/{name}',
      event: 'create_dataset',
      call: () => call('PUT', `/api/v1/datasets/${P}/extra`, { dataset: {} }),
    },
    {
      route: 'POST /api/v1/datasets/{project}/{name}',
      event: 'update_dataset',
      call: () => call('POST', `/api/v1/datasets/${P}/extra`, { dataset: { title: 'Extra' } }),
    },
    {
      route: 'DELETE /api/v1/datasets/{project}/{name}',
      event: 'delete_dataset',
      call: () => call('DELETE', `/api/v1/datasets/${P}/extra`),
    },
    {
      route: 'DELETE /api/v1/datasets/{project}',
      event: 'delete_dataset',
      call: async () => {
        const created = await call('PUT', `/api/v1/datasets/${P}/extra2`, { dataset: {} });
        await newEvents();
        return call(
          'DELETE',
          `/api/v1/datasets/id:${(created.body['dataset'] as { id: string }).id}`,
        );
      },
    },
    {
      route: 'POST /api/v1/datasets/{project}/{name}/export',
      event: 'export_dataset',
      call: () => call('POST', `${DS}/export`, {}),
    },
    {
      route: 'PUT /api/_private/datasets/{project}/{name}/labels/{group}',
      event: 'update_dataset',
      call: () => call('PUT', `${PRIVATE_DS}/labels/default`, { label_defs: [{ name: 'Extra' }] }),
    },
    {
      route: 'POST /api/_private/datasets/{project}/{name}/labels/{group}',
      event: 'update_dataset',
      call: () =>
        call('POST', `${PRIVATE_DS}/labels/default?label_name=Extra`, {
          label: { description: 'more' },
        }),
    },
    {
      route: 'DELETE /api/_private/datasets/{project}/{name}/labels/{group}',
      event: 'update_dataset',
      call: () => call('DELETE', `${PRIVATE_DS}/labels/default?label_name=Extra`),
    },
    {
      route: 'POST /api/_private/datasets/{project}/{name}/label-groups/{group}',
      event: 'update_dataset',
      call: () => call('POST', `${PRIVATE_DS}/label-groups/extra`, {}),
    },
    {
      route: 'DELETE /api/_private/datasets/{project}/{name}/label-groups/{group}',
      event: 'update_dataset',
      call: () => call('DELETE', `${PRIVATE_DS}/label-groups/extra`),
    },
    {
      route: 'PATCH /api/_private/datasets/{project}/{name}/labellers/{version}',
      event: 'update_model',
      call: () => call('PATCH', `${PRIVATE_DS}/labellers/1`, { starred: true }),
    },
    {
      route: 'PUT /api/_private/datasets/{project}/{name}/labellers/{version}/pin',
      event: 'pin_model',
      call: () => call('PUT', `${PRIVATE_DS}/labellers/1/pin`),
    },
    {
      route: 'PUT /api/_private/datasets/{project}/{name}/model-tags/{tag}',
      event: 'set_model_tag',
      call: () => call('PUT', `${PRIVATE_DS}/model-tags/staging`, { model_tag: { version: 1 } }),
    },
    {
      route: 'DELETE /api/_private/datasets/{project}/{name}/model-tags/{tag}',
      event: 'delete_model_tag',
      call: () => call('DELETE', `${PRIVATE_DS}/model-tags/staging`),
    },
    {
      route: 'DELETE /api/_private/datasets/{project}/{name}/labellers/{version}/pin',
      event: 'unpin_model',
      call: () => call('DELETE', `${PRIVATE_DS}/labellers/1/pin`),
    },
    ...streamSteps('streams', 'stream'),
    ...streamSteps('triggers', 'trigger'),
    {
      route: 'DELETE /api/_private/users/{user_id}',
      event: 'delete_user',
      call: () => call('DELETE', `/api/_private/users/${carolId}`),
    },
    {
      route: 'DELETE /api/_private/projects/{project}',
      event: 'delete_project',
      call: () => call('DELETE', '/api/_private/projects/aud2'),
    },
  ];

  it('classifies every mutating route of the OpenAPI document as audited or not, with a reason', async () => {
    const document = (await sift.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const mutating = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .map((method) => method.toUpperCase())
        .filter((method) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method))
        .map((method) => `${method} ${path}`),
    );
    const audited = new Set(steps().map((step) => step.route));
    const unclassified = mutating.filter((route) => !audited.has(route) && !(route in NOT_AUDITED));
    expect(unclassified).toEqual([]);
    // Both lists name real routes (a renamed route must not leave a stale entry behind).
    const known = new Set(mutating);
    expect([...audited, ...Object.keys(NOT_AUDITED)].filter((route) => !known.has(route))).toEqual(
      [],
    );
  });

  it('records an event of the right type for each audited mutation', async () => {
    const missing: string[] = [];
    for (const step of steps()) {
      const response = await step.call();
      expect([step.route, response.statusCode, response.body.message]).toEqual([
        step.route,
        200,
        undefined,
      ]);
      const events = await newEvents();
      if (!events.some((event) => event.event_type === step.event)) {
        missing.push(`${step.route}: wanted ${step.event}, got ${JSON.stringify(events)}`);
      }
    }
    expect(missing).toEqual([]);
  }, 60_000);

  it('records a failed sign-in, without flooding the log when a client keeps trying', async () => {
    await newEvents();
    expect(
      (await call('GET', '/api/v1/projects', undefined, 'sift_wrong-token-000000')).statusCode,
    ).toBe(401);
    const events = await newEvents();
    expect(events.map((event) => event.event_type)).toEqual(['sign_in_failed']);
    const page = await call('POST', '/api/v1/audit_events/query', { limit: 1 });
    const actor = (page.body['audit_events'] as { actor_user_id: string }[])[0]!.actor_user_id;
    expect(
      (page.body['users'] as { id: string; username: string }[]).find((u) => u.id === actor),
    ).toMatchObject({ username: 'anonymous' });
    for (let attempt = 0; attempt < 30; attempt++) {
      await call('GET', '/api/v1/projects', undefined, `sift_wrong-token-${attempt}`);
    }
    const flood = await newEvents();
    expect(flood.length).toBeLessThanOrEqual(10);
    expect(flood.length).toBeGreaterThan(0);
  });
});
