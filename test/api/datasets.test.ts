import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type CallResult, type TestApp } from '../helpers/test-app.js';

// api.md §4.5 (dataset shapes), §5.6 (dataset routes), §5.2 (project counts), §5.4 (source deletion),
// §5.13 (audit events) as a client sees them.

type LabelDef = { name: string; title: string; instructions: string; trainable: boolean };
type LabelGroup = {
  name: string;
  label_defs: LabelDef[];
  trainable: boolean;
  hidden: boolean;
  instructions: string;
};
type Dataset = {
  id: string;
  owner: string;
  name: string;
  title: string;
  created: string;
  last_modified: string;
  model_family: string;
  source_ids: string[];
  has_sentiment: boolean;
  label_defs: LabelDef[];
  label_groups: LabelGroup[];
  entity_defs: { id: string; name: string; color: number; _entity_def_flags: string[] }[];
  general_fields: {
    field_id: string;
    api_name: string;
    field_type_id?: string;
    field_type_name?: string;
    title: string;
  }[];
};

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Any server-assigned id (api.md §3.2). */
const HEX_ID = expect.stringMatching(/^[0-9a-f]{16}$/) as unknown;

describe('datasets', () => {
  let sift: TestApp;
  let inboxId: string;
  let otherId: string;
  /** Holds voc-readonly and sources-read on acme: may look, may not administer. */
  let readerToken: string;
  /** Holds permissions on `elsewhere` only: acme is invisible. */
  let strangerToken: string;

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

  async function userToken(
    username: string,
    permissions: Record<string, string[]>,
  ): Promise<string> {
    const created = await ok('PUT', '/api/_private/users', {
      user: { username, email: `${username}@example.com`, organisation_permissions: permissions },
    });
    const id = (created.body['user'] as { id: string }).id;
    return (await ok('POST', `/api/_private/users/${id}/api-token`, {})).body['token'] as string;
  }

  function datasetOf(response: CallResult): Dataset {
    return response.body['dataset'] as Dataset;
  }

  beforeAll(async () => {
    sift = await startTestApp();
    for (const project of ['acme', 'elsewhere']) {
      await ok('PUT', `/api/_private/projects/${project}`, { user_ids: [] });
    }
    inboxId = (
      (await ok('PUT', '/api/v1/sources/acme/inbox', { source: {} })).body['source'] as {
        id: string;
      }
    ).id;
    otherId = (
      (await ok('PUT', '/api/v1/sources/acme/other', { source: {} })).body['source'] as {
        id: string;
      }
    ).id;
    readerToken = await userToken('reader', { acme: ['voc-readonly', 'sources-read'] });
    strangerToken = await userToken('stranger', { elsewhere: ['datasets-admin', 'sources-read'] });
  });
  afterAll(async () => {
    await sift.close();
  });

  it('creates a dataset with Refund and Refund > Late in group default', async () => {
    const created = await ok('PUT', '/api/v1/datasets/acme/refunds', {
      dataset: {
        source_ids: [inboxId],
        label_defs: [
          { name: 'Refund' },
          { name: 'Refund > Late', instructions: 'Asks why it is late' },
        ],
      },
    });
    const dataset = datasetOf(created);
    expect(dataset).toMatchObject({
      owner: 'acme',
      name: 'refunds',
      title: '',
      description: '',
      model_family: 'english',
      has_sentiment: false,
      source_ids: [inboxId],
      entity_defs: [],
      general_fields: [],
      _dataset_flags: [],
      _model_config: { kind: 'cm' },
      _timezone: 'UTC',
    });
    expect(dataset.id).toMatch(/^[0-9a-f]{16}$/);
    expect(dataset.created).toMatch(TIMESTAMP);
    expect(dataset.last_modified).toBe(dataset.created);
    expect(dataset.label_groups).toEqual([
      {
        name: 'default',
        label_defs: [
          { name: 'Refund', title: '', instructions: '', trainable: true },
          {
            name: 'Refund > Late',
            title: '',
            instructions: 'Asks why it is late',
            trainable: true,
          },
        ],
        trainable: true,
        hidden: false,
        instructions: '',
      },
    ]);
    expect(dataset.label_defs).toEqual(dataset.label_groups[0]!.label_defs);
    // Optional keys the client never sent are not invented (api.md §3.9.2).
    expect(dataset.label_defs[0]).not.toHaveProperty('external_id');
    expect(dataset).not.toHaveProperty('_preferred_locales');

    const fetched = await ok('GET', '/api/v1/datasets/acme/refunds');
    expect(fetched.body['dataset']).toEqual(dataset);
    expect((await ok('GET', '/api/v1/datasets/acme%2Frefunds')).body['dataset']).toEqual(dataset);
    expect((await ok('GET', `/api/v1/datasets/id:${dataset.id}`)).body['dataset']).toEqual(dataset);
    expect((await ok('GET', `/api/v1/datasets/id%3A${dataset.id}/`)).body['dataset']).toEqual(
      dataset,
    );
  });

  it('creates missing ancestors immediately before the child, from either name form', async () => {
    const created = await ok('PUT', '/api/v1/datasets/acme/ancestors', {
      dataset: {
        label_defs: [
          { name: 'Order' },
          { name: 'Billing > Invoice > Missing', title: 'Missing invoice' },
          { name: ['Order', 'Late'] },
        ],
      },
    });
    const defs = datasetOf(created).label_defs;
    expect(defs.map((def) => def.name)).toEqual([
      'Order',
      'Billing',
      'Billing > Invoice',
      'Billing > Invoice > Missing',
      'Order > Late',
    ]);
    expect(defs[1]).toEqual({ name: 'Billing', title: '', instructions: '', trainable: true });
    expect(defs[3]!.title).toBe('Missing invoice');
  });

  it('refuses invalid label names naming the rule', async () => {
    const cases: [unknown, string][] = [
      [' Padded', 'whitespace'],
      ['A >  > B', 'empty'],
      ['A >  ', 'whitespace'],
      [['A', ''], 'empty'],
      [['A > B'], "' > '"],
      [Array.from({ length: 9 }, (_, index) => `P${index}`), 'at most 8 parts'],
      ['x'.repeat(257), 'at most 256 characters'],
    ];
    for (const [name, rule] of cases) {
      const response = await sift.call('PUT', '/api/v1/datasets/acme/bad-names', {
        body: { dataset: { label_defs: [{ name }] } },
      });
      expect([name, response.statusCode]).toEqual([name, 400]);
      expect(response.body.message).toContain('dataset.label_defs[0].name');
      expect(response.body.message).toContain(rule);
    }
    expect((await sift.call('GET', '/api/v1/datasets/acme/bad-names')).statusCode).toBe(404);
  });

  it('answers 409 for an existing name and writes nothing', async () => {
    await ok('PUT', '/api/v1/datasets/acme/twice', { dataset: { title: 'First' } });
    const again = await sift.call('PUT', '/api/v1/datasets/acme/twice', {
      body: { dataset: { title: 'Second', label_defs: [{ name: 'X' }] } },
    });
    expect(again.statusCode).toBe(409);
    expect(again.body.message).toBe("Dataset 'acme/twice' already exists");
    const stored = datasetOf(await ok('GET', '/api/v1/datasets/acme/twice'));
    expect(stored.title).toBe('First');
    expect(stored.label_defs).toEqual([]);
  });

  it('rejects an unknown model family with the exact enum message', async () => {
    const response = await sift.call('PUT', '/api/v1/datasets/acme/family', {
      body: { dataset: { model_family: 'non-existent-family' } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body.message).toMatch(
      /^'non-existent-family' is not one of \['english', 'english-dev', 'german', 'german-dev', 'random', 'transformer-english', 'transformer-xlm'\]/,
    );
    const german = await ok('PUT', '/api/v1/datasets/acme/family', {
      dataset: { model_family: 'german', has_sentiment: true },
    });
    expect(datasetOf(german)).toMatchObject({ model_family: 'german', has_sentiment: true });
  });

  it('validates the closed vocabularies and the model config', async () => {
    const flags = await sift.call('PUT', '/api/v1/datasets/acme/flags', {
      body: { dataset: { _dataset_flags: ['qos', 'generative_extraction'] } },
    });
    expect(flags.statusCode).toBe(400);
    expect(flags.body.message).toMatch(
      /^'generative_extraction' is not one of \['gpt4', 'external_moon_llm', 'qos', 'zero_shot_labels', 'ixp'\]/,
    );
    const config = await sift.call('PUT', '/api/v1/datasets/acme/flags', {
      body: { dataset: { _model_config: { kind: 'gpt_ixp' } } },
    });
    expect(config.statusCode).toBe(400);
    expect(config.body.message).toMatch(/^'gpt_ixp' is not one of \['cm'\]/);
    const zone = await sift.call('PUT', '/api/v1/datasets/acme/flags', {
      body: { dataset: { _timezone: 'Mars/Olympus' } },
    });
    expect(zone.statusCode).toBe(400);
    expect(zone.body.message).toContain('dataset._timezone');
    const both = await sift.call('PUT', '/api/v1/datasets/acme/flags', {
      body: { dataset: { label_defs: [{ name: 'A' }], label_groups: [{ name: 'extra' }] } },
    });
    expect(both.statusCode).toBe(400);
    expect(both.body.message).toContain('label_defs');

    const stored = await ok('PUT', '/api/v1/datasets/acme/flags', {
      dataset: {
        _dataset_flags: ['qos', 'qos', 'gpt4'],
        _model_config: { kind: 'cm' },
        _label_properties: ['0000000000000001'],
        _timezone: 'Europe/London',
        _preferred_locales: { default: 'en-GB' },
        entity_kinds: ['ignored'],
      },
    });
    expect(datasetOf(stored)).toMatchObject({
      _dataset_flags: ['qos', 'gpt4'],
      _label_properties: ['0000000000000001'],
      _timezone: 'Europe/London',
      _preferred_locales: { default: 'en-GB' },
    });
    expect(datasetOf(stored)).not.toHaveProperty('entity_kinds');
  });

  it('rejects unknown or unreadable source ids naming them', async () => {
    const unknown = await sift.call('PUT', '/api/v1/datasets/acme/sourced', {
      body: { dataset: { source_ids: [inboxId, 'ffffffffffffffff'] } },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body.message).toContain("'ffffffffffffffff'");
    expect(unknown.body.message).toContain('dataset.source_ids[1]');
    const secret = await ok('PUT', '/api/v1/sources/elsewhere/secret', { source: {} });
    const secretId = (secret.body['source'] as { id: string }).id;
    // A datasets-admin of acme who cannot see `elsewhere` learns nothing about its source.
    const trainer = await userToken('trainer', { acme: ['datasets-admin', 'sources-read'] });
    const hidden = await sift.call('PUT', '/api/v1/datasets/acme/sourced', {
      token: trainer,
      body: { dataset: { source_ids: [secretId] } },
    });
    expect(hidden.statusCode).toBe(400);
    expect(hidden.body.message).toContain(`unknown source id '${secretId}'`);
    const duplicated = await ok(
      'PUT',
      '/api/v1/datasets/acme/sourced',
      { dataset: { source_ids: [otherId, inboxId, otherId] } },
      trainer,
    );
    expect(datasetOf(duplicated).source_ids).toEqual([otherId, inboxId]);
  });

  it('answers 404 to callers without any permission on the project, 403 naming the missing one', async () => {
    const dataset = datasetOf(await ok('GET', '/api/v1/datasets/acme/refunds'));
    for (const [method, url] of [
      ['GET', '/api/v1/datasets/acme/refunds'],
      ['GET', `/api/v1/datasets/id:${dataset.id}`],
      ['GET', '/api/v1/datasets/acme'],
      ['PUT', '/api/v1/datasets/acme/intruder'],
      ['POST', '/api/v1/datasets/acme/refunds'],
      ['DELETE', '/api/v1/datasets/acme/refunds'],
      ['DELETE', `/api/v1/datasets/id:${dataset.id}`],
    ] as const) {
      const response = await sift.call(method, url, {
        token: strangerToken,
        ...(method === 'PUT' || method === 'POST' ? { body: { dataset: {} } } : {}),
      });
      expect([method, url, response.statusCode]).toEqual([method, url, 404]);
    }
    const listed = await ok('GET', '/api/v1/datasets', undefined, strangerToken);
    expect(listed.body['datasets']).toEqual([]);

    expect(
      (await ok('GET', '/api/v1/datasets/acme/refunds', undefined, readerToken)).body['dataset'],
    ).toEqual(dataset);
    for (const [method, url] of [
      ['PUT', '/api/v1/datasets/acme/mine'],
      ['POST', '/api/v1/datasets/acme/refunds'],
      ['DELETE', '/api/v1/datasets/acme/refunds'],
      ['DELETE', `/api/v1/datasets/id:${dataset.id}`],
    ] as const) {
      const response = await sift.call(method, url, {
        token: readerToken,
        ...(method === 'PUT' || method === 'POST' ? { body: { dataset: {} } } : {}),
      });
      expect([method, url, response.statusCode]).toEqual([method, url, 403]);
      expect(response.body.message).toBe("Missing permission 'datasets-admin' on project 'acme'");
    }
  });

  it('lists visible datasets sorted by owner and name', async () => {
    await ok('PUT', '/api/v1/datasets/elsewhere/aaa', { dataset: {} });
    const all = (await ok('GET', '/api/v1/datasets')).body['datasets'] as Dataset[];
    const names = all.map((dataset) => `${dataset.owner}/${dataset.name}`);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('elsewhere/aaa');
    const reader = (await ok('GET', '/api/v1/datasets', undefined, readerToken)).body[
      'datasets'
    ] as Dataset[];
    expect(reader.every((dataset) => dataset.owner === 'acme')).toBe(true);
    const ofProject = (await ok('GET', '/api/v1/datasets/elsewhere')).body['datasets'] as Dataset[];
    expect(ofProject.map((dataset) => dataset.name)).toEqual(['aaa']);
    expect((await sift.call('GET', '/api/v1/datasets/nowhere')).statusCode).toBe(404);
  });

  it('updates metadata: omitted fields unchanged, source_ids [] clears, has_sentiment fixed', async () => {
    const created = datasetOf(
      await ok('PUT', '/api/v1/datasets/acme/updated', {
        dataset: { title: 'T', description: 'D', source_ids: [inboxId], has_sentiment: true },
      }),
    );
    const empty = datasetOf(await ok('POST', '/api/v1/datasets/acme/updated', { dataset: {} }));
    expect(empty).toEqual(created);
    expect(datasetOf(await ok('POST', '/api/v1/datasets/acme/updated', {}))).toEqual(created);

    const retitled = datasetOf(
      await ok('POST', '/api/v1/datasets/acme/updated', {
        dataset: { title: 'New', model_family: 'random', source_ids: [otherId, inboxId] },
      }),
    );
    expect(retitled).toMatchObject({
      title: 'New',
      description: 'D',
      model_family: 'random',
      source_ids: [otherId, inboxId],
      created: created.created,
    });
    expect(retitled.last_modified > created.last_modified).toBe(true);

    const cleared = datasetOf(
      await ok('POST', '/api/v1/datasets/acme/updated', { dataset: { source_ids: [] } }),
    );
    expect(cleared.source_ids).toEqual([]);

    const sentiment = await sift.call('POST', '/api/v1/datasets/acme/updated', {
      body: { dataset: { has_sentiment: false } },
    });
    expect(sentiment.statusCode).toBe(400);
    expect(sentiment.body.message).toContain('has_sentiment');
    const same = await ok('POST', '/api/v1/datasets/acme/updated', {
      dataset: { has_sentiment: true },
    });
    expect(datasetOf(same).has_sentiment).toBe(true);

    const group = await ok('POST', '/api/v1/datasets/acme/updated', {
      dataset: { _default_label_group_instructions: 'Label the main request' },
    });
    expect(datasetOf(group).label_groups[0]!.instructions).toBe('Label the main request');

    const badSource = await sift.call('POST', '/api/v1/datasets/acme/updated', {
      body: { dataset: { title: 'Never', source_ids: ['ffffffffffffffff'] } },
    });
    expect(badSource.statusCode).toBe(400);
    expect(datasetOf(await ok('GET', '/api/v1/datasets/acme/updated')).title).toBe('New');
    expect(
      (await sift.call('POST', '/api/v1/datasets/acme/missing', { body: {} })).statusCode,
    ).toBe(404);
  });

  it('creates entity defs with defaults and validates their flags and rules', async () => {
    const created = datasetOf(
      await ok('PUT', '/api/v1/datasets/acme/fields', {
        dataset: {
          entity_defs: [
            { name: 'policy_number', inherits_from: ['f000000000000009'], trainable: false },
            {
              name: 'plan',
              title: 'Plan',
              color: 4_278_190_335,
              _entity_def_flags: ['appears_verbatim'],
              rules: {
                choices: [{ name: 'Gold', values: ['gold', 'premium'] }],
                regex: { pattern: '(?i)plan [a-z]+' },
              },
              instructions: 'The product tier',
            },
          ],
          general_fields: [
            { api_name: 'due_date', field_type_name: 'date' },
            { api_name: 'policy', field_type_name: 'policy_number', title: 'Policy' },
          ],
        },
      }),
    );
    const [policy, plan] = created.entity_defs;
    expect(policy).toEqual({
      id: HEX_ID,
      name: 'policy_number',
      title: '',
      color: 0,
      inherits_from: ['f000000000000009'],
      trainable: false,
      _entity_def_flags: [],
    });
    expect(plan).toMatchObject({
      color: 4_278_190_335,
      _entity_def_flags: ['appears_verbatim'],
      instructions: 'The product tier',
      rules: {
        choices: [{ id: HEX_ID, name: 'Gold', values: ['gold', 'premium'] }],
        regex: { pattern: '(?i)plan [a-z]+' },
      },
    });
    expect(created.general_fields).toEqual([
      {
        field_id: HEX_ID,
        api_name: 'due_date',
        field_type_id: 'f000000000000001',
        field_type_name: 'date',
        title: '',
      },
      {
        field_id: HEX_ID,
        api_name: 'policy',
        field_type_id: policy!.id,
        field_type_name: 'policy_number',
        title: 'Policy',
      },
    ]);

    const flag = await sift.call('PUT', '/api/v1/datasets/acme/bad-fields', {
      body: {
        dataset: { entity_defs: [{ name: 'x', _entity_def_flags: ['allow_out_of_domain'] }] },
      },
    });
    expect(flag.statusCode).toBe(400);
    expect(flag.body.message).toMatch(
      /^'allow_out_of_domain' is not one of \['appears_verbatim'\]/,
    );
    const badRules: [unknown, string][] = [
      [{ regex: { pattern: '(a+)+$' } }, 'catastrophic'],
      [{ regex: { pattern: '(a)\\1' } }, 'back-references'],
      [{ regex: { pattern: '([a-z' } }, 'invalid regular expression'],
      [{ regex: { templates: [{ template: '$1', pattern: '(\\d*)*' }] } }, 'templates[0].pattern'],
    ];
    for (const [rules, problem] of badRules) {
      const response = await sift.call('PUT', '/api/v1/datasets/acme/bad-fields', {
        body: { dataset: { entity_defs: [{ name: 'x', rules }] } },
      });
      expect([rules, response.statusCode]).toEqual([rules, 400]);
      expect(response.body.message).toContain(problem);
    }
    const duplicate = await sift.call('PUT', '/api/v1/datasets/acme/bad-fields', {
      body: { dataset: { entity_defs: [{ name: 'x' }, { name: 'x' }] } },
    });
    expect(duplicate.statusCode).toBe(400);
    const unknownType = await sift.call('PUT', '/api/v1/datasets/acme/bad-fields', {
      body: { dataset: { general_fields: [{ api_name: 'f', field_type_name: 'nope' }] } },
    });
    expect(unknownType.statusCode).toBe(400);
    expect(unknownType.body.message).toContain('dataset.general_fields[0].field_type_name');
    const noType = await sift.call('PUT', '/api/v1/datasets/acme/bad-fields', {
      body: { dataset: { general_fields: [{ api_name: 'f' }] } },
    });
    expect(noType.statusCode).toBe(400);
    expect((await sift.call('GET', '/api/v1/datasets/acme/bad-fields')).statusCode).toBe(404);

    // Update: items with an id change that def, items without one are created.
    const updated = datasetOf(
      await ok('POST', '/api/v1/datasets/acme/fields', {
        dataset: {
          entity_defs: [
            { id: policy!.id, name: 'policy_number', title: 'Policy number' },
            { name: 'claim_ref' },
          ],
          general_fields: [
            {
              field_id: created.general_fields[0]!.field_id,
              api_name: 'due_on',
              field_type_name: 'date',
            },
          ],
        },
      }),
    );
    expect(updated.entity_defs.map((def) => [def.id, def.name])).toEqual([
      [policy!.id, 'policy_number'],
      [plan!.id, 'plan'],
      [HEX_ID, 'claim_ref'],
    ]);
    expect(updated.entity_defs[0]).toMatchObject({ title: 'Policy number', trainable: false });
    expect(updated.general_fields.map((field) => field.api_name)).toEqual(['due_on', 'policy']);
    const clash = await sift.call('POST', '/api/v1/datasets/acme/fields', {
      body: { dataset: { entity_defs: [{ name: 'plan' }] } },
    });
    expect(clash.statusCode).toBe(409);
    const unknownId = await sift.call('POST', '/api/v1/datasets/acme/fields', {
      body: { dataset: { entity_defs: [{ id: 'ffffffffffffffff', name: 'x' }] } },
    });
    expect(unknownId.statusCode).toBe(400);
  });

  it('copies label groups, label defs and entity defs from another dataset', async () => {
    const from = datasetOf(
      await ok('PUT', '/api/v1/datasets/acme/template', {
        dataset: {
          entity_defs: [
            { name: 'amount', inherits_from: ['f000000000000002'] },
            { name: 'ticket' },
          ],
          label_groups: [
            {
              name: 'default',
              label_defs: [{ name: 'Refund > Late' }, { name: 'Complaint', title: 'C' }],
            },
            { name: 'tone', instructions: 'How it sounds', label_defs: [{ name: 'Angry' }] },
          ],
        },
      }),
    );
    const copy = await ok('PUT', '/api/v1/datasets/acme/copy', {
      dataset: {
        entity_defs: [{ name: 'ticket', title: 'Mine' }],
        label_defs: [{ name: 'Refund', title: 'Own' }],
        copy_annotations_from: from.id,
      },
    });
    expect(copy.body['num_copied']).toBe(0);
    const dataset = datasetOf(copy);
    expect(dataset.label_groups.map((group) => group.name)).toEqual(['default', 'tone']);
    expect(dataset.label_defs.map((def) => [def.name, def.title])).toEqual([
      ['Refund', 'Own'],
      ['Refund > Late', ''],
      ['Complaint', 'C'],
    ]);
    expect(dataset.label_groups[1]).toMatchObject({
      instructions: 'How it sounds',
      label_defs: [{ name: 'Angry' }],
    });
    expect(dataset.entity_defs.map((def) => def.name)).toEqual(['ticket', 'amount']);
    expect(
      dataset.entity_defs.every((def) => !from.entity_defs.some((old) => old.id === def.id)),
    ).toBe(true);
    const missing = await sift.call('PUT', '/api/v1/datasets/acme/copy2', {
      body: { dataset: { copy_annotations_from: 'ffffffffffffffff' } },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body.message).toContain('copy_annotations_from');
    expect(
      (await ok('PUT', '/api/v1/datasets/acme/copy3', { dataset: {} })).body,
    ).not.toHaveProperty('num_copied');
  });

  it('deletes by name and by id', async () => {
    await ok('PUT', '/api/v1/datasets/acme/doomed', {
      dataset: { label_defs: [{ name: 'A > B' }] },
    });
    await ok('DELETE', '/api/v1/datasets/acme/doomed');
    expect((await sift.call('GET', '/api/v1/datasets/acme/doomed')).statusCode).toBe(404);
    expect((await sift.call('DELETE', '/api/v1/datasets/acme/doomed')).statusCode).toBe(404);
    // The name is free again and the new dataset starts with an empty taxonomy.
    const again = datasetOf(await ok('PUT', '/api/v1/datasets/acme/doomed', { dataset: {} }));
    expect(again.label_defs).toEqual([]);

    await ok('DELETE', `/api/v1/datasets/id:${again.id}`);
    expect((await sift.call('GET', `/api/v1/datasets/id:${again.id}`)).statusCode).toBe(404);
    expect((await sift.call('DELETE', `/api/v1/datasets/id:${again.id}`)).statusCode).toBe(404);
    expect((await sift.call('DELETE', '/api/v1/datasets/id:xyz')).statusCode).toBe(400);
    expect((await sift.call('DELETE', '/api/v1/datasets/acme')).statusCode).toBe(404);
  });

  it('counts datasets in the project and refuses a non-forced delete with the exact message', async () => {
    await ok('PUT', '/api/_private/projects/counted', { user_ids: [] });
    const source = await ok('PUT', '/api/v1/sources/counted/mail', { source: {} });
    const sourceId = (source.body['source'] as { id: string }).id;
    const dataset = datasetOf(
      await ok('PUT', '/api/v1/datasets/counted/intents', {
        dataset: { source_ids: [sourceId], label_defs: [{ name: 'A' }] },
      }),
    );
    const counts = await ok('GET', '/api/_private/projects/counted/resource_counts');
    expect(counts.body).toMatchObject({ datasets: 1, sources: 1 });
    const refused = await sift.call('DELETE', '/api/_private/projects/counted');
    expect(refused.statusCode).toBe(409);
    expect(refused.body.message).toBe(
      'Project contains child resources but force deletion was not requested: {"datasets": 1, "sources": 1}',
    );
    expect((await sift.call('GET', '/api/v1/datasets/counted/intents')).statusCode).toBe(200);
    await ok('DELETE', '/api/_private/projects/counted?force=true');
    expect((await sift.call('GET', `/api/v1/datasets/id:${dataset.id}`)).statusCode).toBe(404);
  });

  it("removes a deleted source from every dataset's source_ids", async () => {
    const doomed = await ok('PUT', '/api/v1/sources/acme/doomed-source', { source: {} });
    const doomedId = (doomed.body['source'] as { id: string }).id;
    const before = datasetOf(
      await ok('PUT', '/api/v1/datasets/acme/uses-sources', {
        dataset: { source_ids: [inboxId, doomedId] },
      }),
    );
    await ok('DELETE', `/api/v1/sources/id:${doomedId}`);
    const after = datasetOf(await ok('GET', '/api/v1/datasets/acme/uses-sources'));
    expect(after.source_ids).toEqual([inboxId]);
    expect(after.last_modified >= before.last_modified).toBe(true);
  });

  it('records create, update and delete as audit events resolvable after deletion', async () => {
    const dataset = datasetOf(
      await ok('PUT', '/api/v1/datasets/acme/audited', { dataset: { title: 'Audited' } }),
    );
    await ok('POST', '/api/v1/datasets/acme/audited', { dataset: { title: 'Renamed' } });
    await ok('DELETE', '/api/v1/datasets/acme/audited');
    const page = await ok('POST', '/api/v1/audit_events/query', { limit: 1024 });
    const events = (
      page.body['audit_events'] as {
        event_type: string;
        dataset_ids?: string[];
        project_ids?: string[];
      }[]
    ).filter((event) => event.dataset_ids?.includes(dataset.id));
    expect(events.map((event) => event.event_type).sort()).toEqual([
      'create_dataset',
      'delete_dataset',
      'update_dataset',
    ]);
    const lookups = page.body['datasets'] as {
      id: string;
      name: string;
      title: string;
      project_id: string;
    }[];
    expect(lookups.find((entry) => entry.id === dataset.id)).toMatchObject({ name: 'audited' });
    const projects = page.body['projects'] as { id: string; name: string }[];
    for (const event of events) {
      for (const projectId of event.project_ids ?? []) {
        expect(projects.some((project) => project.id === projectId)).toBe(true);
      }
    }
  });
});
