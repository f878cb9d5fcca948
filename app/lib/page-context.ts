/**
 * What every dashboard page starts from: who is looking (the access seam), the database, the
 * installation's time zone, and the filters parsed from the URL with the date range resolved
 * against the data. Pages call `openPage(role, searchParams)` first thing.
 */
import { getDatabase, type Db } from '@/db/client';
import { requireRole, type Role, type Viewer } from '@/lib/auth/viewer';
import { getEnv } from '@/lib/env';
import { parseFilters, type Filters, type SearchParams } from '@/lib/filters';
import { getDataRange } from '@/lib/queries/data-range';
import { resolveRange, type DayRange } from '@/lib/queries/filter-sql';

export interface PageContext {
  viewer: Viewer;
  db: Db;
  timeZone: string;
  params: SearchParams;
  filters: Filters;
  /** Filter parameters that were ignored, each with why. */
  problems: string[];
  /** First and last day with data; null before the first analysis. */
  dataRange: DayRange | null;
  /** The filters' range, defaulting to all data. */
  range: DayRange;
}

/** Checks the role, opens the database and parses the filters. Throws AppError (Forbidden, Unavailable, Conflict). */
export async function openPage(role: Role, searchParams?: Promise<SearchParams>): Promise<PageContext> {
  const viewer = await requireRole(role);
  const params = searchParams ? await searchParams : {};
  const { filters, problems } = parseFilters(params);
  const { db } = await getDatabase();
  const dataRange = await getDataRange(db);
  return {
    viewer,
    db,
    timeZone: getEnv().SUPPORT_TRENDS_TZ,
    params,
    filters,
    problems,
    dataRange,
    range: resolveRange(filters, dataRange),
  };
}

/** A single-valued URL parameter (the first when repeated). */
export function param(params: SearchParams, key: string): string | undefined {
  const value = params[key];
  return Array.isArray(value) ? value[0] : value;
}
