/**
 * The tickets list's own URL parameters (status, search, sort, cursor), validated like the
 * filters: a bad value is dropped with a message on the page, or a 400 from the CSV endpoint.
 */
import { z } from 'zod';
import { AppError } from '@/db/errors';
import { MAX_ROW_ID, parseFilters, printable, type SearchParams } from '@/lib/filters';
import { clampFiltersToData, type DayRange } from '@/lib/queries/filter-sql';
import { TICKET_SORTS, TICKET_STATUSES, type TicketQuery } from '@/lib/queries/tickets';

export const TICKETS_PAGE_SIZE = 50;

// Every message is a phrase that follows the parameter's name and value ("Page "0" must be 1 or
// more"): a person reads it, so no validator wording ("Too small: expected number to be >=1").
const schemas = {
  status: z.enum(TICKET_STATUSES, { error: `must be one of ${TICKET_STATUSES.join(', ')}` }),
  q: z.string().trim().min(1, 'is empty').max(200, 'is too long (at most 200 characters)').refine(printable, 'contains control characters'),
  sort: z.enum(TICKET_SORTS, { error: `must be ${TICKET_SORTS.join(' or ')}` }),
  after: z.coerce.number({ error: 'must be a ticket number' }).int('must be a whole ticket number').positive('must be a ticket number').max(MAX_ROW_ID, 'is not a ticket number'),
  page: z.coerce.number({ error: 'must be a page number' }).int('must be a whole page number').min(1, 'must be 1 or more').max(1_000_000, 'must be at most 1,000,000'),
};

const NAMES: Record<keyof typeof schemas, string> = { status: 'Status', q: 'Search', sort: 'Order', after: 'The page cursor (after)', page: 'Page' };

export interface ParsedTicketQuery {
  query: TicketQuery;
  /** Page number shown ("page 3"); keyset pages do not know their offset otherwise. */
  page: number;
  problems: string[];
  /** Said on the page when the dates asked for reach past the tickets (see clampToData). */
  notice: string | null;
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Filters plus the list's own parameters. Without dates the list covers all tickets (no date
 * bound); dates are kept within `tickets` (the first and last day of any ticket, see
 * getTicketDayRange), which selects the same tickets but never converts a year-9999 date.
 */
export function parseTicketQuery(params: SearchParams, limit = TICKETS_PAGE_SIZE, tickets: DayRange | null = null): ParsedTicketQuery {
  const parsed = parseFilters(params);
  const problems = parsed.problems;
  const { filters, notice } = clampFiltersToData(parsed.filters, tickets);
  const own: Record<string, unknown> = {};
  for (const key of Object.keys(schemas) as (keyof typeof schemas)[]) {
    const raw = first(params[key]);
    if (raw === undefined || raw === '') continue;
    const parsed = schemas[key].safeParse(raw);
    if (parsed.success) own[key] = parsed.data;
    else problems.push(`${NAMES[key]} "${raw.slice(0, 40)}" ${parsed.error.issues[0]?.message ?? 'is not valid'}; it was ignored.`);
  }
  const range: DayRange | null = tickets && (filters.from || filters.to) ? { from: filters.from ?? tickets.from, to: filters.to ?? tickets.to } : null;
  return {
    query: {
      filters,
      range,
      status: own.status as TicketQuery['status'],
      search: own.q as string | undefined,
      sort: (own.sort as TicketQuery['sort']) ?? 'newest',
      after: own.after as number | undefined,
      limit,
    },
    page: (own.page as number | undefined) ?? 1,
    problems,
    notice,
  };
}

export function requireTicketQuery(params: SearchParams, limit: number, tickets: DayRange | null): TicketQuery {
  const { query, problems } = parseTicketQuery(params, limit, tickets);
  if (problems.length > 0) throw new AppError('InvalidInput', problems.map((p) => p.replace(/; it was ignored\.$/, '.').replace(/; the dates were ignored\.$/, '.')).join(' '));
  return query;
}
