/**
 * The largest export the Imports page accepts (200 MB: a year of a large desk's export); bigger
 * files belong to the CLI, which streams from disk. Its own module so the page can show it
 * without loading the ingest code.
 */
export const UPLOAD_LIMIT_BYTES = 200 * 1024 * 1024;
