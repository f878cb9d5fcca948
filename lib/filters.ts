/**
 * The dashboard's filter bar, kept in the URL so a view can be shared and the back button
 * works. URL search params are parsed here, once, into a typed `Filters`; everything behind
 * this edge trusts the types. A bad value is dropped with a message saying what was wrong (the
 * page still shows the rest), and `requireValidFilters` turns the same messages into a 400 for
 * the JSON/CSV endpoints.
 */
import { z } from 'zod';
import { AppError } from '@/db/errors';
import { PRIORITIES, type Priority } from '@/db/enums';
import { formatTopicParam, parseTopicParam, type TopicId } from '@/lib/topic-id';

export { PRIORITIES, type Priority };

/** The URL parameter of each filter, in the order the filter bar shows them. */
export const FILTER_KEYS = ['from', 'to', 'topic', 'org', 'customer', 'priority', 'channel', 'version'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** Row ids are PostgreSQL integers: a larger number names no row (and would be an error in SQL). */
export const MAX_ROW_ID = 2_147_483_647;


/** No control characters: PostgreSQL text cannot hold a NUL, and no real name or version has one. */
export const printable = (value: string): boolean => !/[\u0000-\u001f\u007f]/.test(value);

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((d) => {
    const date = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === d;
  }, 'is not a calendar date');

const FIELD_SCHEMAS = {
  from: isoDay,
  to: isoDay,
  // "none" in the address: the tickets no topic was found for (null); see lib/topic-id.ts.
  topic: z
    .string()
    .refine((v) => parseTopicParam(v) !== undefined, 'must be a topic id such as t12, or "none" for unclustered tickets')
    .transform((v) => parseTopicParam(v) as TopicId | null),
  org: z.coerce
    .number({ error: 'must be an organization number' })
    .int('must be a whole organization number')
    .positive('must be an organization number')
    .max(MAX_ROW_ID, 'is not an organization number'),
  customer: z.string().trim().min(1, 'is empty').max(320, 'is too long (at most 320 characters)').refine(printable, 'contains control characters'),
  priority: z.enum(PRIORITIES, { error: `must be one of ${PRIORITIES.join(', ')}` }),
  channel: z.string().regex(/^[\p{L}\p{N} ._-]{1,40}$/u, 'must be a channel name such as email or chat'),
  version: z.string().trim().min(1, 'is empty').max(64, 'is too long (at most 64 characters)').refine(printable, 'contains control characters'),
} satisfies Record<FilterKey, z.ZodType>;

export interface Filters {
  /** First and last local day (YYYY-MM-DD, inclusive); absent = from the first / to the last data. */
  from?: string;
  to?: string;
  /** A topic, or null for the unclustered tickets (`none` in the URL). */
  topic?: TopicId | null;
  /** organizations.id */
  org?: number;
  /** customers.key (e-mail, login…), exactly. */
  customer?: string;
  priority?: Priority;
  channel?: string;
  version?: string;
}

export type SearchParams = Record<string, string | string[] | undefined>;

export interface ParsedFilters {
  filters: Filters;
  /** One sentence per rejected parameter, for the page to show. */
  problems: string[];
}

const LABELS: Record<FilterKey, string> = {
  from: 'From date',
  to: 'To date',
  topic: 'Topic',
  org: 'Organization',
  customer: 'Customer',
  priority: 'Priority',
  channel: 'Channel',
  version: 'Product version',
};

/** Parses the filter parameters of a URL; other parameters are ignored. */
export function parseFilters(params: SearchParams): ParsedFilters {
  const filters: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of FILTER_KEYS) {
    const raw = params[key];
    if (raw === undefined || raw === '') continue;
    if (Array.isArray(raw)) {
      problems.push(`${LABELS[key]} was given ${raw.length} times; give it once.`);
      continue;
    }
    const parsed = FIELD_SCHEMAS[key].safeParse(raw);
    if (parsed.success) filters[key] = parsed.data;
    else problems.push(`${LABELS[key]} "${raw.slice(0, 60)}" ${parsed.error.issues[0]?.message ?? 'is not valid'}; it was ignored.`);
  }
  const result = filters as Filters;
  if (result.from && result.to && result.from > result.to) {
    problems.push(`From date ${result.from} is after To date ${result.to}; the dates were ignored.`);
    delete result.from;
    delete result.to;
  }
  return { filters: result, problems };
}

/** For endpoints: the filters, or an InvalidInput error listing every problem. */
export function requireValidFilters(params: SearchParams | URLSearchParams): Filters {
  const { filters, problems } = parseFilters(params instanceof URLSearchParams ? searchParamsToRecord(params) : params);
  if (problems.length > 0) {
    throw new AppError('InvalidInput', problems.map((p) => p.replace(/; (it was|the dates were) ignored\.$/, '.')).join(' '), {
      hint: 'Dates are YYYY-MM-DD; topics look like t12; priorities are low, normal, high or urgent.',
    });
  }
  return filters;
}

export function searchParamsToRecord(params: URLSearchParams): SearchParams {
  const out: SearchParams = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}

/** The URL query (without "?") for filters plus extra parameters; empty values are left out. */
export function filtersToQuery(filters: Filters, extra: Record<string, string | number | undefined | null> = {}): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filterParam(filters, key);
    if (value !== undefined) params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined || value === null || value === '') params.delete(key);
    else params.set(key, String(value));
  }
  return params.toString();
}

/** A filter's value as the URL writes it (an unclustered topic filter is "none"); undefined when unset. */
export function filterParam(filters: Filters, key: FilterKey): string | undefined {
  const value = filters[key];
  if (value === undefined || value === '') return undefined;
  return key === 'topic' ? formatTopicParam(value as TopicId | null) : String(value);
}

/** A link to the tickets behind a number: the filters, narrowed by `narrow`. */
export function ticketsHref(filters: Filters, narrow: Partial<Filters> & { status?: string } = {}): string {
  const { status, ...rest } = narrow;
  const query = filtersToQuery({ ...filters, ...rest }, { status });
  return query ? `/tickets?${query}` : '/tickets';
}

/** True when a filter needs ticket-level data (the rollups have no organization, customer or version). */
export function needsTicketScan(filters: Filters): boolean {
  return filters.org !== undefined || filters.customer !== undefined || filters.version !== undefined;
}

/** True when any filter other than the dates is set. */
export function hasNonDateFilters(filters: Filters): boolean {
  return FILTER_KEYS.some((k) => k !== 'from' && k !== 'to' && filters[k] !== undefined);
}
