/**
 * A scheduled pull from `serve`, end to end: the production server reads
 * support-trends.config.json at start, its scheduler pulls the sources due (a Zendesk fake on
 * loopback), the analysis runs, and the Imports page shows each source's last pull, its outcome,
 * the next pull, and a failing source's error.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeServer } from '../connectors/fake-server';
import { zendeskFake, zendeskTicket, type ZendeskFakeData } from '../connectors/fakes/zendesk';
import { ensureProductionBuild, startDashboard, type DashboardServer } from './helpers/browser';

const TOKEN = 'zd-e2e-token-0123456789';
const EMAIL = 'bot@acme.test';

describe('scheduled pulls in serve', () => {
  let dir: string;
  let fake: FakeServer;
  let server: DashboardServer | undefined;
  const data: ZendeskFakeData = {
    stream: Array.from({ length: 30 }, (_, i) => zendeskTicket(i + 1, `2026-03-02T${String(8 + Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}:00Z`)),
    users: [{ id: 1, name: 'Ana Agent', role: 'agent' }],
    organizations: [{ id: 500, name: 'Acme Ltd' }],
    comments: new Map(Array.from({ length: 30 }, (_, i) => [String(i + 1), []])),
    pageSize: 10,
    commentsPageSize: 100,
    authorization: `Basic ${Buffer.from(`${EMAIL}/token:${TOKEN}`).toString('base64')}`,
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'st-scheduled-pull-'));
    fake = await FakeServer.start((request, origin) => zendeskFake(data)(request, origin));
    const config = path.join(dir, 'support-trends.config.json');
    const source = { kind: 'zendesk', baseUrl: fake.origin, email: EMAIL, schedule: { everyMinutes: 60 }, http: { maxRetries: 0, timeoutSeconds: 10 } };
    writeFileSync(
      config,
      JSON.stringify({
        sources: [
          { ...source, name: 'acme', token: { env: 'ST_E2E_ZD_TOKEN' } },
          { ...source, name: 'stale', token: { env: 'ST_E2E_ZD_STALE_TOKEN' } },
          // Not scheduled: the server never pulls it, the page does not list it.
          { ...source, name: 'manual', schedule: undefined, token: { env: 'ST_E2E_ZD_TOKEN' } },
        ],
      }),
    );
    await ensureProductionBuild();
    server = await startDashboard({
      SUPPORT_TRENDS_DATA_DIR: path.join(dir, 'data'),
      SUPPORT_TRENDS_CONFIG: config,
      ST_E2E_ZD_TOKEN: TOKEN,
      ST_E2E_ZD_STALE_TOKEN: 'zd-revoked-token-987654321',
    });
  }, 900_000);

  afterAll(async () => {
    await server?.stop();
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('pulls the sources due at start, and the Imports page shows the last pull, the next one and a failure', async () => {
    // The scheduler runs both sources as soon as the server starts (never pulled before, hourly).
    let html = '';
    const deadline = Date.now() + 120_000;
    for (;;) {
      html = await (await fetch(`${server!.url}/imports`)).text();
      if (/badge ok">succeeded/.test(html) && /badge bad">failed/.test(html)) break;
      if (Date.now() > deadline) throw new Error(`the scheduled pulls did not finish:\n${server!.output().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const unescape = (text: string) => text.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const row = (name: string) => {
      const m = new RegExp(`<tr><td>${name}</td>(.*?)</tr>`).exec(html);
      if (!m) throw new Error(`no row for ${name} on the Imports page`);
      return [...m[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1].replace(/<!--.*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()).map(unescape);
    };
    // Source | Kind | Status | Last pull | Last success | Next pull | Error
    const [kind, status, last, success, next, error] = row('acme');
    expect(kind).toBe('zendesk');
    expect(status).toMatch(/^succeeded run #\d+$/);
    expect(last).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    expect(success).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    // The next pull is an hour after the last one started.
    const minutes = (text: string) => Date.parse(text.replace(' UTC', ':00Z').replace(' ', 'T')) / 60_000;
    expect(minutes(next) - minutes(last)).toBeGreaterThanOrEqual(59);
    expect(minutes(next) - minutes(last)).toBeLessThanOrEqual(61);
    expect(error).toBe('');

    const stale = row('stale');
    expect(stale[1]).toBe('failed');
    expect(stale[4]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/); // still scheduled after failing
    expect(stale[5]).toContain('zendesk "stale": the API rejected the credentials (401');
    expect(stale[5]).toContain('ST_E2E_ZD_STALE_TOKEN');
    expect(html).not.toContain('zd-revoked-token-987654321');
    expect(html).not.toContain('<td>manual</td>');

    // What the pull stored is analysed and on the dashboard: the report counts the 30 tickets.
    const report = (await (await fetch(`${server!.url}/api/report`)).json()) as { totals: { tickets: number } };
    expect(report.totals.tickets).toBe(30);
    expect(server!.output()).toContain('[pull] zendesk "acme": 3 page(s), 30 new');
  });
});
