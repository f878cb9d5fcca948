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

const schemas = {
  status: z.enum(TICKET_STATUSES),
  q: z.string().trim().min(1).max(200).refine(printable, 'contains control characters'),
  sort: z.enum(TICKET_SORTS),
  after: z.coerce.number().int().positive().max(MAX_ROW_ID, 'is not a ticket id'),
  page: z.coerce.number().int().min(1).max(1_000_000),
};

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
    else problems.push(`${key} "${raw.slice(0, 40)}" is not valid (${parsed.error.issues[0]?.message ?? 'invalid'}); it was ignored.`);
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
