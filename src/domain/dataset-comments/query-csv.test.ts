import { describe, expect, it } from 'vitest';

import type { AnnotatedComment } from '../../contracts/labellings.js';

import { queryResultsToCsv } from './query-csv.js';

function result(id: string, text: string, extra: Partial<AnnotatedComment> = {}): AnnotatedComment {
  return {
    comment: {
      uid: `00000000000000aa.${id}`,
      id,
      source_id: '00000000000000aa',
      timestamp: '2025-01-02T03:04:05.000000Z',
      messages: [{ subject: { text: 'Re: refund, please' }, body: { text } }],
      user_properties: {},
      attachments: [],
      created_at: '2025-01-02T03:04:05.000000Z',
      last_modified: '2025-01-02T03:04:05.000000Z',
      context: '0',
      has_annotations: false,
    },
    ...extra,
  };
}

describe('query results as CSV', () => {
  it('writes the api.md columns, the Date the official CLI reads and one probability per label', () => {
    const csv = queryResultsToCsv(
      [
        result('a', 'He said "hi"\nthen left', {
          labelling: [
            {
              group: 'default',
              assigned: [{ name: 'Refund', sentiment: 'positive' }],
              dismissed: [{ name: 'Order > Missing', sentiment: 'positive' }],
              predicted: [
                { name: ['Refund'], probability: 0.91 },
                { name: ['Order', 'Missing'], probability: 0.25 },
              ],
            },
          ],
        }),
        result('b', 'plain'),
      ],
      ['Refund', 'Order', 'Order > Missing'],
    );
    expect(csv.split('\r\n')).toEqual([
      'uid,source_id,id,timestamp,subject,body,assigned_labels,dismissed_labels,predicted_labels,Date,Refund,Order,Order > Missing',
      '00000000000000aa.a,00000000000000aa,a,2025-01-02T03:04:05.000000Z,"Re: refund, please","He said ""hi""\nthen left",Refund,Order > Missing,Refund=0.91; Order > Missing=0.25,2025-01-02T03:04:05.000000Z,0.91,0,0.25',
      '00000000000000aa.b,00000000000000aa,b,2025-01-02T03:04:05.000000Z,"Re: refund, please",plain,,,,2025-01-02T03:04:05.000000Z,0,0,0',
      '',
    ]);
  });
});
