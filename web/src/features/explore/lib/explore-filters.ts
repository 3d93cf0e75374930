import type { DatasetQueryBody } from '../hooks/use-dataset-query';

export type ExploreFilters = {
  order: 'recent' | 'sample';
  reviewed: '' | 'only_reviewed' | 'only_unreviewed';
  label: string;
  from: string;
  to: string;
  propertyName: string;
  propertyValue: string;
  search: string;
  searchMode: 'text_search' | 'semantic_search';
};

export const EMPTY_FILTERS: ExploreFilters = {
  order: 'recent',
  reviewed: '',
  label: '',
  from: '',
  to: '',
  propertyName: '',
  propertyValue: '',
  search: '',
  searchMode: 'text_search',
};

/** Turns the form into a query body; a search term replaces the order (api.md §6.7). */
export function buildQueryBody(filters: ExploreFilters, limit: number): DatasetQueryBody {
  const filter: NonNullable<DatasetQueryBody['filter']> = {};
  if (filters.reviewed !== '') {
    filter.reviewed = filters.reviewed;
  }
  if (filters.label !== '') {
    filter.annotations = { labels: { one_of: [filters.label] } };
  }
  if (filters.from !== '' || filters.to !== '') {
    filter.timestamp = {};
    if (filters.from !== '') {
      filter.timestamp.minimum = new Date(`${filters.from}T00:00:00Z`).toISOString();
    }
    if (filters.to !== '') {
      filter.timestamp.maximum = new Date(`${filters.to}T23:59:59.999Z`).toISOString();
    }
  }
  const propertyName = filters.propertyName.trim();
  if (propertyName !== '' && filters.propertyValue.trim() !== '') {
    const fullName = /^(string|number):/.test(propertyName)
      ? propertyName
      : `string:${propertyName}`;
    const raw = filters.propertyValue.trim();
    filter.user_properties = {
      [fullName]: { one_of: [fullName.startsWith('number:') ? Number(raw) : raw] },
    };
  }
  const search = filters.search.trim();
  const order: DatasetQueryBody['order'] =
    search !== '' ? { kind: filters.searchMode, query: search } : { kind: filters.order };
  return { order, filter, limit };
}
