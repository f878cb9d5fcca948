#!/usr/bin/env node
// Entry point of `npx support-trends …`. Runs the CLI compiled ahead of time (cli-bundle.mjs:
// rebuilt whenever a source changed), or — when the cache cannot be written — the TypeScript
// sources through tsx, with the project's tsconfig for the @/ import alias.
import { fileURLToPath } from 'node:url';
import { buildBundle, currentBundle } from './cli-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// Tells the code where the installation is (migrations, the Next.js app) wherever it runs from.
process.env.SUPPORT_TRENDS_ROOT ??= root;

async function loadMain() {
  const bundle = currentBundle(root) ?? (await buildBundle(root).catch(() => null));
  if (bundle) {
    // Stack traces point at the TypeScript sources, not the bundle.
    process.setSourceMapsEnabled(true);
    return (await import(bundle.href)).main;
  }
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  return (await import('../cli/main.ts')).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
