import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { settings } from '@/db/schema';
import { DEFAULT_ANALYSIS_WINDOWS, type AnalysisWindows } from '@/lib/analysis/windows';

/** The settings key under which the analysis job stores the windows it used. */
export const ANALYSIS_WINDOWS_KEY = 'analysis_windows';

/** The windows of the stored findings: those the last analysis used (the defaults before any). */
export async function getAnalysisWindows(db: Db): Promise<AnalysisWindows> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, ANALYSIS_WINDOWS_KEY));
  return { ...DEFAULT_ANALYSIS_WINDOWS, ...((row?.value as Partial<AnalysisWindows> | undefined) ?? {}) };
}
