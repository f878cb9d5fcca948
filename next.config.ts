import type { NextConfig } from 'next';

const config: NextConfig = {
  // PGlite loads its WebAssembly and data files from its package folder at run time, and the
  // postgres driver uses Node sockets: both must stay plain Node modules, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'natural'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
