import type { NextConfig } from 'next';

const config: NextConfig = {
  // PGlite loads its WebAssembly and data files from its package folder at run time, and the
  // postgres driver uses Node sockets: both must stay plain Node modules, not bundled. esbuild
  // (a native binary) bundles the upload's parsing worker at run time (ingest/load/worker-script.ts).
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'natural', 'esbuild'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
