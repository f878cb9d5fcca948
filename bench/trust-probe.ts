/**
 * Re-runs the attempts of issue 20 ("one request must not take the dashboard down, and no upload is
 * silently cut") against a production server with sign-in on and one user per role, and prints a
 * table of what each answered: status, time, size, and what it means.
 *
 *   npx tsx bench/trust-probe.ts --data-dir <a demo data dir> [--label after] [--start server|next]
 *
 * The data directory (e.g. from `support-trends demo --no-serve --data-dir /tmp/demo`) is copied
 * first, so runs start from the same data. `--start next` runs plain `next start` (how the server
 * was started before issue 20); `--start server` runs server.mjs, what `support-trends serve` runs.
 * Writes bench/results/trust-probe-<label>.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCli, PROJECT_ROOT } from '../test/helpers/cli';
import { freePort } from '../test/helpers/net';
import { NEXT_BIN } from '../test/helpers/next-build';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    label: { type: 'string', default: 'after' },
    start: { type: 'string', default: 'server' },
    'timeout-seconds': { type: 'string', default: '90' },
  },
});
if (!values['data-dir'] || !existsSync(values['data-dir'])) throw new Error('--data-dir <demo data directory> is required');
const TIMEOUT_MS = Number(values['timeout-seconds']) * 1000;
const ROLES = ['viewer', 'lead', 'manager', 'admin'] as const;
type Role = (typeof ROLES)[number];
const email = (role: Role) => `${role}@example.com`;
const password = (role: Role) => `${role} passphrase for the probe`;

interface Attempt {
  attempt: string;
  status: string;
  ms: number | null;
  bytes: number | null;
  result: string;
}
const attempts: Attempt[] = [];
const record = (a: Attempt) => {
  attempts.push(a);
  console.error(`${a.attempt} → ${a.status} in ${a.ms ?? '—'} ms, ${a.bytes ?? '—'} B: ${a.result}`);
};

interface Server {
  url: string;
  child: ChildProcess;
  output: () => string;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = values.start === 'next' ? [NEXT_BIN, 'start', '--port', String(port), '--hostname', '127.0.0.1'] : [path.join(PROJECT_ROOT, 'server.mjs'), '--port', String(port), '--hostname', '127.0.0.1'];
  const child = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', SUPPORT_TRENDS_ROOT: PROJECT_ROOT, ...env, SUPPORT_TRENDS_BASE_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  for (const deadline = Date.now() + 90_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
    try {
      if ((await fetch(`${url}/sign-in`)).status === 200) return { url, child, output: () => output };
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start:\n${output}`);
}

/** Resident and peak memory of a process, MB (Linux /proc). */
function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

async function timed(url: string, init: RequestInit = {}): Promise<{ status: string; ms: number; bytes: number | null; body: string; headers: Headers | null }> {
  const started = performance.now();
  try {
    const response = await fetch(url, { redirect: 'manual', ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    const buffer = Buffer.from(await response.arrayBuffer());
    return { status: String(response.status), ms: Math.round(performance.now() - started), bytes: buffer.length, body: buffer.toString('utf8'), headers: response.headers };
  } catch (error) {
    const name = (error as Error).name;
    return { status: name === 'TimeoutError' ? `no answer in ${TIMEOUT_MS / 1000} s` : `error (${(error as Error).message})`, ms: Math.round(performance.now() - started), bytes: null, body: '', headers: null };
  }
}

/** A request through node:http: fetch refuses to send TRACE. */
function rawRequest(url: string, method: string, headers: Record<string, string>): Promise<{ status: string; ms: number; bytes: number | null; body: string; headers: Record<string, string | string[] | undefined> }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = httpRequest(url, { method, headers, timeout: TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: String(res.statusCode), ms: Math.round(performance.now() - started), bytes: body.length, body: body.toString('utf8'), headers: res.headers });
      });
    });
    req.on('error', (error) => resolve({ status: `error (${error.message})`, ms: Math.round(performance.now() - started), bytes: null, body: '', headers: {} }));
    req.end();
  });
}

