/**
 * Issue 20's availability figures on a real data set: a viewer fires the heaviest parameter
 * combinations at several pages at once while a second person polls /sign-in and /; reports the
 * second person's latencies (the issue asks p95 < 1 s), the server's memory, and how long it takes
 * to stop after SIGTERM with heavy requests still running (the issue asks < 5 s).
 *
 *   npx tsx bench/availability.ts --data-dir <demo data dir> [--seconds 30] [--concurrency 4] [--label 40k]
 *
 * The data directory (e.g. from `support-trends demo --no-serve --data-dir /tmp/demo`) is copied
 * first. The server is server.mjs with sign-in on. Writes bench/results/availability-<label>.json.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { signIn } from '../test/auth/server-helpers';
import { PROJECT_ROOT, runCli } from '../test/helpers/cli';
import { freePort } from '../test/helpers/net';
import { runAvailability } from '../test/e2e/helpers/availability';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    seconds: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '4' },
    label: { type: 'string', default: 'demo' },
  },
});
if (!values['data-dir'] || !existsSync(values['data-dir'])) throw new Error('--data-dir <demo data directory> is required');

const work = mkdtempSync(path.join(tmpdir(), 'st-availability-'));
const dataDir = path.join(work, 'data');
cpSync(values['data-dir'], dataDir, { recursive: true });
rmSync(path.join(dataDir, 'lock'), { force: true });
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const env: Record<string, string> = {
  DATABASE_URL: '',
  SUPPORT_TRENDS_DATA_DIR: dataDir,
  SUPPORT_TRENDS_AUTH_SECRET: 'availability-secret-0123456789-abcdefgh',
  SUPPORT_TRENDS_BASE_URL: url,
  SUPPORT_TRENDS_CONFIG: path.join(work, 'none.json'),
};
for (const role of ['viewer', 'lead'] as const) {
  const added = await runCli(['users', 'add', `${role}@example.com`, '--role', role, '--password-stdin'], env, 120_000, `${role} passphrase for the bench`);
  if (added.code !== 0) throw new Error(added.stderr);
}
const server = spawn(process.execPath, [path.join(PROJECT_ROOT, 'server.mjs'), '--port', String(port), '--hostname', '127.0.0.1'], {
  cwd: PROJECT_ROOT,
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', SUPPORT_TRENDS_ROOT: PROJECT_ROOT, ...env },
  stdio: ['ignore', 'ignore', 'inherit'],
});
for (const deadline = Date.now() + 90_000; ; ) {
  try {
    if ((await fetch(`${url}/sign-in`)).ok) break;
  } catch {
    // not yet
  }
  if (Date.now() > deadline) throw new Error('the server did not start');
  await new Promise((r) => setTimeout(r, 300));
}
const viewer = (await signIn(url, 'viewer@example.com', 'viewer passphrase for the bench')).cookie!;
const lead = (await signIn(url, 'lead@example.com', 'lead passphrase for the bench')).cookie!;
const report = (await (await fetch(`${url}/api/report`, { headers: { cookie: viewer } })).json()) as { topics: { id: string }[] };
// Warm up every page once, as a server that has been running would be.
for (const p of ['/', '/topics', `/topics/${report.topics[0].id}`, '/releases', '/team', '/intermittent', '/sign-in']) await (await fetch(`${url}${p}`, { headers: { cookie: viewer } })).arrayBuffer();

const result = await runAvailability({
  url,
  server,
  heavyCookie: viewer,
  pollCookie: lead,
  topic: report.topics[0].id,
  seconds: Number(values.seconds),
  concurrency: Number(values.concurrency),
});
const summary = { date: new Date().toISOString(), label: values.label, seconds: Number(values.seconds), concurrency: Number(values.concurrency), ...result };
const out = path.join(import.meta.dirname, 'results', `availability-${values.label}.json`);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
console.log(JSON.stringify(summary, null, 2));
rmSync(work, { recursive: true, force: true });
