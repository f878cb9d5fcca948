#!/usr/bin/env node
// npm's postinstall: builds the dashboard (a production Next.js build) as part of installing,
// so a newcomer's first `npm run demo` waits only for the sample data and its analysis, and an
// `npm install` after an upgrade leaves a build of the new code. A failed build must not fail
// the install: `support-trends demo` and `serve` build it when they find none (and say so).
// SUPPORT_TRENDS_SKIP_BUILD=1 skips it (e.g. while adding a dependency during development).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const nextBin = fileURLToPath(new URL('../node_modules/next/dist/bin/next', import.meta.url));

if (process.env.SUPPORT_TRENDS_SKIP_BUILD === '1') {
  console.error('support-trends: dashboard build skipped (SUPPORT_TRENDS_SKIP_BUILD=1).');
} else if (!existsSync(nextBin)) {
  // Installed without its dependencies (--omit, a partial install): nothing to build with.
  console.error('support-trends: next is not installed; the dashboard will be built on first `serve`.');
} else {
  console.error('support-trends: building the dashboard (about a minute, once per install)…');
  const started = Date.now();
  const build = spawnSync(process.execPath, [nextBin, 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (build.status === 0) {
    console.error(`support-trends: dashboard built in ${Math.round((Date.now() - started) / 1000)} s.`);
  } else {
    console.error(`support-trends: the dashboard could not be built now (next build exit ${build.status}); \`support-trends serve\` will build it.\n${build.stderr ?? ''}`);
  }
}
