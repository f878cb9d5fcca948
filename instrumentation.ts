/**
 * Next.js calls `register()` once when the server starts: it starts the scheduled pulls of
 * support-trends.config.json (ingest/connectors/server.ts) when the config has schedules.
 *
 * NEXT_RUNTIME is read from process.env directly, not through lib/env: Next.js replaces
 * `process.env.NEXT_RUNTIME` at build time, and that is what drops the Node-only import below
 * (node:fs, PGlite, postgres) from the Edge bundle. lib/env would hide it from the compiler.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startScheduledPulls } = await import('@/ingest/connectors/server');
    await startScheduledPulls();
  }
}
