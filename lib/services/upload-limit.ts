/**
 * The largest export the Imports page accepts: SUPPORT_TRENDS_UPLOAD_LIMIT_MB (default 200 MB, a
 * year of a large desk's export); bigger files belong to the CLI, which streams from disk. The
 * route enforces it while streaming the body to disk (app/api/imports, which proxy.ts does not
 * see, so Next.js neither buffers nor cuts the body); the page shows it. Its own module so the
 * page can show it without loading the ingest code.
 */
import { getEnv } from '@/lib/env';

export function uploadLimitBytes(): number {
  return Math.floor(getEnv().SUPPORT_TRENDS_UPLOAD_LIMIT_MB * 1024 * 1024);
}

/** "200 MB", "1.5 MB", "512 kB": a size as the limit message says it. */
export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    const mb = bytes / 1024 / 1024;
    return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  }
  return `${Math.max(1, Math.round(bytes / 1024))} kB`;
}
