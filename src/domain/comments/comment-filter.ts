import type {
  CommentFilter,
  ParticipantFilter,
  PropertyFilter,
  StringSetFilter,
} from '../../contracts/comment-filter.js';
import { parseTimestamp } from '../../lib/timestamps.js';
import type { CommentRecord } from '../../store/store.js';
import { invalid } from '../errors.js';

/** The parts of a CommentFilter that the store applies in SQL; the rest is matched per comment. */
export type CompiledFilter = {
  from?: string;
  to?: string;
  /** Restricts the candidate sources; null = no restriction. */
  sources: ReadonlySet<string> | null;
  /** Null when nothing remains to check per comment. */
  matches: ((comment: CommentRecord) => boolean) | null;
};

type Addressed = { from?: unknown; to?: unknown; cc?: unknown; bcc?: unknown };

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return (at === -1 ? address : address.slice(at + 1)).toLowerCase();
}

function inDomains(address: string, domains: readonly string[]): boolean {
  const domain = domainOf(address);
  return domains.some((candidate) => {
    const wanted = candidate.toLowerCase().replace(/^@/, '');
    return domain === wanted || domain.endsWith(`.${wanted}`);
  });
}

function matchesParticipants(addresses: readonly string[], filter: ParticipantFilter): boolean {
  const lower = addresses.map((address) => address.toLowerCase());
  const oneOf = filter.one_of?.map((value) => value.toLowerCase());
  if (oneOf && !lower.some((address) => oneOf.includes(address))) {
    return false;
  }
  const notOneOf = filter.not_one_of?.map((value) => value.toLowerCase());
  if (notOneOf && lower.some((address) => notOneOf.includes(address))) {
    return false;
  }
  const domainOneOf = [...(filter.domain_one_of ?? []), ...(filter.organisation_one_of ?? [])];
  if (
    (filter.domain_one_of || filter.organisation_one_of) &&
    !addresses.some((a) => inDomains(a, domainOneOf))
  ) {
    return false;
  }
  const domainNotOneOf = [
    ...(filter.domain_not_one_of ?? []),
    ...(filter.organisation_not_one_of ?? []),
  ];
  if (domainNotOneOf.length > 0 && addresses.some((a) => inDomains(a, domainNotOneOf))) {
    return false;
  }
  return true;
}

function matchesStringSet(values: readonly string[] | null, filter: StringSetFilter): boolean {
  if (values === null) {
    return (
      filter.include_missing === true ||
      (filter.one_of === undefined && filter.not_one_of === undefined)
    );
  }
  if (filter.one_of && !values.some((value) => filter.one_of!.includes(value))) {
    return false;
  }
  if (filter.not_one_of && values.some((value) => filter.not_one_of!.includes(value))) {
    return false;
  }
  return true;
}

/** api.md §4.11 PropertyFilter: a comment without the property fails one_of/minimum/maximum, passes not_one_of. */
function matchesProperty(value: string | number | undefined, filter: PropertyFilter): boolean {
  if (value === undefined) {
    return (
      filter.one_of === undefined && filter.minimum === undefined && filter.maximum === undefined
    );
  }
  if (filter.one_of && !filter.one_of.some((candidate) => candidate === value)) {
    return false;
  }
  if (filter.not_one_of?.some((candidate) => candidate === value)) {
    return false;
  }
  if (
    filter.domain_not_one_of &&
    typeof value === 'string' &&
    inDomains(value, filter.domain_not_one_of)
  ) {
    return false;
  }
  if (filter.minimum !== undefined && !(typeof value === 'number' && value >= filter.minimum)) {
    return false;
  }
  if (filter.maximum !== undefined && !(typeof value === 'number' && value <= filter.maximum)) {
    return false;
  }
  return true;
}

function field(messages: readonly Addressed[], key: 'to' | 'cc' | 'bcc'): string[] | null {
  let present = false;
  const values: string[] = [];
  for (const message of messages) {
    const list = message[key];
    if (Array.isArray(list)) {
      present = true;
      values.push(...list.filter((item): item is string => typeof item === 'string'));
    }
  }
  return present ? values : null;
}

function bound(path: string, value: string | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  const parsed = parseTimestamp(value, { allowDateOnly: true });
  if (!parsed.ok) {
    throw invalid(`${path}: ${parsed.error}`);
  }
  return parsed.value;
}

/**
 * Compiles the source-level parts of a filter. Dataset-level keys (`reviewed`, `annotations`,
 * `trigger_exceptions`) need a dataset and are refused here with a 400 naming them.
 */
export function compileCommentFilter(
  filter: CommentFilter,
  path = 'comment_filter',
): CompiledFilter {
  for (const key of ['reviewed', 'annotations', 'trigger_exceptions'] as const) {
    if (filter[key] !== undefined) {
      throw invalid(`${path}.${key}: only available on dataset routes`);
    }
  }
  const from = bound(`${path}.timestamp.minimum`, filter.timestamp?.minimum);
  const to = bound(`${path}.timestamp.maximum`, filter.timestamp?.maximum);
  const checks: ((comment: CommentRecord) => boolean)[] = [];
  for (const [name, propertyFilter] of Object.entries(filter.user_properties ?? {})) {
    checks.push((comment) => matchesProperty(comment.user_properties[name], propertyFilter));
  }
  const messages = filter.messages;
  if (messages?.from) {
    const fromFilter = messages.from;
    checks.push((comment) => {
      const senders = (comment.messages as Addressed[])
        .map((message) => message.from)
        .filter((sender): sender is string => typeof sender === 'string');
      return matchesParticipants(senders, fromFilter);
    });
  }
  if (messages?.recipient) {
    const recipientFilter = messages.recipient;
    checks.push((comment) => {
      const all = comment.messages as Addressed[];
      return matchesParticipants(
        [...(field(all, 'to') ?? []), ...(field(all, 'cc') ?? []), ...(field(all, 'bcc') ?? [])],
        recipientFilter,
      );
    });
  }
  for (const key of ['to', 'cc', 'bcc'] as const) {
    const setFilter = messages?.[key];
    if (setFilter) {
      checks.push((comment) =>
        matchesStringSet(field(comment.messages as Addressed[], key), setFilter),
      );
    }
  }
  return {
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    sources: filter.sources ? new Set(filter.sources) : null,
    matches: checks.length === 0 ? null : (comment) => checks.every((check) => check(comment)),
  };
}
