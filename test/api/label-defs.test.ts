import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type CallResult, type TestApp } from '../helpers/test-app.js';

// api.md §5.7 (label defs and label groups) and §3.9.3 (label names, ancestors).

type MoonFormField = {
  name: string;
  kind: string;
  instructions: string;
  field_id: string;
  id: string;
  field_type_id?: string;
};
type LabelDef = {
  name: string;
  title: string;
  instructions: string;
  trainable: boolean;
  external_id?: string;
  pretrained?: { id: string; name: string };
  moon_form?: MoonFormField[];
  properties?: { name: string; value: number }[];
};
type LabelGroup = {
  name: string;
  label_defs: LabelDef[];
  trainable: boolean;
  hidden: boolean;
  instructions: string;
};
type Dataset = { last_modified: string; label_defs: LabelDef[]; label_groups: LabelGroup[] };

const LABELS = '/api/_private/datasets/acme/intents/labels';

/** Any server-assigned id (api.md §3.2). */
const HEX_ID = expect.stringMatching(/^[0-9a-f]{16}$/) as unknown;

describe('label defs and label groups', () => {
  let sift: TestApp;
  /** voc on acme: may edit labels, may not rename or delete them. */
  let labellerToken: string;

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

  async function dataset(name = 'intents'): Promise<Dataset> {
    return (await ok('GET', `/api/v1/datasets/acme/${name}`)).body['dataset'] as Dataset;
  }

  async function names(group = 'default'): Promise<string[]> {
    const response = await ok('GET', `/api/_private/datasets/acme/intents/label-groups/${group}`);
    return (response.body['label_group'] as LabelGroup).label_defs.map((def) => def.name);
  }

  function labelUrl(name: string, group = 'default'): string {
    return `${LABELS}/${group}?label_name=${encodeURIComponent(name)}`;
  }

  beforeAll(async () => {
    sift = await startTestApp();
    await ok('PUT', '/api/_private/projects/acme', { user_ids: [] });
    await ok('PUT', '/api/v1/datasets/acme/intents', {
      dataset: { label_defs: [{ name: 'Refund' }, { name: 'Refund > Late' }] },
    });
    const user = await ok('PUT', '/api/_private/users', {
      user: {
        username: 'labeller',
        email: 'labeller@example.com',
        organisation_permissions: { acme: ['voc'] },
      },
    });
    const userId = (user.body['user'] as { id: string }).id;
    labellerToken = (await ok('POST', `/api/_private/users/${userId}/api-token`, {})).body[
      'token'
    ] as string;
  });
  afterAll(async () => {
    await sift.close();
  });

  it('upserts label defs idempotently, creating ancestors and keeping absent fields', async () => {
    const body = {
      label_defs: [
        { name: 'Order > Missing > Parcel', title: 'Lost parcel', external_id: 'ext-1' },
        { name: ['Refund', 'Partial'], description: 'Only part of the money' },
        { name: 'Refund', instructions: 'Any refund request' },
      ],
    };
    await ok('PUT', `${LABELS}/default`, body, labellerToken);
    const first = await dataset();
    expect(first.label_defs.map((def) => def.name)).toEqual([
      'Refund',
      'Refund > Late',
      'Order',
      'Order > Missing',
      'Order > Missing > Parcel',
      'Refund > Partial',
    ]);
    expect(first.label_defs[0]).toEqual({
      name: 'Refund',
      title: '',
      instructions: 'Any refund request',
      trainable: true,
    });
    expect(first.label_defs[4]).toMatchObject({ title: 'Lost parcel', external_id: 'ext-1' });
    expect(first.label_defs[5]!.instructions).toBe('Only part of the money');

    // A replay (the CLI retries PUTs) changes nothing, not even last_modified.
    await ok('PUT', `${LABELS}/default`, body);
    const second = await dataset();
    expect(second).toEqual(first);

    await ok('PUT', `${LABELS}/default`, { label_defs: [{ name: 'Refund', title: 'Refunds' }] });
    const third = await dataset();
    expect(third.label_defs[0]).toEqual({
      name: 'Refund',
      title: 'Refunds',
      instructions: 'Any refund request',
      trainable: true,
    });
    expect(third.last_modified > second.last_modified).toBe(true);
  });

  it('gets one label by name and answers 404 for unknown labels and groups', async () => {
    const label = await ok('GET', labelUrl('Refund > Late'));
    expect(label.body['label']).toEqual({
      name: 'Refund > Late',
      title: '',
      instructions: '',
      trainable: true,
    });
    const missing = await sift.call('GET', labelUrl('Refund > Never'));
    expect(missing.statusCode).toBe(404);
    expect(missing.body.message).toContain("'Refund > Never'");
    expect((await sift.call('GET', labelUrl('Refund', 'nogroup'))).statusCode).toBe(404);
    const noName = await sift.call('GET', `${LABELS}/default`);
    expect(noName.statusCode).toBe(400);
    expect(noName.body.message).toContain('label_name');
    const putMissingGroup = await sift.call('PUT', `${LABELS}/nogroup`, {
      body: { label_defs: [{ name: 'A' }] },
    });
    expect(putMissingGroup.statusCode).toBe(404);
    expect(
      (await sift.call('GET', `/api/_private/datasets/acme/missing/label-groups`)).statusCode,
    ).toBe(404);
  });

  it('stores moon-form fields, pretrained labels and properties', async () => {
    await ok('PUT', `${LABELS}/default`, {
      label_defs: [
        {
          name: 'Claim',
          pretrained: { id: '0000000000000001' },
          trainable: false,
          properties: [{ name: 'tone', value: -0.5 }],
          moon_form: [
            { name: 'Amount', kind: 'money' },
            { name: 'When', field_type_id: 'f000000000000001', instructions: 'Date of the claim' },
          ],
        },
      ],
    });
    const claim = (await ok('GET', labelUrl('Claim'))).body['label'] as LabelDef;
    expect(claim).toMatchObject({
      pretrained: { id: '0000000000000001', name: 'Autogenerated' },
      trainable: false,
      properties: [{ name: 'tone', value: -0.5 }],
    });
    const [amount, when] = claim.moon_form!;
    expect(amount).toEqual({
      name: 'Amount',
      kind: 'money',
      instructions: '',
      field_id: HEX_ID,
      id: HEX_ID,
      field_type_id: 'f000000000000002',
    });
    expect(when).toMatchObject({ kind: 'date', instructions: 'Date of the claim' });

    // Fields are matched by field_id, else by name: their ids survive an update.
    await ok('PUT', `${LABELS}/default`, {
      label_defs: [
        {
          name: 'Claim',
          moon_form: [
            { name: 'Amount', kind: 'money', instructions: 'Total' },
            { name: 'Renamed', kind: 'date', field_id: when!.field_id },
          ],
        },
      ],
    });
    const updated = ((await ok('GET', labelUrl('Claim'))).body['label'] as LabelDef).moon_form!;
    expect(
      updated.map((field) => [field.name, field.field_id, field.id, field.instructions]),
    ).toEqual([
      ['Amount', amount!.field_id, amount!.id, 'Total'],
      ['Renamed', when!.field_id, when!.id, 'Date of the claim'],
    ]);

    const unknownPretrained = await sift.call('PUT', `${LABELS}/default`, {
      body: { label_defs: [{ name: 'Other', pretrained: { id: '00000000000000ff' } }] },
    });
    expect(unknownPretrained.statusCode).toBe(400);
    expect(unknownPretrained.body.message).toContain('label_defs[0].pretrained.name');
    const noKind = await sift.call('PUT', `${LABELS}/default`, {
      body: { label_defs: [{ name: 'Other', moon_form: [{ name: 'X' }] }] },
    });
    expect(noKind.statusCode).toBe(400);
    expect(noKind.body.message).toContain('label_defs[0].moon_form[0]');
    const badProperty = await sift.call('PUT', `${LABELS}/default`, {
      body: { label_defs: [{ name: 'Other', properties: [{ name: 'colour', value: 1 }] }] },
    });
    expect(badProperty.statusCode).toBe(400);
    expect(badProperty.body.message).toMatch(
      /^'colour' is not one of \['tone', 'quality_of_service'\]/,
    );
    // A rejected batch writes nothing, not even its valid items.
    const mixed = await sift.call('PUT', `${LABELS}/default`, {
      body: { label_defs: [{ name: 'Fine' }, { name: ' Bad' }] },
    });
    expect(mixed.statusCode).toBe(400);
    expect(await names()).not.toContain('Fine');
  });

  it('renames a label with its descendants; 409 onto an existing name', async () => {
    await ok('PUT', `${LABELS}/default`, {
      label_defs: [{ name: 'Ship > Late > Very' }, { name: 'Ship > Lost' }],
    });
    const before = await names();
    const renamed = await ok('POST', labelUrl('Ship > Late'), {
      label: { name: 'Delivery > Delayed', title: 'D' },
    });
    expect(renamed.body).toEqual({
      status: 'ok',
      num_modified: 0,
      label: { name: 'Delivery > Delayed', title: 'D', instructions: '', trainable: true },
    });
    const after = await names();
    const at = before.indexOf('Ship > Late');
    // The renamed label keeps its place; its new ancestor is created right before it.
    expect(after.slice(at, at + 3)).toEqual([
      'Delivery',
      'Delivery > Delayed',
      'Delivery > Delayed > Very',
    ]);
    expect(after).toContain('Ship');
    expect(after).toContain('Ship > Lost');
    expect(after).not.toContain('Ship > Late');

    const clash = await sift.call('POST', labelUrl('Ship > Lost'), {
      body: { label: { name: 'Delivery' } },
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.body.message).toContain("'Delivery'");
    expect(await names()).toEqual(after);

    const edited = await ok(
      'POST',
      labelUrl('Ship > Lost'),
      { label: { instructions: 'Never arrived' } },
      labellerToken,
    );
    expect(edited.body['label']).toMatchObject({
      name: 'Ship > Lost',
      instructions: 'Never arrived',
    });
    const forbidden = await sift.call('POST', labelUrl('Ship > Lost'), {
      token: labellerToken,
      body: { label: { name: 'Gone' } },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.body.message).toBe("Missing permission 'datasets-admin' on project 'acme'");
    expect((await sift.call('POST', labelUrl('Nope'), { body: { label: {} } })).statusCode).toBe(
      404,
    );
  });

  it('deletes a label and its descendants, keeping its ancestors', async () => {
    await ok('PUT', `${LABELS}/default`, {
      label_defs: [{ name: 'Tax > Return > Late' }, { name: 'Tax > Other' }],
    });
    const deleted = await ok('DELETE', labelUrl('Tax > Return'));
    expect(deleted.body).toEqual({ status: 'ok', num_modified: 0 });
    const remaining = await names();
    expect(remaining).toContain('Tax');
    expect(remaining).toContain('Tax > Other');
    expect(remaining.filter((name) => name.startsWith('Tax > Return'))).toEqual([]);
    expect((await sift.call('DELETE', labelUrl('Tax > Return'))).statusCode).toBe(404);
    const forbidden = await sift.call('DELETE', labelUrl('Tax'), { token: labellerToken });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.body.message).toContain('datasets-admin');
  });

  it('creates, lists, gets and deletes label groups', async () => {
    const groupsUrl = '/api/_private/datasets/acme/intents/label-groups';
    const created = await ok('POST', `${groupsUrl}/tone`, {
      label_collection_name: 'Tone',
      hidden: true,
      instructions: 'How it sounds',
    });
    expect(created.body['label_group']).toEqual({
      name: 'tone',
      label_defs: [],
      label_collection_name: 'Tone',
      trainable: true,
      hidden: true,
      instructions: 'How it sounds',
    });
    expect((await sift.call('POST', `${groupsUrl}/tone`, { body: {} })).statusCode).toBe(409);
    expect((await sift.call('POST', `${groupsUrl}/default`, { body: {} })).statusCode).toBe(409);
    expect((await sift.call('POST', `${groupsUrl}/bad%20name`, { body: {} })).statusCode).toBe(400);
    await ok('POST', `${groupsUrl}/urgency`);

    await ok('PUT', `${LABELS}/tone`, { label_defs: [{ name: 'Angry > Very' }] });
    const groups = (await ok('GET', groupsUrl)).body['label_groups'] as LabelGroup[];
    expect(groups.map((group) => group.name)).toEqual(['default', 'tone', 'urgency']);
    expect(groups[1]!.label_defs.map((def) => def.name)).toEqual(['Angry', 'Angry > Very']);
    const full = await dataset();
    expect(full.label_groups.map((group) => group.name)).toEqual(['default', 'tone', 'urgency']);
    // api.md §9 #25: dataset.label_defs are the default group's only.
    expect(full.label_defs).toEqual(full.label_groups[0]!.label_defs);
    expect(full.label_defs.map((def) => def.name)).not.toContain('Angry');

    const refused = await sift.call('DELETE', `${groupsUrl}/default`);
    expect(refused.statusCode).toBe(400);
    expect(refused.body.message).toContain('default');
    await ok('DELETE', `${groupsUrl}/tone`);
    expect((await sift.call('GET', `${groupsUrl}/tone`)).statusCode).toBe(404);
    expect((await sift.call('DELETE', `${groupsUrl}/tone`)).statusCode).toBe(404);
    // A group created again under the old name starts empty.
    await ok('POST', `${groupsUrl}/tone`, {});
    expect(await names('tone')).toEqual([]);
    // The group comes after those created before it.
    const reordered = (await ok('GET', groupsUrl)).body['label_groups'] as LabelGroup[];
    expect(reordered.map((group) => group.name)).toEqual(['default', 'urgency', 'tone']);
  });

  it('creates a concurrently upserted label once', async () => {
    await ok('PUT', '/api/v1/datasets/acme/racy', { dataset: {} });
    const url = '/api/_private/datasets/acme/racy/labels/default';
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        sift.call('PUT', url, {
          body: { label_defs: [{ name: 'Shared > Child' }, { name: `Own ${index}` }] },
        }),
      ),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(
      Array.from({ length: 8 }, () => 200),
    );
    const defs = (await dataset('racy')).label_defs.map((def) => def.name);
    expect(defs.filter((name) => name === 'Shared')).toHaveLength(1);
    expect(defs.filter((name) => name === 'Shared > Child')).toHaveLength(1);
    expect(defs).toHaveLength(10);
  });
});
