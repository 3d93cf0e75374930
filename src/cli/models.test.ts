import { describe, expect, it } from 'vitest';

import { stringifyLine } from './json-output.js';
import { annotatedCommentModel, commentModel, sourceModel, withoutPredictions } from './models.js';

const comment = {
  id: 'c1',
  uid: '0123456789abcdef.c1',
  timestamp: '2025-01-01T00:00:00.000000Z',
  messages: [{ to: ['x@y.z'], body: { text: 'hi', extra: 1 }, from: 'a@b.c', unknown: true }],
  user_properties: {},
  attachments: [],
  created_at: '2025-01-02T00:00:00.250000Z',
  has_annotations: false,
  context: 'dropped',
};

describe('printed models', () => {
  it('orders comment keys as cli.md §7 and drops keys the CLI does not model', () => {
    const model = commentModel(comment);
    expect(Object.keys(model)).toEqual([
      'id',
      'uid',
      'timestamp',
      'messages',
      'created_at',
      'has_annotations',
    ]);
    expect(model['messages']).toEqual([{ body: { text: 'hi' }, from: 'a@b.c', to: ['x@y.z'] }]);
    expect(model['created_at']).toBe('2025-01-02T00:00:00.250Z');
    expect(
      stringifyLine(
        commentModel({
          ...comment,
          thread_id: 't',
          user_properties: { 'number:N': 3, 'string:S': 'v' },
        }),
      ),
    ).toContain('"thread_id":"t","timestamp":"2025-01-01T00:00:00Z"');
    expect(
      stringifyLine(commentModel({ ...comment, user_properties: { 'number:N': 3 } })),
    ).toContain('"user_properties":{"number:N":3.0}');
  });

  it('prints null for the absent keys marked (null) and keeps the source key order', () => {
    const model = sourceModel({
      id: 'i',
      owner: 'o',
      name: 'n',
      title: 't',
      description: '',
      language: 'en',
      should_translate: false,
      created_at: '2025-01-01T00:00:00Z',
      updated_at: '2025-01-01T00:00:00Z',
      _kind: 'unknown',
      sensitive_properties: [],
    });
    expect(model).toEqual({
      id: 'i',
      owner: 'o',
      name: 'n',
      title: 't',
      description: '',
      language: 'en',
      should_translate: false,
      created_at: '2025-01-01T00:00:00Z',
      updated_at: '2025-01-01T00:00:00Z',
      bucket_id: null,
      _kind: 'unknown',
      email_transform_tag: null,
    });
  });

  it('prints labelling only when the default group has content, and entities only when non-empty', () => {
    const plain = annotatedCommentModel({
      comment,
      labelling: [{ group: 'default', assigned: [], dismissed: [] }],
      entities: { assigned: [], dismissed: [] },
    });
    expect(Object.keys(plain)).toEqual(['comment']);
    const labelled = annotatedCommentModel({
      comment,
      labelling: [
        {
          group: 'default',
          assigned: [{ name: 'A', sentiment: 'positive' }],
          dismissed: [],
          predicted: [{ name: ['A'], probability: 1, sentiment: 0.5 }],
        },
      ],
      entities: { assigned: [], dismissed: [] },
      thread_properties: { num_messages: 2, duration: 60 },
    });
    expect(stringifyLine(labelled)).toContain(
      '"labelling":[{"group":"default","assigned":[{"name":"A","sentiment":"positive"}],"predicted":[{"name":["A"],"sentiment":0.5,"probability":1.0}]}]',
    );
    expect(labelled['thread_properties']).toMatchObject({
      num_messages: 2,
      thread_position: null,
      first_sender: null,
    });
  });

  it('removes predictions and the groups left empty, like the official without_predictions', () => {
    expect(
      withoutPredictions({
        comment,
        labelling: [
          {
            group: 'default',
            assigned: [],
            dismissed: [],
            predicted: [{ name: 'A', probability: 0.9 }],
          },
        ],
        entities: { assigned: [], dismissed: [], predicted: [{ name: 'e' }] },
      }),
    ).toEqual({ comment });
  });
});