/** What a page says: its notice about the dates, its problem, else its first heading. */
function pageSays(html: string): string {
  const text = (m: RegExpExecArray | null) => m?.[1].replace(/<[^<>]*>/g, '').replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').trim();
  return (
    text(/<p class="notice" role="status"[^>]*>([\s\S]*?)<\/p>/.exec(html)) ??
    text(/<section class="panel problem"[^>]*>[\s\S]*?<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)) ??
    text(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)) ??
    ''
  ).slice(0, 140);
}

async function signIn(url: string, role: Role, headers: Record<string, string> = {}, pass = password(role), who = email(role)): Promise<{ status: number; cookie: string }> {
  const response = await fetch(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, ...headers },
    body: JSON.stringify({ email: who, password: pass }),
  });
  const set = response.headers.getSetCookie().find((c) => c.includes('session_token=')) ?? '';
  await response.arrayBuffer();
  return { status: response.status, cookie: set.split(';')[0] };
}

/** `rows` valid CSV tickets; with `bigField`, one row carries a description of that many bytes. */
function ticketsCsv(rows: number, options: { prefix: string; padTo?: number; bigField?: number; organization?: (i: number) => string; assignee?: (i: number) => string }): Buffer {
  const lines = ['id,created_at,subject,description,organization,assignee,status,priority'];
  const pad = options.padTo ? 'x'.repeat(Math.max(0, options.padTo - 120)) : '';
  for (let i = 1; i <= rows; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const description = options.bigField && i === 1 ? 'y'.repeat(options.bigField) : `Row ${i} ${pad}`;
    lines.push(`${options.prefix}-${i},2025-01-${day}T10:00:00Z,Cannot log in ${i},${description},${options.organization?.(i) ?? 'Acme'},${options.assignee?.(i) ?? 'Priya Raman'},open,normal`);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'st-trust-probe-'));
  const dataDir = path.join(work, 'data');
  cpSync(values['data-dir']!, dataDir, { recursive: true });
  rmSync(path.join(dataDir, 'lock'), { force: true });
  const env: Record<string, string> = {
    DATABASE_URL: '',
    SUPPORT_TRENDS_DATA_DIR: dataDir,
    SUPPORT_TRENDS_AUTH_SECRET: 'probe-secret-0123456789-abcdefghijklmnop',
    SUPPORT_TRENDS_SHOW_INDIVIDUALS: '',
    SUPPORT_TRENDS_OIDC_ISSUER: '',
    SUPPORT_TRENDS_OIDC_CLIENT_ID: '',
    SUPPORT_TRENDS_OIDC_CLIENT_SECRET: '',
  };
  for (const role of ROLES) {
    const added = await runCli(['users', 'add', email(role), '--role', role, '--password-stdin'], { ...env, SUPPORT_TRENDS_BASE_URL: 'http://127.0.0.1' }, 120_000, password(role));
    if (added.code !== 0 && !/already/.test(added.stderr)) throw new Error(added.stderr);
  }

  let server = await startServer(env);
  const { url } = server;
  const cookie = {} as Record<Role, string>;
  for (const role of ROLES) cookie[role] = (await signIn(url, role)).cookie;
  const report = JSON.parse((await timed(`${url}/api/report`, { headers: { cookie: cookie.viewer } })).body) as { topics: { id: string }[]; range: { from: string; to: string } };
  const topic = report.topics[0]?.id ?? 't1';
  const as = (role: Role, extra: Record<string, string> = {}) => ({ headers: { cookie: cookie[role], ...extra } });

  // Hole 1: wide ranges, each alone.
  const heavy: [string, string, Role][] = [
    ['GET /?from=0001-01-01&to=9999-12-30 (viewer)', '/?from=0001-01-01&to=9999-12-30', 'viewer'],
    [`GET /topics/${topic}?from=0001-01-01&to=9999-12-30&granularity=day (viewer)`, `/topics/${topic}?from=0001-01-01&to=9999-12-30&granularity=day`, 'viewer'],
    ['GET /standup?since=0001-01-01 (lead)', '/standup?since=0001-01-01', 'lead'],
    ['GET /releases?from=0001-01-01&to=9999-12-30 (viewer)', '/releases?from=0001-01-01&to=9999-12-30', 'viewer'],
    ['GET /tickets?from=0001-01-01&to=9999-12-31 (lead)', '/tickets?from=0001-01-01&to=9999-12-31', 'lead'],
  ];
  for (const [name, pathAndQuery, role] of heavy) {
    const r = await timed(`${url}${pathAndQuery}`, as(role));
    const said = r.bytes ? pageSays(r.body) : '';
    record({ attempt: name, status: r.status, ms: r.ms, bytes: r.bytes, result: [said ? `page says "${said}"` : null, `server RSS ${memoryMb(server.child.pid!).rss} MB`].filter(Boolean).join('; ') });
  }

  // Hole 1: all at once, while a second client polls /sign-in.
  {
    const memoryBefore = memoryMb(server.child.pid!);
    const polls: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const r = await timed(`${url}/sign-in`);
        polls.push(r.ms);
        await new Promise((res) => setTimeout(res, 200));
      }
    })();
    const started = performance.now();
    const results = await Promise.all(heavy.map(([, p, role]) => timed(`${url}${p}`, as(role))));
    polling = false;
    await poller;
    polls.sort((a, b) => a - b);
    const p95 = polls[Math.min(polls.length - 1, Math.ceil(0.95 * polls.length) - 1)];
    record({
      attempt: 'the five wide-range pages at once, a second client polling /sign-in',
      status: results.map((r) => r.status).join(' '),
      ms: Math.round(performance.now() - started),
      bytes: results.reduce((s, r) => s + (r.bytes ?? 0), 0),
      result: `/sign-in p95 ${p95} ms, max ${polls.at(-1)} ms over ${polls.length} polls; server RSS ${memoryBefore.rss} → ${memoryMb(server.child.pid!).rss} MB (peak ${memoryMb(server.child.pid!).peak} MB)`,
    });
  }

  // Hole 1: SIGTERM under load.
  {
    const inFlight = heavy.map(([, p, role]) => timed(`${url}${p}`, as(role)));
    await new Promise((r) => setTimeout(r, 1500));
    const started = performance.now();
    const exited = new Promise<number>((resolve) => server.child.once('exit', () => resolve(Math.round(performance.now() - started))));
    server.child.kill('SIGTERM');
    const ms = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 30_000))]);
    if (ms === null) server.child.kill('SIGKILL');
    await Promise.allSettled(inFlight);
    record({ attempt: 'SIGTERM while the five wide-range pages are loading', status: ms === null ? 'still running after 30 s (killed)' : 'exited', ms, bytes: null, result: ms === null ? 'SIGTERM ignored' : `stopped ${(ms / 1000).toFixed(1)} s after SIGTERM` });
  }
  server = await startServer(env);
  for (const role of ROLES) cookie[role] = (await signIn(server.url, role)).cookie;
  const base = server.url;
  const upload = (body: Buffer, name: string, extra: Record<string, string> = {}) =>
    timed(`${base}/api/imports`, { method: 'POST', body: new Uint8Array(body), headers: { cookie: cookie.admin, origin: base, 'x-file-name': encodeURIComponent(name), 'content-type': 'text/csv', ...extra } });
  const summary = (body: string) => {
    try {
      const json = JSON.parse(body) as { ingest?: { rowsRead: number; rejected: number; inserted: number }; error?: { message: string } };
      return json.ingest ? `rowsRead ${json.ingest.rowsRead}, inserted ${json.ingest.inserted}, rejected ${json.ingest.rejected}` : (json.error?.message ?? body.slice(0, 160));
    } catch {
      return body.slice(0, 160);
    }
  };

  // Hole 2: uploads over 10 MB.
  {
    const csv = ticketsCsv(40_000, { prefix: 'BIG', padTo: 330 });
    const r = await upload(csv, 'big-40000.csv');
    record({ attempt: `POST /api/imports, ${(csv.length / 1e6).toFixed(1)} MB CSV of 40,000 valid rows`, status: r.status, ms: r.ms, bytes: csv.length, result: summary(r.body) });
    const oneField = ticketsCsv(3, { prefix: 'HUGE', bigField: 20_000_000 });
    const r2 = await upload(oneField, 'one-large-field.csv');
    record({ attempt: `POST /api/imports, ${(oneField.length / 1e6).toFixed(1)} MB CSV with one 20 MB field`, status: r2.status, ms: r2.ms, bytes: oneField.length, result: summary(r2.body) });
  }

  // Defect: PII in organization and assignee.
  {
    const csv = ticketsCsv(3, { prefix: 'PII', organization: (i) => `jane.doe${i}@example.com`, assignee: (i) => `bob.agent${i}@example.com` });
    const r = await upload(csv, 'pii.csv');
    const overview = await timed(`${base}/`, as('viewer'));
    const tickets = await timed(`${base}/tickets?q=PII-1`, as('manager'));
    const seen = [...new Set([...(overview.body + tickets.body).matchAll(/(jane\.doe\d@example\.com|bob\.agent\d@example\.com)/g)].map((m) => m[1]))];
    record({ attempt: 'organization and assignee holding e-mail addresses (upload, then / as viewer, /tickets as manager)', status: `${r.status} / ${overview.status} / ${tickets.status}`, ms: null, bytes: null, result: seen.length ? `addresses shown: ${seen.join(', ')}` : 'no address shown' });
  }

  // Defects: 500s for bad input.
  {
    const r = await upload(Buffer.from('id,subject\n1,x\n'), 'x', { 'x-file-name': '%E0%A4%A' });
    record({ attempt: 'POST /api/imports with X-File-Name: %E0%A4%A', status: r.status, ms: r.ms, bytes: r.bytes, result: summary(r.body) });
    for (const p of ['/api/report?to=9999-12-31', '/api/tickets.csv?to=9999-12-31', '/tickets?from=0001-01-01&to=9999-12-31', '/?to=9999-12-31', '/releases/%E0%A4%A', '/imports/99999999999']) {
      const res = await timed(`${base}${p}`, as('admin'));
      const json = /^\s*\{/.test(res.body) ? /"message":"([^"]+)"/.exec(res.body)?.[1] : undefined;
      const said = json ?? (p.includes('.csv') && res.status === '200' ? `${res.body.trim().split('\n').length - 1} rows` : p.startsWith('/api/report') && res.status === '200' ? `range ${/"range":\{"from":"([^"]+)","to":"([^"]+)"/.exec(res.body)?.slice(1).join(' – ')}` : pageSays(res.body) || res.body.slice(0, 100));
      record({ attempt: `GET ${p} (admin)`, status: res.status, ms: res.ms, bytes: res.bytes, result: said });
    }
    for (const p of ['/', '/api/report', '/sign-in']) {
      const res = await rawRequest(`${base}${p}`, 'TRACE', { cookie: cookie.admin });
      record({ attempt: `TRACE ${p}`, status: res.status, ms: res.ms, bytes: res.bytes, result: `security headers ${res.headers['x-content-type-options'] ? 'present' : 'missing'}; ${res.body.slice(0, 100)}` });
    }
  }

  // Defects: status codes.
  {
    for (const p of ['/standup', '/tickets', '/imports']) {
      const res = await timed(`${base}${p}`, as('viewer'));
      record({ attempt: `GET ${p} as viewer`, status: res.status, ms: res.ms, bytes: res.bytes, result: /do not have access/.test(res.body) ? 'page says "You do not have access"' : res.body.slice(0, 80) });
    }
    const forged = 'support-trends.session_token=forged.c2lnbmF0dXJl';
    for (const p of ['/', '/team']) {
      const res = await timed(`${base}${p}`, { headers: { cookie: forged } });
      record({ attempt: `GET ${p} with a forged session cookie`, status: res.status, ms: res.ms, bytes: res.bytes, result: res.headers?.get('location') ? `→ ${res.headers.get('location')}` : /sign-in/.test(res.body) ? 'redirect inside a 200 page' : res.body.slice(0, 80) });
    }
    for (const method of ['PUT', 'DELETE']) {
      const res = await timed(`${base}/`, { method, headers: { cookie: cookie.viewer, origin: base } });
      record({ attempt: `${method} / (viewer)`, status: res.status, ms: res.ms, bytes: res.bytes, result: res.headers?.get('allow') ? `Allow: ${res.headers.get('allow')}` : /<nav/.test(res.body) ? 'the overview with its menu' : res.body.slice(0, 80) });
    }
  }

  // Defect: small-team averages to viewers.
  {
    const res = await timed(`${base}/api/team`, as('viewer'));
    const teams = (JSON.parse(res.body) as { team: { teams: { team: string; size: number; load_per_agent_median: number | null; after_hours_share: number | null }[] } }).team?.teams ?? [];
    const small = teams.filter((t) => t.size < 5);
    record({
      attempt: 'GET /api/team as viewer',
      status: res.status,
      ms: res.ms,
      bytes: res.bytes,
      result: small.length ? small.map((t) => `${t.team} (${t.size} people): per-agent median ${t.load_per_agent_median ?? 'withheld'}, after-hours ${t.after_hours_share ?? 'withheld'}`).join('; ') : `no team under 5 (${teams.map((t) => t.size).join(', ')})`,
    });
  }

  // Defect: X-Forwarded-For decides the throttle's address.
  {
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await signIn(base, 'viewer', { 'x-forwarded-for': `203.0.113.${i + 1}` }, 'wrong password guess', `nobody${i}@example.com`)).status);
    const limited = statuses.filter((s) => s === 429).length;
    record({ attempt: '15 wrong sign-ins from one client, each with another X-Forwarded-For', status: statuses.join(' '), ms: null, bytes: null, result: limited ? `${limited} throttled (the forged header did not help)` : 'none throttled: the per-address limit was bypassed' });
  }
  await stop(server);

  // Server-action CSRF: rename a topic from another origin with a lead's session.
  {
    server = await startServer(env);
    const lead = (await signIn(server.url, 'lead')).cookie;
    const pageHtml = (await timed(`${server.url}/topics/${topic}`, { headers: { cookie: lead } })).body;
    // The rename form's hidden fields, as the page renders them (the action's id and state).
    const decode = (v: string) => v.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const renameForm = [...pageHtml.matchAll(/<form\b[^>]*method="POST"[^>]*>([\s\S]*?)<\/form>/g)].map((m) => m[1]).find((f) => f.includes('name="kind" value="rename"')) ?? '';
    const fields = [...renameForm.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)].map((m) => [m[1], decode(m[2] ?? '')] as const);
    const actionId = fields.length > 0;
    const form = new FormData();
    for (const [name, value] of fields) form.append(name, value);
    form.append('label', 'Renamed from evil.example');
    const res = await timed(`${server.url}/topics/${topic}`, { method: 'POST', body: form, headers: { cookie: lead, origin: 'https://evil.example' } });
    const after = await timed(`${server.url}/api/report`, { headers: { cookie: lead } });
    const renamed = after.body.includes('Renamed from evil.example');
    record({ attempt: `server action "rename topic" from https://evil.example with a lead's session${actionId ? '' : ' (no action id found)'}`, status: res.status, ms: res.ms, bytes: res.bytes, result: renamed ? 'the topic WAS renamed' : 'not renamed' });
    await stop(server);
  }

  // Defect: a known user locked out by someone else's wrong passwords. A reverse proxy on this
  // machine forwards both (X-Forwarded-For), so each is seen with their own address.
  {
    server = await startServer({ ...env, SUPPORT_TRENDS_TRUSTED_PROXIES: '127.0.0.1' });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await signIn(server.url, 'lead', { 'x-forwarded-for': '198.51.100.7' }, 'attacker guess')).status);
    const real = await signIn(server.url, 'lead', { 'x-forwarded-for': '192.0.2.44' });
    record({ attempt: '12 wrong passwords for lead@ from one address, then lead signs in from another', status: `${statuses.join(' ')} → ${real.status}`, ms: null, bytes: null, result: real.status === 200 ? 'the real user signs in' : 'the real user is locked out' });
    await stop(server);
  }

  const table = ['| Attempt | Status | Time | Size | Result |', '| --- | --- | ---: | ---: | --- |'];
  for (const a of attempts) table.push(`| ${a.attempt} | ${a.status} | ${a.ms === null ? '—' : `${a.ms.toLocaleString('en-US')} ms`} | ${a.bytes === null ? '—' : a.bytes.toLocaleString('en-US')} | ${a.result.replace(/\|/g, '\\|')} |`);
  console.log(table.join('\n'));
  const out = path.join(import.meta.dirname, 'results', `trust-probe-${values.label}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), label: values.label, start: values.start, attempts }, null, 2)}\n`);
  rmSync(work, { recursive: true, force: true });
}

async function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise<void>((r) => server.child.once('exit', () => r()));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

await main();
