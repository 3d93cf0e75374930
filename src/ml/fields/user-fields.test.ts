import { describe, expect, it } from 'vitest';

import { fieldContext } from './context.js';
import { runUserRegexes } from './regex-runner.js';
import { compileField, extractFields, type FieldDefinition } from './user-fields.js';

const CONTEXT = fieldContext({ timestamp: '2024-03-13T10:00:00Z', locale: 'en-GB' });

function run(definition: Omit<FieldDefinition, 'key'>, body: string, subject?: string) {
  const { entities, warnings } = extractFields(
    {
      messages: [
        { body: { text: body }, ...(subject === undefined ? {} : { subject: { text: subject } }) },
      ],
    },
    [compileField({ key: 'field', ...definition })],
    CONTEXT,
  );
  return {
    values: entities.map((item) => [item.span.content_part, item.formatted_value]),
    entities,
    warnings,
  };
}

describe('user-defined fields (ml.md §8.4)', () => {
  it('matches a regex with `(?i)` and reports spans of the whole match', () => {
    const { entities } = run(
      { inherits: [], rules: { regex: { pattern: '(?i)pn-\\d{5}' } } },
      'Policy pn-88231 lapsed',
    );
    expect(entities).toEqual([
      {
        field: 'field',
        formatted_value: 'pn-88231',
        span: {
          content_part: 'body',
          message_index: 0,
          char_start: 7,
          char_end: 15,
          utf16_byte_start: 7,
          utf16_byte_end: 15,
        },
      },
    ]);
  });

  it('formats with the first template whose pattern matches', () => {
    const rules = {
      regex: {
        templates: [
          { template: 'PN-$<num>', pattern: '(?i)policy (?<num>\\d{5})' },
          { template: 'PN-$1', pattern: '(?i)pn ?(\\d{5})' },
        ],
      },
    };
    expect(run({ inherits: [], rules }, 'policy 12345 and PN 54321').values).toEqual([
      ['body', 'PN-12345'],
      ['body', 'PN-54321'],
    ]);
  });

  it('maps choices and discards other matches, drops suppressed ones', () => {
    const rules = {
      regex: { pattern: '(?i)\\b(gold|silver|bronze|tin)\\b' },
      choices: [
        { name: 'premium', values: ['Gold', 'silver'] },
        { name: 'basic', values: ['bronze'] },
      ],
    };
    expect(run({ inherits: [], rules }, 'Gold, tin and BRONZE').values).toEqual([
      ['body', 'premium'],
      ['body', 'basic'],
    ]);
    expect(
      run(
        { inherits: [], rules: { regex: { pattern: '\\d{4,}' }, suppressors: ['000'] } },
        '12345 10000',
      ).values,
    ).toEqual([['body', '12345']]);
  });

  it('inherits a builtin and narrows it by the rules', () => {
    const money = 'f000000000000002';
    const text = 'Refund £45.20 please, not $3 or €10';
    expect(run({ inherits: [money], rules: null }, text).values).toEqual([
      ['body', '45.20 GBP'],
      ['body', '3.00 USD'],
      ['body', '10.00 EUR'],
    ]);
    // Only pound amounts: the inherited candidates the pattern matches inside.
    expect(run({ inherits: [money], rules: { regex: { pattern: '£' } } }, text).values).toEqual([
      ['body', '45.20 GBP'],
    ]);
    expect(run({ inherits: [money], rules: { suppressors: ['$'] } }, text).values).toEqual([
      ['body', '45.20 GBP'],
      ['body', '10.00 EUR'],
    ]);
  });

  it('runs over subject, body and signature parts of every message', () => {
    expect(
      run({ inherits: ['f000000000000007'], rules: null }, 'and order 999-1', 'Order #A100').values,
    ).toEqual([
      ['subject', 'A100'],
      ['body', '999-1'],
    ]);
  });

  it('gives up on a runaway regex within the budget and says which field', () => {
    // `(a|aa)+$` passes the nested-quantifier check (no quantifier inside the group) yet backtracks
    // exponentially on a long run of `a` that cannot match.
    const started = Date.now();
    const result = extractFields(
      { messages: [{ body: { text: `${'a'.repeat(60)}!` } }] },
      [compileField({ key: 'slow', inherits: [], rules: { regex: { pattern: '(a|aa)+$' } } })],
      CONTEXT,
      { budgetMs: 50 },
    );
    expect(result).toEqual({ entities: [], warnings: [{ kind: 'regex_timeout', field: 'slow' }] });
    expect(Date.now() - started).toBeLessThan(5000);
    // The shared context still works afterwards.
    expect(
      runUserRegexes([{ pattern: /\d+/gu, text: 'a 12 b 3' }])?.[0]?.map((m) => m.index),
    ).toEqual([2, 7]);
  });
});
