/**
 * The parsing worker (prepare-worker.ts) as one JavaScript module, bundled with esbuild from the
 * TypeScript sources on first use in a process (~0.2–0.4 s) and handed to `new Worker` as a
 * `data:` URL. One way that works wherever ingest runs: the CLI (under tsx), the production web
 * server (`next start`, which has no TypeScript loader and must not bundle the worker into its
 * routes) and vitest — and the code is always the current sources, so there is no stale build to
 * manage. esbuild is a runtime dependency (tsx, used by the CLI, needs it as well).
 */
import path from 'node:path';
import { getEnv } from '@/lib/env';

let built: Promise<URL> | null = null;

/** The worker's module (built once per process; a failed build is retried next time). */
export function prepareWorkerScript(): Promise<URL> {
  built ??= bundle().catch((error: unknown) => {
    built = null;
    throw error;
  });
  return built;
}

async function bundle(): Promise<URL> {
  // A plain path, not new URL(…, import.meta.url): the web server's bundler would otherwise try
  // to bundle the worker into every route that can ingest a file.
  const root = getEnv().projectRoot;
  const esbuild = await import(/* webpackIgnore: true */ 'esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(/*turbopackIgnore: true*/ root, 'ingest', 'load', 'prepare-worker.ts')],
    tsconfig: path.join(/*turbopackIgnore: true*/ root, 'tsconfig.json'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    // A short name in stack traces instead of the whole data: URL.
    footer: { js: '//# sourceURL=support-trends/prepare-worker.mjs' },
  });
  const code = result.outputFiles[0].contents;
  return new URL(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}
