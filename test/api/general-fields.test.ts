import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { INTENT_UTTERANCES } from '../../src/ml/testing/paraphrase-fixture.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// issue 18: rule-based general fields (ml.md §8) in every output that shows predictions: the predict
// routes, query results and both stream formats. The email's text is constructed; the two intents
// come from the shared paraphrase fixture only so that a model version exists.

const V1 = '/api/v1/datasets/fields/orders';
const PRIVATE = '/api/_private/datasets/fields/orders';

const EMAIL =
  'Hello 😀, my order ORD-482913 for £1,250.50 has not arrived. It was due on 03/04/2024, please call me.';
const SUBJECT = 'Missing order ORD-482913';

type Span = Record<string, unknown>;
type Entity = {
  name: string;
  kind: string;
  formatted_value: string;
  spans: Span[];
  field_id?: string;
  probability: number;
  capture_ids: number[];
};

function at(text: string, value: string) {
  const start = text.indexOf(value);
  return {
    utf16_byte_start: start,
    utf16_byte_end: start + value.length,
    char_start: [...text.slice(0, start)].length,
    char_end: [...text.slice(0, start + value.length)].length,
  };
}

describe('general fields in predictions', () => {
  let sift: TestApp;
  let sourceId: string;
  const fieldIds = new Map<string, string>();
  const intents = Object.keys(INTENT_UTTERANCES).sort().slice(0, 2);

  const ok = async (method: string, url: string, body: unknown) => {
    const response = await sift.call(method, url, { body });
    expect(response.statusCode, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };

  /** What every route must report for EMAIL (body) and SUBJECT (subject), sorted by field. */
  const expected = () =>
    [
      {
        name: 'amount',
        formatted_value: '1250.50 GBP',
        spans: [{ content_part: 'body', message_index: 0, ...at(EMAIL, '£1,250.50') }],
        field_id: fieldIds.get('amount'),
      },
      {
        name: 'due_date',
        formatted_value: '2024-04-03',
        spans: [{ content_part: 'body', message_index: 0, ...at(EMAIL, '03/04/2024') }],
        field_id: fieldIds.get('due_date'),
      },
      {
        name: 'order_number',
        formatted_value: 'ORD482913',
        spans: [{ content_part: 'subject', message_index: 0, ...at(SUBJECT, 'ORD-482913') }],
        field_id: fieldIds.get('order_number'),
      },
      {
        name: 'order_number',
        formatted_value: 'ORD482913',
        spans: [{ content_part: 'body', message_index: 0, ...at(EMAIL, 'ORD-482913') }],
        field_id: fieldIds.get('order_number'),
      },
    ].map((entity) => ({ ...entity, kind: entity.name, probability: 1, capture_ids: [] }));

  const normalised = (entities: Entity[]) =>
    entities
      .map(({ name, kind, formatted_value, spans, field_id, probability, capture_ids }) => ({
        name,
        kind,
        formatted_value,
        spans,
        field_id,
        probability,
        capture_ids,
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  beforeAll(async () => {
    sift = await startTestApp({ SIFT_TRAIN_DEBOUNCE_MS: '50' });
    await ok('PUT', '/api/_private/projects/fields', { user_ids: [] });
    const source = await ok('PUT', '/api/v1/sources/fields/inbox', { source: {} });
    sourceId = (source['source'] as { id: string }).id;
    await ok('POST', '/api/v1/sources/fields/inbox/sync', {
      comments: intents.flatMap((intent) =>
        INTENT_UTTERANCES[intent]!.slice(0, 4).map((text, index) => ({
          id: `${intent}-${index}`,
          timestamp: '2024-03-13T10:00:00Z',
          messages: [{ body: { text } }],
        })),
      ),
    });
    const dataset = await ok('PUT', V1, {
      dataset: {
        source_ids: [sourceId],
        label_defs: intents.map((name) => ({ name })),
        _timezone: 'Europe/London',
        _preferred_locales: { default: 'en-GB' },
        entity_defs: [
          {
            name: 'order_number',
            rules: {
              regex: { templates: [{ template: 'ORD$1', pattern: '(?i)\\bord-?(\\d{6})\\b' }] },
            },
          },
        ],
        general_fields: [
          { api_name: 'amount', field_type_name: 'money' },
          { api_name: 'due_date', field_type_id: 'f000000000000001' },
          { api_name: 'order_number', field_type_name: 'order_number' },
        ],
      },
    });
    for (const field of (
      dataset['dataset'] as { general_fields: { api_name: string; field_id: string }[] }
    ).general_fields) {
      fieldIds.set(field.api_name, field.field_id);
    }
    for (const intent of intents) {
      for (let index = 0; index < 4; index += 1) {
        await ok('POST', `${PRIVATE}/labellings/${sourceId}.${intent}-${index}`, {
          labelling: [{ group: 'default', assigned: [{ name: intent }] }],
        });
      }
    }
    sift.startWorker();
    const deadline = Date.now() + 120_000;
    for (;;) {
      const status = (await ok('GET', `${PRIVATE}/labellers/status`, undefined))[
        'dataset_status'
      ] as { training_complete: number | null; latest_version: number | null };
      if (status.training_complete === 1 && status.latest_version !== null) {
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(`no model version: ${JSON.stringify(status)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The stream pins version 1, which the public predict routes need.
    await ok('PUT', `${V1}/streams`, {
      stream: { name: 'orders', model: { version: 1, label_thresholds: [] } },
    });
    await ok('POST', '/api/v1/sources/fields/inbox/sync', {
      comments: [
        {
          id: 'new-email',
          timestamp: '2024-03-13T10:00:00Z',
          messages: [{ subject: { text: SUBJECT }, body: { text: EMAIL } }],
        },
      ],
    });
  }, 180_000);

  afterAll(async () => {
    await sift?.close();
  });

  it('refuses an unsafe user regex with 400 and the reason', async () => {
    const response = await sift.call('POST', V1, {
      body: {
        dataset: { entity_defs: [{ name: 'slow', rules: { regex: { pattern: '(a+)+$' } } }] },
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body.message).toContain('catastrophic backtracking');
  });

  it('extracts the fields of a new email in predict, predict-comments and predict-raw-emails', async () => {
    const predicted = await ok('POST', `${V1}/labellers/1/predict`, {
      documents: [
        {
          timestamp: '2024-03-13T10:00:00Z',
          messages: [{ subject: { text: SUBJECT }, body: { text: EMAIL } }],
        },
        { messages: [{ body: { text: 'nothing to see' } }] },
      ],
    });
    const entities = predicted['entities'] as Entity[][];
    expect(entities).toHaveLength(2);
    expect(normalised(entities[0]!)).toEqual(expected());
    expect(entities[1]).toEqual([]);

    const byUid = await ok('POST', `${V1}/labellers/1/predict-comments`, {
      uids: [`${sourceId}.new-email`],
    });
    const [only] = byUid['predictions'] as { entities: Entity[] }[];
    expect(normalised(only!.entities)).toEqual(expected());

    const raw = await ok('POST', `${V1}/labellers/1/predict-raw-emails`, {
      documents: [
        {
          raw_email: {
            headers: {
              raw: `Message-ID: <m1@example.com>\r\nFrom: a@example.com\r\nTo: b@example.com\r\nSubject: ${SUBJECT}\r\nDate: Wed, 13 Mar 2024 10:00:00 +0000\r\n`,
            },
            body: { plain: 'Amount due: 300 EUR by 2024-04-30.' },
          },
        },
      ],
    });
    const rawEntities = (raw['entities'] as Entity[][])[0]!;
    expect(rawEntities.map((entity) => [entity.name, entity.formatted_value])).toEqual(
      expect.arrayContaining([
        ['order_number', 'ORD482913'],
        ['amount', '300.00 EUR'],
        ['due_date', '2024-04-30'],
      ]),
    );
  });

  it('adds the predicted entities to stream fetch and stream results', async () => {
    const fetched = await ok('POST', `${V1}/streams/orders/fetch`, { size: 10 });
    const results = fetched['results'] as { comment: { id: string }; entities: Entity[] | null }[];
    const mail = results.find((item) => item.comment.id === 'new-email')!;
    expect(normalised(mail.entities!)).toEqual(expected());
    const plain = results.find((item) => item.comment.id !== 'new-email');
    expect(plain?.entities ?? []).toEqual([]);

    const automation = await sift.call('GET', `${V1}/streams/orders/results?max_results=10`);
    expect(automation.statusCode).toBe(200);
    const item = (
      automation.body['results'] as {
        comment: { id: string };
        prediction: { taxonomies: { name: string; general_fields: unknown[] }[] };
      }[]
    ).find((entry) => entry.comment.id === 'new-email')!;
    const fields = item.prediction.taxonomies.find(
      (taxonomy) => taxonomy.name === 'default',
    )!.general_fields;
    expect(fields).toContainEqual({
      name: 'amount',
      value: { formatted: '1250.50 GBP' },
      confidence: { value: 1, thresholds: [] },
      text_spans: [
        {
          content_part: 'body',
          message_index: 0,
          utf16_byte_start: at(EMAIL, '£1,250.50').utf16_byte_start,
          utf16_byte_end: at(EMAIL, '£1,250.50').utf16_byte_end,
        },
      ],
    });
  });

  it('shows predicted entities next to assigned ones in query results', async () => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const page = await ok('POST', `${PRIVATE}/query`, { order: { kind: 'recent' }, limit: 50 });
      const mail = (
        page['results'] as {
          comment: { id: string };
          entities?: { assigned: unknown[]; dismissed: unknown[]; predicted?: Entity[] };
        }[]
      ).find((item) => item.comment.id === 'new-email');
      // The new comment gets stored predictions once `dataset-predict` (or the stream) scored it.
      if (mail?.entities?.predicted !== undefined) {
        expect(mail.entities.assigned).toEqual([]);
        expect(mail.entities.dismissed).toEqual([]);
        expect(normalised(mail.entities.predicted)).toEqual(expected());
        return;
      }
      if (Date.now() > deadline) {
        throw new Error('the new comment never got stored predictions');
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
});
