/**
 * What every dashboard page starts from: who is looking (the access seam), the database, the
 * installation's time zone, and the filters parsed from the URL with the date range kept within
 * and resolved against the data. Pages call `openPage(role, searchParams)` first thing.
 */
import { type Db } from '@/db/client';
import { getDatabase } from '@/lib/database';
import { requireRole, type Role, type Viewer } from '@/lib/auth/viewer';
import { getEnv } from '@/lib/env';
import { parseFilters, type Filters, type SearchParams } from '@/lib/filters';
import { getDataRange } from '@/lib/queries/data-range';
import { checkFilterValues } from '@/lib/queries/filter-values';
import { clampFiltersToData, resolveRange, type DayRange } from '@/lib/queries/filter-sql';

export interface PageContext {
  viewer: Viewer;
  db: Db;
  timeZone: string;
  params: SearchParams;
  /** The filters of the URL, with the dates kept within the data (clampFiltersToData). */
  filters: Filters;
  /** Filter parameters that were ignored (malformed) or name nothing stored (kept, matching nothing), each with why. */
  problems: string[];
  /** Said on the page when the dates asked for reach past the data ("showing … the data's range"). */
  rangeNotice: string | null;
  /** First and last day with data; null before the first analysis. */
  dataRange: DayRange | null;
  /** The filters' range, defaulting to all data. */
  range: DayRange;
}

/** Checks the role, opens the database and parses the filters. Throws AppError (Forbidden, Unavailable, Conflict). */
export async function openPage(role: Role, searchParams?: Promise<SearchParams>): Promise<PageContext> {
  const viewer = await requireRole(role);
  const params = searchParams ? await searchParams : {};
  const parsed = parseFilters(params);
  const { db } = await getDatabase();
  const dataRange = await getDataRange(db);
  // A topic, organization or customer that is not stored gets a sentence, not silent zeros.
  const checked = await checkFilterValues(db, parsed.filters);
  const { filters, notice } = clampFiltersToData(checked.filters, dataRange);
  return {
    viewer,
    db,
    timeZone: getEnv().SUPPORT_TRENDS_TZ,
    params,
    filters,
    problems: [...parsed.problems, ...checked.problems],
    rangeNotice: notice,
    dataRange,
    range: resolveRange(filters, dataRange),
  };
}

/** A single-valued URL parameter (the first when repeated). */
export function param(params: SearchParams, key: string): string | undefined {
  const value = params[key];
  return Array.isArray(value) ? value[0] : value;
}
