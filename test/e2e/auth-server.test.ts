/**
 * Access control on a real production server (server.mjs, sign-in configured, a small demo
 * data set): users of each role made with the CLI sign in through better-auth's HTTP endpoint,
 * and the server — not the pages' links — decides what each may see.
 *
 * The contract for individual team data (/api/team, /api/team.csv):
 *   without ?individuals=1   team aggregates, for every signed-in role (viewer and up);
 *   with ?individuals=1      per-person rows for manager and admin; 403 for viewer and lead;
 *                            each granted request is in the audit log.
 *   no session               401 (API), redirect to /sign-in?next=… (pages).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { NO_AUTH_ENV } from '../auth/cli-helpers';
import { ensureProductionBuild, freePort, signIn, startServer, type RunningServer } from '../auth/server-helpers';
import { launchBrowser, parseCsv, recordConsoleErrors } from './helpers/browser';

const ROLES = ['viewer', 'lead', 'manager', 'admin'] as const;
type Role = (typeof ROLES)[number];
const password = (role: Role) => `${role} passphrase for the e2e test`;
const email = (role: Role) => `${role}@example.com`;

describe('sign-in and roles on a production server', () => {
  let dir: string;
  let env: Record<string, string>;
  let server: RunningServer | undefined;
  let url: string;
  const cookies = {} as Record<Role, string>;
  /** Team names from the aggregates, to check that a refused page shows none of the data. */
  let teamNames: string[] = [];

  /** GET with an optional session cookie, never following redirects. */
  const get = (pathAndQuery: string, cookie?: string, headers: Record<string, string> = {}) =>
    fetch(`${url}${pathAndQuery}`, { redirect: 'manual', headers: { ...(cookie ? { cookie } : {}), ...headers } });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'st-auth-e2e-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = {
      ...NO_AUTH_ENV,
      DATABASE_URL: '',
      SUPPORT_TRENDS_DATA_DIR: path.join(dir, 'data'),
      SUPPORT_TRENDS_AUTH_SECRET: 'e2e-secret-0123456789-abcdefghijklmnop',
      SUPPORT_TRENDS_BASE_URL: url,
      SUPPORT_TRENDS_SHOW_INDIVIDUALS: '',
    };
    await ensureProductionBuild();
    const demo = await runCli(['demo', '--no-serve', '--tickets', '2000', '--data-dir', env.SUPPORT_TRENDS_DATA_DIR], env, 240_000);
    expect(demo.code, demo.stderr).toBe(0);
    for (const role of ROLES) {
      const added = await runCli(['users', 'add', email(role), '--role', role, '--password-stdin'], env, 120_000, password(role));
      expect(added.code, added.stderr).toBe(0);
    }
    server = await startServer(port, env);
  }, 900_000);

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('turns away requests without a session: pages redirect to sign-in, the API answers 401', async () => {
    const page = await get('/team?from=2026-01-01');
    expect(page.status).toBe(307);
    expect(new URL(page.headers.get('location')!, url).pathname + new URL(page.headers.get('location')!, url).search).toBe(
      '/sign-in?next=%2Fteam%3Ffrom%3D2026-01-01',
    );
    for (const api of ['/api/team', '/api/team?individuals=1', '/api/team.csv?individuals=1', '/api/report']) {
      const response = await get(api);
      expect(response.status, api).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'Unauthenticated' } });
    }
    expect((await get('/sign-in')).status).toBe(200);
  });

  it('sends security headers: a nonce CSP without unsafe-eval that Next.js applies, no framing', async () => {
    const response = await get('/sign-in');
    const csp = response.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(response.headers.get('permissions-policy')).toContain('camera=()');
    expect(response.headers.get('strict-transport-security')).toBeNull(); // plain http base URL
    // Every script the page ships carries this response's nonce.
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // Another request, another nonce; API answers carry the headers too.
    expect((await get('/sign-in')).headers.get('content-security-policy')).not.toBe(csp);
    expect((await get('/api/team')).headers.get('x-frame-options')).toBe('DENY');
  });

  it('signs each role in through the HTTP endpoint, with HttpOnly SameSite=Lax cookies; refuses bad attempts', async () => {
    for (const role of ROLES) {
      const result = await signIn(url, email(role), password(role));
      expect(result.status, role).toBe(200);
      expect(result.setCookie).toMatch(/HttpOnly/);
      expect(result.setCookie).toMatch(/SameSite=Lax/);
      cookies[role] = result.cookie!;
    }
    expect((await signIn(url, email('manager'), 'not the right passphrase')).status).toBe(401);
    expect((await signIn(url, email('manager'), password('manager'), 'https://evil.example')).status).toBe(403);
    const signUp = await fetch(`${url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ email: 'eve@example.com', password: 'eve wants an account', name: 'Eve' }),
    });
    expect(signUp.status).toBe(400);
  });

  it('gives a viewer aggregates only: 403 for individual rows, as JSON and as CSV', async () => {
    const aggregates = await get('/api/team', cookies.viewer);
    expect(aggregates.status).toBe(200);
    const body = (await aggregates.json()) as { individuals: boolean; team: { teams: { team: string }[]; agents: unknown[] } };
    expect(body.individuals).toBe(false);
    expect(body.team.teams.length).toBeGreaterThan(0);
    teamNames = body.team.teams.map((t) => t.team);
    expect(body.team.agents).toEqual([]);

    for (const role of ['viewer', 'lead'] as const) {
      const json = await get('/api/team?individuals=1', cookies[role]);
      expect(json.status, role).toBe(403);
      expect(await json.json()).toMatchObject({ error: { code: 'Forbidden', message: expect.stringMatching(/manager role/) } });
      expect((await get('/api/team.csv?individuals=1', cookies[role])).status, role).toBe(403);
    }

    const csv = await get('/api/team.csv', cookies.viewer);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parseCsv(await csv.text());
    expect(rows[0][0]).toBe('kind');
    expect(rows.slice(1).filter((r) => r.length > 1).every((r) => r[0] === 'team')).toBe(true);
  });

  it('gives a manager the individual rows', async () => {
    const json = await get('/api/team?individuals=1', cookies.manager);
    expect(json.status).toBe(200);
    expect(json.headers.get('cache-control')).toBe('no-store');
    const body = (await json.json()) as { individuals: boolean; team: { agents: { agent: string }[] } };
    expect(body.individuals).toBe(true);
    expect(body.team.agents.length).toBeGreaterThan(0);

    const csv = await get('/api/team.csv?individuals=1', cookies.manager);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/team-load-individuals\.csv/);
    const agentRows = parseCsv(await csv.text()).filter((r) => r[0] === 'agent');
    expect(agentRows.length).toBe(body.team.agents.length);
    expect(agentRows.map((r) => r[2]).sort()).toEqual(body.team.agents.map((a) => a.agent).sort());
  });

  it('enforces roles on pages: a viewer reads the overview but not the admin-only imports', async () => {
    const overview = await get('/', cookies.viewer);
    expect(overview.status).toBe(200);
    expect(await overview.text()).toContain('Overview');
    const refused = await get('/imports', cookies.viewer);
    expect(refused.status).toBe(403);
    const imports = await refused.text();
    expect(imports).toMatch(/needs the admin role; you are signed in as viewer/);
    expect(imports).not.toMatch(/<table/);
    const asAdmin = await (await get('/imports', cookies.admin)).text();
    expect(asAdmin).not.toMatch(/needs the admin role/);
    expect(asAdmin).toContain('Imports');
  });

  it('checks the session itself, not just the cookie: forged or ended sessions get nothing', async () => {
    const forged = 'support-trends.session_token=forged.c2lnbmF0dXJl';
    expect((await get('/api/team', forged)).status).toBe(401);
    const refused = await get('/team', forged);
    // Refused before anything streams: a redirect in the status, and none of the team data.
    expect(refused.status).toBe(307);
    expect(new URL(refused.headers.get('location')!, url).search).toBe('?next=%2Fteam');
    const page = await refused.text();
    expect(teamNames.length).toBeGreaterThan(0);
    for (const team of teamNames) expect(page).not.toContain(team);

    const session = await signIn(url, email('lead'), password('lead'));
    expect((await get('/api/team', session.cookie!)).status).toBe(200);
    const out = await fetch(`${url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { cookie: session.cookie!, origin: url, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(out.status).toBe(200);
    expect((await get('/api/team', session.cookie!)).status).toBe(401);
  });

  it('refuses cross-site changes to API routes, even from a signed-in admin', async () => {
    const response = await fetch(`${url}/api/imports`, {
      method: 'POST',
      headers: { cookie: cookies.admin, origin: 'https://evil.example', 'x-file-name': 'tickets.csv', 'content-type': 'text/csv' },
      body: 'id,subject\n1,hello\n',
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'Forbidden', message: expect.stringMatching(/another site/) } });
  });

  it('works in a real browser under the CSP: sign-in form, charts and navigation, no violations', { timeout: 120_000 }, async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors = recordConsoleErrors(page);
      const violations: string[] = [];
      await page.exposeFunction('reportCspViolation', (v: string) => violations.push(v));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(`${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      await page.goto(`${url}/team`);
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      await page.fill('#email', email('manager'));
      await page.fill('#password', password('manager'));
      await Promise.all([page.waitForURL(`${url}/team`), page.click('button[type=submit]')]);
      await page.goto(`${url}/`, { waitUntil: 'load' });
      const chart = page.locator('svg.recharts-surface').first();
      await chart.waitFor({ timeout: 15_000 });
      expect((await chart.boundingBox())?.width ?? 0).toBeGreaterThan(100);
      await page.click('nav a[href="/topics"]');
      await page.waitForURL(`${url}/topics`);
      expect(violations).toEqual([]);
      // Links to pages that do not exist yet may 404; nothing else may fail.
      expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    } finally {
      await browser?.close();
    }
  });

  it('records who viewed and exported individual team data, and the sign-ins (read after the server stops)', async () => {
    await server!.stop();
    const log = await runCli(['users', 'audit', '--limit', '200', '--json'], env);
    expect(log.code, log.stderr).toBe(0);
    const events = JSON.parse(log.stdout) as { actor: string; role: string | null; action: string; target: string | null; detail: Record<string, unknown> }[];
    const individual = events.filter((e) => e.action.startsWith('team.'));
    // Only the manager ever got individual rows (the browser test's Team page view may add one).
    expect(new Set(individual.map((e) => e.actor))).toEqual(new Set(['manager@example.com']));
    // Exactly the two granted API requests; the viewer's and lead's refused ones left no row.
    const viaApi = individual.filter((e) => e.detail.via === 'api');
    expect(viaApi.map((e) => [e.actor, e.role, e.action, e.detail.format])).toEqual([
      ['manager@example.com', 'manager', 'team.export_individuals', 'csv'],
      ['manager@example.com', 'manager', 'team.view_individuals', 'json'],
    ]);
    expect(viaApi[1].detail.agents).toBeGreaterThan(0);
    const signIns = events.filter((e) => e.action === 'auth.sign_in').map((e) => e.actor);
    for (const role of ROLES) expect(signIns).toContain(email(role));
    expect(events.some((e) => e.action === 'auth.sign_in_failed' && e.target === email('manager'))).toBe(true);
    expect(events.some((e) => e.action === 'auth.sign_out' && e.actor === email('lead'))).toBe(true);
  });
});
