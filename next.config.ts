import type { NextConfig } from 'next';
import { PROXIED_BODY_LIMIT_BYTES } from './lib/auth/paths';

const config: NextConfig = {
  // PGlite loads its WebAssembly and data files from its package folder at run time, and the
  // postgres driver uses Node sockets: both must stay plain Node modules, not bundled. esbuild
  // (a native binary) bundles the upload's parsing worker at run time (ingest/load/worker-script.ts).
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'natural', 'esbuild'],
  poweredByHeader: false,
  // Type checking is `npm run typecheck`, which CI runs on every change; here it only made a
  // newcomer's first dashboard wait ~25 s longer for a check of code they did not write.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  experimental: {
    // forbidden(): a page refused for its role answers 403 (app/(dashboard)/layout.tsx).
    authInterrupts: true,
    // What proxy.ts may hold in memory per request; it answers 413 above this instead of passing
    // on a cut body. Uploads do not pass the proxy (see its matcher) and stream to disk under
    // SUPPORT_TRENDS_UPLOAD_LIMIT_MB.
    proxyClientMaxBodySize: PROXIED_BODY_LIMIT_BYTES,
    // The build cache speeds up the next build of an edited app; a user builds the dashboard once,
    // and writing the cache took 30 s of a newcomer's first build on a 2-core machine.
    turbopackFileSystemCacheForBuild: false,
  },
};

export default config;
