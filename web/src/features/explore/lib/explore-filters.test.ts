import { describe, expect, it } from 'vitest';

import { buildQueryBody, EMPTY_FILTERS } from './explore-filters';

describe('buildQueryBody', () => {
  it('sends the chosen order with no constraints by default', () => {
    expect(buildQueryBody(EMPTY_FILTERS, 20)).toEqual({
      order: { kind: 'recent' },
      filter: {},
      limit: 20,
    });
  });

  it('combines reviewed, label, time range and user property filters', () => {
    const body = buildQueryBody(
      {
        ...EMPTY_FILTERS,
        order: 'sample',
        reviewed: 'only_reviewed',
        label: 'Billing > Refund',
        from: '2026-01-01',
        to: '2026-01-31',
        propertyName: 'Country',
        propertyValue: 'FR',
      },
      10,
    );
    expect(body.order).toEqual({ kind: 'sample' });
    expect(body.filter).toEqual({
      reviewed: 'only_reviewed',
      annotations: { labels: { one_of: ['Billing > Refund'] } },
      timestamp: { minimum: '2026-01-01T00:00:00.000Z', maximum: '2026-01-31T23:59:59.999Z' },
      user_properties: { 'string:Country': { one_of: ['FR'] } },
    });
  });

  it('turns a search term into a keyword or semantic search order', () => {
    expect(buildQueryBody({ ...EMPTY_FILTERS, search: ' refund ' }, 5).order).toEqual({
      kind: 'text_search',
      query: 'refund',
    });
    expect(
      buildQueryBody({ ...EMPTY_FILTERS, search: 'money back', searchMode: 'semantic_search' }, 5)
        .order,
    ).toEqual({ kind: 'semantic_search', query: 'money back' });
  });

  it('filters number properties by number', () => {
    const body = buildQueryBody(
      { ...EMPTY_FILTERS, propertyName: 'number:Score', propertyValue: '7' },
      5,
    );
    expect(body.filter?.user_properties).toEqual({ 'number:Score': { one_of: [7] } });
  });
});
