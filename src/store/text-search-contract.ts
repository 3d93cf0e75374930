import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Store } from './store.js';

const T0 = '2024-03-05T09:12:44.031200Z';
const SOURCE = '00000000000000a1';

// Small enough to reason about by hand; each line is one comment (subject | body).
const TEXTS: [string, string][] = [
  ['alpha', 'Refund for order alpha'],
  ['beta', 'Please cancel the order'],
  ['gamma', 'The gamma ray report'],
  ['delta', 'alpha and gamma both mentioned'],
  ['epsilon', 'Refunds are slow this week'],
  ['zeta', 'Cancel my subscription, not the order'],
  ['eta', 'Nothing to see here'],
  ['theta', 'Refunding the card payment'],
  ['iota', 'e-mail address changed'],
];

/**
 * The keyword-search syntax (docs/keyword-search.md) gives the same comments on every backend: one
 * suite, run by the SQLite and the PostgreSQL store tests (issue 20 #4).
 */
export function describeTextSearchContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`keyword search: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await makeStore();
      await store.projects.insert({
        id: '0000000000000001',
        name: 'alpha',
        title: '',
        description: '',
        user_auto_join: false,
        created_at: T0,
        updated_at: T0,
      });
      await store.sources.insert({
        id: SOURCE,
        project_id: '0000000000000001',
        name: 'inbox',
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
      });
      await store.comments.insertMany(
        TEXTS.map(([id, body]) => ({
          source_id: SOURCE,
          id,
          timestamp: T0,
          thread_id: null,
          text_format: null,
          messages: [{ body: { text: body } }],
          user_properties: {},
          attachments: [],
          fingerprint: id,
          created_at: T0,
          last_modified: T0,
          context: id,
        })),
      );
    });
    afterAll(async () => {
      await store.close();
    });

    async function ids(query: string): Promise<string[]> {
      const relevance = await store.comments.textSearch([SOURCE], query);
      const found = await store.comments.scan({ sourceIds: [SOURCE], afterSeq: 0, limit: 100 });
      return found
        .filter((comment) => relevance.has(comment.seq))
        .map((comment) => comment.id)
        .sort();
    }

    const cases: [string, string[]][] = [
      // Words are AND-ed and stemmed.
      ['alpha', ['alpha', 'delta']],
      ['alpha gamma', ['delta']],
      ['refund', ['alpha', 'epsilon', 'theta']],
      ['REFUNDS', ['alpha', 'epsilon', 'theta']],
      // OR between two terms makes them alternatives; it binds tighter than the AND around it.
      ['alpha OR gamma', ['alpha', 'delta', 'gamma']],
      ['alpha OR gamma report', ['gamma']],
      ['refund OR cancel order', ['alpha', 'beta', 'zeta']],
      // Lowercase "or" is an ordinary (stop)word.
      ['alpha or gamma', ['delta']],
      // -word excludes; a search with nothing positive finds nothing.
      ['alpha -gamma', ['alpha']],
      ['order -refund', ['beta', 'zeta']],
      ['-alpha', []],
      // "Phrases" need the words adjacent and in order.
      ['"cancel the order"', ['beta']],
      ['"order alpha"', ['alpha']],
      ['"alpha order"', []],
      ['cancel -"the order"', []],
      ['cancel -"my subscription"', ['beta']],
      // prefix* matches any word starting so.
      ['gam*', ['delta', 'gamma']],
      ['subscr*', ['zeta']],
      ['"gamma ra"*', ['gamma']],
      // Stopwords are ignored, a search of only stopwords finds nothing.
      ['the refund', ['alpha', 'epsilon', 'theta']],
      ['the', []],
      ['"the"', []],
      // Punctuation inside a word: its parts as a phrase. Operators in the text are plain text.
      ['e-mail', ['iota']],
      ['alpha AND gamma', ['delta']],
      ['NEAR(alpha gamma)', []],
      ['alpha:* | gamma', ['delta']],
      ["'); DROP TABLE comments; --", []],
      ['"unbalanced phrase', []],
      ['', []],
      ['  ""  ', []],
    ];

    for (const [query, expected] of cases) {
      it(`finds ${JSON.stringify(expected)} for ${JSON.stringify(query)}`, async () => {
        expect(await ids(query)).toEqual(expected);
      });
    }

    it('still has every comment after the hostile searches', async () => {
      expect(
        (await store.comments.scan({ sourceIds: [SOURCE], afterSeq: 0, limit: 100 })).length,
      ).toBe(TEXTS.length);
    });
  });
}
