/**
 * The dashboard in a real headless Chromium against a production build: every page at 1280 and
 * 1024 px (screenshots in test/artifacts/), drill-down from a chart bar into the tickets behind
 * it, filters kept in the URL (and the back button), CSV downloads equal to the tables, the
 * standup summary copied for chat, curation and upload through the forms, and no console errors.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../helpers/cli';
import { ensureProductionBuild, launchBrowser, parseCsv, recordConsoleErrors, startDashboard, type DashboardServer } from './helpers/browser';

const ARTIFACTS = path.join(PROJECT_ROOT, 'test', 'artifacts');
const WIDTHS = [1280, 1024] as const;

interface Report {
  range: { from: string; to: string };
  topics: { id: string; label: string; tickets: number }[];
  releases: { version: string }[];
  spikes: { date: string; topic_id: string | null }[];
  service: { tickets: number; reopen: { reopened: number } };
}

const shiftDay = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const numberIn = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));
const n = (x: number) => x.toLocaleString('en-US');

describe('dashboard in a browser', () => {
  let dataDir: string;
  let server: DashboardServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let report: Report;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'st-dashboard-e2e-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    const demo = await runCli(['demo', '--no-serve', '--tickets', '6000', '--data-dir', dataDir], {}, 240_000);
    expect(demo.code, demo.stderr).toBe(0);
    await ensureProductionBuild();
    server = await startDashboard({ SUPPORT_TRENDS_DATA_DIR: dataDir });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = await context.newPage();
    errors = recordConsoleErrors(page);
    report = (await (await fetch(`${server.url}/api/report`)).json()) as Report;
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const open = async (pathAndQuery: string) => {
    const response = await page.goto(`${server!.url}${pathAndQuery}`, { waitUntil: 'networkidle' });
    return response!;
  };

  it('serves the planning report as JSON, with a clear 400 for a bad date', async () => {
    expect(report.range.from <= report.range.to).toBe(true);
    expect(report.topics.length).toBeGreaterThan(5);
    const bad = await fetch(`${server!.url}/api/report?from=2026-02-30`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/not a calendar date/);
  });

  it('shows every page at 1280 and 1024 px without errors or sideways scrolling', async () => {
    const topic = report.topics[0].id;
    const pages: [string, string, boolean][] = [
      ['overview', '/', true],
      ['standup', '/standup', false],
      ['topics', '/topics', false],
      ['topic', `/topics/${topic}`, true],
      ['intermittent', '/intermittent', false],
      ['releases', '/releases', true],
      ['release', `/releases/${encodeURIComponent(report.releases.at(-1)?.version ?? '')}`, false],
      ['team', '/team', true],
      ['tickets', '/tickets', false],
      ['imports', '/imports', false],
    ];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, url, chart] of pages) {
        const response = await open(url);
        expect(response.status(), `${name} at ${width}`).toBe(200);
        await expect.poll(() => page.locator('h1').first().textContent()).toBeTruthy();
        expect(await page.locator('text=This page could not be shown').count(), name).toBe(0);
        if (chart) await page.locator('.recharts-surface').first().waitFor({ state: 'visible', timeout: 10_000 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${name} scrolls sideways at ${width}px`).toBeLessThanOrEqual(1);
        await page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${name}-${width}.png`), fullPage: true });
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 240_000);

  it('opens the tickets behind a bar of the volume chart', async () => {
    const to = report.range.to;
    const from = shiftDay(to, -13);
    await open(`/?from=${from}&to=${to}&granularity=day`);
    const bars = page.locator('[data-testid=volume-chart] .recharts-bar-rectangle');
    await bars.first().waitFor();
    expect(await bars.count()).toBe(14);
    await bars.nth(10).click();
    await page.waitForURL(/\/tickets\?/);
    const url = new URL(page.url());
    const day = shiftDay(from, 10);
    expect(url.searchParams.get('from')).toBe(day);
    expect(url.searchParams.get('to')).toBe(day);
    const shown = numberIn(await page.getByTestId('tickets-count').textContent());
    expect(shown).toBeGreaterThan(0);
    // The count (from the daily rollup) equals the tickets the CSV endpoint streams (from the tickets).
    const csv = parseCsv(await (await fetch(`${server!.url}/api/tickets.csv?from=${day}&to=${day}`)).text());
    expect(csv.length - 1).toBe(shown);
    // And equals the day's value in the overview's own numbers.
    await open(`/?from=${day}&to=${day}`);
    expect(numberIn(await page.getByTestId('stat-tickets').textContent())).toBe(shown);
  });

  it('keeps filters in the URL: a filter changes the numbers, the back button restores them', async () => {
    await open('/topics?level=topic');
    const summary = () => page.locator('#topics p.note').first().textContent();
    const all = numberIn((await summary())?.split(' tickets')[0] ?? '');
    await page.locator('select[name=priority]').selectOption('urgent');
    await page.waitForURL(/priority=urgent/);
    await expect.poll(async () => numberIn((await summary())?.split(' tickets')[0] ?? '')).toBeLessThan(all);
    const urgentInTopics = numberIn((await summary())?.split(' tickets')[0] ?? '');
    expect(urgentInTopics).toBeGreaterThan(0);
    // The same filter on the tickets list counts the same tickets (topics + unclustered).
    const unclusteredLink = page.locator('#topics p.note a', { hasText: 'unclustered' });
    const unclustered = (await unclusteredLink.count()) > 0 ? numberIn(await unclusteredLink.first().textContent()) : 0;
    await open('/tickets?priority=urgent');
    expect(numberIn(await page.getByTestId('tickets-count').textContent())).toBe(urgentInTopics + unclustered);
    await page.goBack({ waitUntil: 'networkidle' });
    expect(page.url()).toMatch(/priority=urgent/);
    await page.goBack({ waitUntil: 'networkidle' });
    expect(page.url()).not.toMatch(/priority=/);
    await expect.poll(async () => numberIn((await summary())?.split(' tickets')[0] ?? '')).toBe(all);
  });

  it('can be used without a mouse: one h1 per page, a name on every control, filters from the keyboard', async () => {
    for (const url of ['/', '/standup', '/topics', '/intermittent', '/releases', '/team', '/tickets', '/imports']) {
      await open(url);
      expect(await page.locator('h1').count(), url).toBe(1);
      const unnamed = await page.evaluate(() =>
        [...document.querySelectorAll('input, select, textarea, button')]
          .filter((element) => {
            const control = element as HTMLInputElement;
            if (control.type === 'hidden') return false;
            const labelled = (control.labels?.length ?? 0) > 0 || control.getAttribute('aria-label') || control.getAttribute('aria-labelledby');
            return !labelled && !(element.tagName === 'BUTTON' && element.textContent?.trim());
          })
          .map((element) => element.outerHTML.slice(0, 120)),
      );
      expect(unnamed, `controls without a name on ${url}`).toEqual([]);
    }
    // Tab from the top of the tickets page to the customer field, type, and submit with Enter.
    await open('/tickets');
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name === 'customer');
    }
    expect(reached, 'the customer filter is reachable with Tab').toBe(true);
    await page.keyboard.type('nobody@example.invalid');
    await page.keyboard.press('Enter');
    await page.waitForURL(/customer=nobody%40example\.invalid/);
    expect(numberIn(await page.getByTestId('tickets-count').textContent())).toBe(0);
  });

  it('downloads CSV files equal to the topics table: all filtered rows and the current page', async () => {
    await open('/topics?level=topic');
    // Hide a column: the CSV must follow what is shown.
    await page.locator('summary', { hasText: 'Columns' }).click();
    await page.locator('label', { hasText: 'First seen' }).locator('input').uncheck();
    await page.locator('summary', { hasText: 'Columns' }).click();
    const headers = (await page.locator('table[aria-label=Topics] thead th').allTextContents()).map((h) => h.trim());
    expect(headers).not.toContain('First seen');
    const tableLabels = (await page.locator('table[aria-label=Topics] tbody tr td:first-child a').allTextContents()).map((t) => t.trim());
    const tableTickets = (await page.locator('table[aria-label=Topics] tbody tr td:nth-child(3)').allTextContents()).map(numberIn);

    const [allDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-all').click()]);
    const all = parseCsv(readFileSync((await allDownload.path())!, 'utf8'));
    const total = numberIn(await page.getByTestId('csv-all').textContent());
    expect(all[0]).toEqual(['Topic', 'Theme', 'Tickets', 'Customers (all time)', 'Weekly tickets', 'Last seen']);
    expect(all.length - 1).toBe(total);
    expect(all.slice(1, 1 + tableLabels.length).map((r) => r[0])).toEqual(tableLabels);
    expect(all.slice(1, 1 + tableTickets.length).map((r) => Number(r[2]))).toEqual(tableTickets);

    const [pageDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-page').click()]);
    const onePage = parseCsv(readFileSync((await pageDownload.path())!, 'utf8'));
    expect(onePage.slice(1).map((r) => r[0])).toEqual(tableLabels);
  });

  it('opens the Themes view first, expands a theme onto its topics and follows one to its page (issue 15)', async () => {
    await open('/topics');
    const themes = page.locator('table[aria-label=Themes]');
    expect(await themes.locator('tbody tr').count()).toBeGreaterThan(3);
    expect(await page.getByTestId('level-theme').getAttribute('aria-current')).toBe('true');
    // The windows' columns name the analysis' pain-point window.
    const headers = (await themes.locator('thead th').allTextContents()).map((h) => h.trim());
    expect(headers).toEqual(expect.arrayContaining(['Theme', 'Topics', 'Tickets', 'Customers (all time)']));
    expect(headers.some((h) => /^Last \d+ days$/.test(h))).toBe(true);
    // The largest theme's tickets are its topics' tickets, as the topics level shows them.
    const firstRow = themes.locator('tbody tr').first();
    const themeTickets = numberIn(await firstRow.locator('td').nth(2).textContent());
    await firstRow.getByTestId('theme-expand').click();
    await page.waitForURL(/open=th\d+/);
    expect(await firstRow.getByTestId('theme-expand').getAttribute('aria-expanded')).toBe('true');
    const topicLinks = page.locator('ul.theme-topics').first().locator('a');
    const n = await topicLinks.count();
    expect(n).toBeGreaterThan(0);
    const shownTickets = (await page.locator('ul.theme-topics').first().locator('li').allTextContents()).map((t) => numberIn(/· ([\d,]+) tickets/.exec(t)?.[1] ?? '0'));
    expect(shownTickets.reduce((a, b) => a + b, 0)).toBe(themeTickets);
    // The open theme survives a reload (it is in the address).
    await page.reload({ waitUntil: 'networkidle' });
    expect(await page.locator('ul.theme-topics').count()).toBe(1);
    const topicLabel = (await page.locator('ul.theme-topics a').first().textContent())!.trim();
    await page.locator('ul.theme-topics a').first().click();
    await page.waitForURL(/\/topics\/t\d+/);
    expect(await page.locator('h1').textContent()).toContain(topicLabel);
    // One click down: the topics level.
    await open('/topics');
    await page.getByTestId('level-topic').click();
    await page.waitForURL(/level=topic/);
    await page.locator('table[aria-label=Topics]').waitFor();
  });

  it('searches topics by theme name, not only by label', async () => {
    await open('/topics?level=topic');
    const firstRow = page.locator('table[aria-label=Topics] tbody tr').first();
    const topicLabel = (await firstRow.locator('td').first().textContent())!.replace('✎', '').trim();
    const themeName = (await firstRow.locator('td:nth-child(2) a').textContent())!.trim();
    await page.locator('.table-controls input[type=search]').fill(themeName);
    await expect.poll(() => page.getByTestId('rows-status').textContent()).toMatch(/^\d+ of \d+ rows match/);
    const labels = (await page.locator('table[aria-label=Topics] tbody tr td:first-child').allTextContents()).map((t) => t.replace('✎', '').trim());
    expect(labels).toContain(topicLabel);
    const themesShown = (await page.locator('table[aria-label=Topics] tbody tr td:nth-child(2)').allTextContents()).map((t) => t.trim());
    expect(themesShown.filter((t) => t === themeName).length).toBeGreaterThan(0);
    await page.waitForURL(/q=/);
  });

  it('shows pain points by theme on the overview, with their evidence, and by topic one click down', async () => {
    await open('/');
    const pains = page.locator('table[aria-label="Top pain points by theme"]');
    const rows = pains.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(2);
    const first = rows.first();
    expect(await first.locator('a[href^="/topics/theme/"]').count()).toBe(1);
    // The evidence: the counts of both windows (or the ratio) and the test's p and q.
    expect(await first.textContent()).toMatch(/steady \(\d+ vs \d+\)|×|from none before/);
    expect(await first.getByTestId('pain-evidence').textContent()).toMatch(/^p [<=] [\d.]+, q [<=] [\d.]+; reach \d+/);
    await page.getByTestId('level-topic').click();
    await page.waitForURL(/level=topic/);
    expect(await page.locator('#pain-points a[href^="/topics/t"]').count()).toBeGreaterThan(2);
  });

  it('downloads every matching ticket with the visible columns', async () => {
    const topic = report.topics[1].id;
    await open(`/tickets?topic=${topic}`);
    const count = numberIn(await page.getByTestId('tickets-count').textContent());
    const firstIds = (await page.locator('table[aria-label=Tickets] tbody tr td:first-child').allTextContents()).map(numberIn);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-all').click()]);
    const rows = parseCsv(readFileSync((await download.path())!, 'utf8'));
    expect(rows.length - 1).toBe(count);
    expect(rows.slice(1, 1 + firstIds.length).map((r) => Number(r[0]))).toEqual(firstIds);
    expect(rows[0]).not.toContain('Agent'); // individuals are off by default
    // The next page continues where this one stopped.
    if (count > 50) {
      await page.getByTestId('next-page').click();
      await page.waitForURL(/after=/);
      const nextIds = (await page.locator('table[aria-label=Tickets] tbody tr td:first-child').allTextContents()).map(numberIn);
      expect(nextIds).toEqual(rows.slice(51, 51 + nextIds.length).map((r) => Number(r[0])));
    }
  });

  it('copies the standup summary as Markdown', async () => {
    await open('/standup');
    await page.getByTestId('copy-markdown').click();
    await expect.poll(() => page.locator('#copy-status').textContent()).toMatch(/^Copied/);
    expect(await page.getByTestId('copy-markdown').textContent()).toBe('✓ Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const shown = await page.getByTestId('standup-markdown').textContent();
    expect(copied).toBe(shown);
    expect(copied).toMatch(/^\*\*Support standup — since /);
  });

  it('says what is wrong with a bad address instead of failing', async () => {
    await open('/tickets?from=2026-02-30&priority=asap');
    expect(await page.locator('.notice.warn').textContent()).toMatch(/not a calendar date.*Priority "asap"/s);
    const before = errors.length;
    const missing = await open('/topics/t999999');
    expect(missing.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toMatch(/not found/i);
    // The browser logs the 404 we asked for; that one is not a defect.
    const logged = errors.splice(before);
    expect(logged.every((e) => /t999999: Failed to load resource: .*404/.test(e))).toBe(true);
  });

  it('renames a topic from its page, and the name sticks', async () => {
    const topic = report.topics[2].id;
    await open(`/topics/${topic}`);
    const input = page.locator('input[name=label]').first();
    await input.fill('Renamed in the browser test');
    await page.locator('button', { hasText: 'Rename' }).click();
    await expect.poll(() => page.locator('p[role=status]').first().textContent()).toMatch(/Renamed to “Renamed in the browser test”/);
    await open(`/topics/${topic}`);
    expect(await page.locator('h1').textContent()).toMatch(/Renamed in the browser test/);
    expect(await page.locator('#history').textContent()).toMatch(/local operator renamed/);
  });

  it('renames a theme from its page through the curation API, and the Themes view shows the name', async () => {
    await open('/topics');
    const href = (await page.locator('table[aria-label=Themes] tbody tr a[href^="/topics/theme/"]').first().getAttribute('href'))!;
    await open(href.split('?')[0]);
    expect(await page.locator('#theme-topics table tbody tr').count()).toBeGreaterThan(0);
    await page.locator('#curate').getByRole('textbox', { name: 'New name' }).fill('Theme renamed in the browser test');
    await page.locator('#curate button', { hasText: 'Rename' }).click();
    await expect.poll(() => page.locator('#curate p[role=status]').first().textContent()).toMatch(/Renamed/);
    await open('/topics');
    expect(await page.locator('table[aria-label=Themes]').textContent()).toContain('Theme renamed in the browser test');
    // A bad request is answered by the API with a clear message, not a 500.
    const bad = await fetch(`${server!.url}/api/themes/curate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'rename-theme', themeId: 'x', label: '' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/theme id such as th3/);
  });

  it('uploads an export on the Imports page and shows its summary', async () => {
    await open('/imports');
    await page.locator('input[type=file]').setInputFiles(path.join(dataDir, 'demo-export', 'releases.csv'));
    await page.locator('button', { hasText: 'Upload and import' }).click();
    const summary = page.getByTestId('upload-summary');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toMatch(/releases\.csv \(releases-csv\): \d+ rows read · 0 new · 0 updated · \d+ unchanged · 0 rejected/);
  });

  describe('issue 17 defects', () => {
    it('answers dates at the ends of the calendar with a notice, on the page and from the CSV', async () => {
      const response = await open('/tickets?from=0001-01-01&to=9999-12-31');
      expect(response.status()).toBe(200);
      expect(await page.locator('.notice').first().textContent()).toMatch(/You asked for 0001-01-01 – 9999-12-31; showing .*the data's range/);
      const csv = await fetch(`${server!.url}/api/tickets.csv?to=9999-12-31`);
      expect(csv.status).toBe(200);
      expect(parseCsv(await csv.text()).length - 1).toBeGreaterThan(0);
    });

    it('shows Priority and Resolved of the tickets table at 1024 px', async () => {
      await page.setViewportSize({ width: 1024, height: 900 });
      try {
        await open('/tickets');
        const box = await page.locator('.table-scroll').first().boundingBox();
        for (const header of ['Priority', 'Resolved']) {
          const cell = await page.locator('table[aria-label="Tickets"] th', { hasText: header }).boundingBox();
          expect(cell!.x + cell!.width, header).toBeLessThanOrEqual(box!.x + box!.width + 1);
        }
        expect(await page.getByTestId('scroll-hint').count()).toBe(0);
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    });

    it('finds a customer by the e-mail typed and shows them as a short pseudonym; finds a ticket by "#id"', async () => {
      const [header, ...rows] = parseCsv(readFileSync(path.join(dataDir, 'demo-export', 'tickets.csv'), 'utf8'));
      const email = rows[0][header.indexOf('requester')];
      expect(email).toMatch(/@/);
      await open(`/tickets?customer=${encodeURIComponent(email)}`);
      expect(await page.locator('.notice').count()).toBe(0);
      expect(numberIn(await page.getByTestId('tickets-count').textContent())).toBeGreaterThan(0);
      const customers = new Set(await page.locator('td.col-customer').allTextContents());
      expect(customers.size).toBe(1);
      const [shown] = [...customers];
      expect(shown).toMatch(/^cust_[\w-]{8}$/);
      // The pseudonym shown finds the same tickets; an unknown address says so.
      await open(`/tickets?customer=${shown}`);
      expect(new Set(await page.locator('td.col-customer').allTextContents())).toEqual(customers);
      await open('/tickets?customer=nobody%40example.invalid');
      expect(await page.locator('.notice').first().textContent()).toMatch(/No customer matches "nobody@example.invalid"/);
      // "#114" as the list writes ids.
      await open('/tickets');
      const id = (await page.locator('table[aria-label="Tickets"] tbody tr td').first().textContent())!.trim();
      expect(id).toMatch(/^#\d+$/);
      await open(`/tickets?q=${encodeURIComponent(id)}`);
      expect(await page.locator('table[aria-label="Tickets"] tbody tr td:first-child').allTextContents()).toContain(id);
    });

    it('says which topic or organization in the address does not exist', async () => {
      await open('/?topic=t999');
      expect(await page.locator('.notice').first().textContent()).toMatch(/There is no topic t999/);
      await open('/?org=999999');
      expect(await page.locator('.notice').first().textContent()).toMatch(/There is no organization number 999999/);
    });

    it("counts and lists only the filtered topic's spikes on the overview", async () => {
      const byTopic = new Map<string, number>();
      for (const s of report.spikes) if (s.topic_id) byTopic.set(s.topic_id, (byTopic.get(s.topic_id) ?? 0) + 1);
      const [topic, count] = [...byTopic].sort((a, b) => b[1] - a[1])[0];
      await open(`/?topic=${topic}`);
      expect(numberIn(await page.getByTestId('stat-spikes').textContent())).toBe(count);
      expect(count).toBeLessThan(report.spikes.length);
      const label = report.topics.find((t) => t.id === topic)?.label ?? topic;
      for (const line of await page.locator('#spikes li > a').allTextContents()) expect(line).toContain(label);
    });

    it('draws release labels that do not overlap, at 1280 and 1024 px', async () => {
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        await open('/');
        await page.locator('[data-testid=release-label]').first().waitFor();
        const boxes = await page.locator('[data-testid=release-label]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
        for (const a of boxes) for (const b of boxes) {
          if (a === b) continue;
          const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
          expect(apart, `labels at ${width}px`).toBe(true);
        }
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    it('standup: says when it lists fewer waiting tickets than it counts, reads the date as ISO, has no ticket from the future', async () => {
      await open('/standup');
      const counted = numberIn(await page.locator('#waiting-heading').textContent());
      const listed = await page.locator('section[aria-labelledby=waiting-heading] tbody tr').count();
      if (listed < counted) expect(await page.getByTestId('waiting-shown').textContent()).toMatch(new RegExp(`of ${counted}\\.`));
      else expect(await page.getByTestId('waiting-shown').count()).toBe(0);
      expect(await page.locator('#since').getAttribute('type')).toBe('text');
      expect(await page.locator('#since').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const newest = parseCsv(await (await fetch(`${server!.url}/api/tickets.csv?columns=created`)).text())[1][0];
      expect(Date.parse(`${newest.replace(' ', 'T')}:00Z`)).toBeLessThanOrEqual(Date.now() + 60_000);
    });

    it('standup: copying without the Clipboard API (plain http) still copies and says so', async () => {
      const plain = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const tab = await plain.newPage();
        await tab.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
        await tab.goto(`${server!.url}/standup`, { waitUntil: 'networkidle' });
        await tab.getByTestId('copy-markdown').click();
        await expect.poll(() => tab.locator('#copy-status').textContent()).not.toBe('');
        expect(await tab.locator('#copy-status').textContent()).toMatch(/^(Copied|The browser refused)/);
      } finally {
        await plain.close();
      }
    });

    it('shows service metrics with their counts on the overview and in the report', async () => {
      await open('/');
      const text = await page.getByTestId('service-metrics').textContent();
      expect(text).toMatch(/First response\s*median [\d.]+ (min|h|days)/);
      expect(text).toMatch(new RegExp(`${n(report.service.reopen.reopened)} of [\\d,]+ tickets ever resolved came back`));
    });
  });

  it('logged no console errors on any page', () => {
    expect(errors).toEqual([]);
  });
});
