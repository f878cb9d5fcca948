/**
 * WCAG 2.2 AA in a real browser (issue 22): axe-core's WCAG 2.0–2.2 A/AA rules on every page the
 * overview links to — plus a topic, a release with findings and the tickets table with filters —
 * at 1280 px (a projector) and 390 px (a phone), no page wider than a phone, and a keyboard-only
 * walk: skip link, filter bar, table sort/filter/paging, disclosures, chart drill-down and the
 * copy button, with focus never dropped to <body> after an action.
 * One demo server and one browser for the whole file.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/cli';
import { launchBrowser } from './helpers/browser';
import { axeViolations, describeViolations } from './helpers/axe';
import { serveDemo, type ServedDemo } from './helpers/served-demo';

const WIDTHS = [1280, 390] as const;
/** Full-page screenshots at the phone width, for a look by a person (not compared). */
const ARTIFACTS = path.join(PROJECT_ROOT, 'test', 'artifacts');

/** `/topics/t3` → `/topics/[id]` (and `/topics/theme/th2` → `/topics/theme/[id]`): one page per route, however many the overview links to. */
const routeOf = (pathname: string) =>
  /^\/topics\/theme\/[^/]+$/.test(pathname) ? '/topics/theme/[id]' : pathname.replace(/^(\/[^/]+)\/[^/]+$/, '$1/[id]');

/** What has focus, in words, for failure messages ("BODY" is the failure this walk looks for). */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName}${el.id ? `#${el.id}` : ''} ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}` : 'none';
  });
const focusIsOnBody = (page: Page) => page.evaluate(() => document.activeElement === null || document.activeElement === document.body);

/** Presses Tab until the focused element matches `selector` (at most `limit` times); returns whether it did. */
async function tabTo(page: Page, selector: string, limit = 120): Promise<boolean> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return true;
  }
  return false;
}

describe('accessibility (WCAG 2.2 AA) in a browser', () => {
  let demo: ServedDemo | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    demo = await serveDemo('pglite', { tickets: 3_000 });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.url });
    page = await context.newPage();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.dispose();
  });

  const open = async (pathAndQuery: string) => {
    const response = await page.goto(`${demo!.url}${pathAndQuery}`, { waitUntil: 'networkidle' });
    expect(response?.status(), pathAndQuery).toBe(200);
    // Charts measure their container after hydration; axe must see them drawn.
    if ((await page.locator('.recharts-responsive-container').count()) > 0) await page.locator('.recharts-surface').first().waitFor({ timeout: 10_000 });
  };

  /** One URL per route linked from the overview, and the pages the issue names besides. */
  async function pagesToCheck(): Promise<string[]> {
    await open('/');
    const hrefs = await page.locator('a[href^="/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    const byRoute = new Map<string, string>();
    for (const href of hrefs) {
      const url = new URL(href, demo!.url);
      const route = routeOf(url.pathname);
      if (!byRoute.has(route) || (url.search === '' && byRoute.get(route)!.includes('?'))) byRoute.set(route, url.pathname + url.search);
    }
    // The overview's theme pain points link to theme pages.
    const themeHref = await page.locator('#pain-points a[href^="/topics/theme/"]').first().getAttribute('href');
    expect(themeHref, 'the overview lists pain points by theme').toBeTruthy();
    const themeId = themeHref!.split('/').at(-1)!;
    await open('/releases');
    const withFindings = await page.locator('article.release-item:has(table) h3 a').first().getAttribute('href');
    expect(withFindings, 'the demo has a release with findings').toBeTruthy();
    byRoute.set('release with findings', withFindings!);
    byRoute.set('tickets with filters', '/tickets?priority=urgent&channel=email');
    // Issue 15: the Themes view with a theme open, the topics level, and a theme's page.
    byRoute.set('themes view, one open', `/topics?open=${themeId}`);
    byRoute.set('topics level', '/topics?level=topic');
    byRoute.set('overview by topic', '/?level=topic');
    byRoute.set('/topics/theme/[id]', `/topics/theme/${themeId}`);
    byRoute.set('sign-in', '/sign-in');
    return [...byRoute.values()];
  }

  it('has no WCAG 2.0–2.2 A/AA violation on any page at 1280 and 390 px, and no page wider than the phone', async () => {
    const urls = await pagesToCheck();
    expect(urls.length).toBeGreaterThanOrEqual(12);
    mkdirSync(ARTIFACTS, { recursive: true });
    const found: string[] = [];
    const counts: Record<string, Record<number, number>> = {};
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const url of urls) {
        await open(url);
        if (width < 1000) {
          const name = url.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'overview';
          await page.screenshot({ path: path.join(ARTIFACTS, `a11y-${name}-${width}.png`), fullPage: true });
        }
        const violations = await axeViolations(page);
        (counts[url] ??= {})[width] = violations.reduce((s, v) => s + v.nodes.length, 0);
        if (violations.length > 0) found.push(`${url} at ${width}px:\n${describeViolations(violations)}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 1) found.push(`${url} at ${width}px scrolls sideways by ${overflow}px`);
      }
    }
    // The figures per page, for the record (elements failing a rule, per width).
    console.log(Object.entries(counts).map(([url, byWidth]) => `${url}: ${WIDTHS.map((w) => `${byWidth[w]} at ${w}px`).join(', ')}`).join('\n'));
    expect(found.join('\n\n')).toBe('');
  }, 300_000);
  it('takes the keyboard from the skip link through every control of the filter bar, and keeps focus after each filter applies', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await open('/tickets');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatch(/^A Skip to content/);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.querySelector('main')!.contains(document.activeElement)), 'the skip link leads into <main>').toBe(true);
    // Every control of the filter bar is reached, in order, from there.
    const controls = await page.locator('form.filter-form').evaluate((form) =>
      [...form.querySelectorAll<HTMLElement>('input:not([type=hidden]), select, button')].map((el) => el.getAttribute('name') ?? el.textContent!.trim()),
    );
    expect(controls.length).toBeGreaterThanOrEqual(10);
    const reached: string[] = [];
    for (let i = 0; i < 80 && reached.length < controls.length; i++) {
      const inForm = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el?.closest('form.filter-form') ? (el.getAttribute('name') ?? el.textContent!.trim()) : null;
      });
      if (inForm !== null && !reached.includes(inForm)) reached.push(inForm);
      await page.keyboard.press('Tab');
    }
    expect(reached).toEqual(controls);

    // A list applies on change: choose with the arrow keys, and focus stays on the list.
    await page.locator('select[name=priority]').focus();
    await page.keyboard.press('ArrowDown');
    await page.waitForURL(/priority=/);
    await expect.poll(() => focused(page)).toMatch(/^SELECT/);
    expect(await page.evaluate(() => (document.activeElement as HTMLSelectElement).name)).toBe('priority');
    // Type, Tab to Apply, Enter: the page shows the result and focus is back on Apply.
    await page.locator('input[name=customer]').focus();
    await page.keyboard.type('nobody@example.invalid');
    expect(await tabTo(page, 'form.filter-form button[type=submit]')).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/customer=nobody%40example\.invalid/);
    await expect.poll(() => focused(page)).toMatch(/^BUTTON Apply/);
    // A quick range, the same.
    await page.locator('button[data-focus=last-7]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/from=/);
    await expect.poll(() => focused(page)).toMatch(/^BUTTON Last 7 days/);
    expect(await focusIsOnBody(page)).toBe(false);
  });

  it('sorts, filters and pages a table and opens its disclosures from the keyboard, focus staying on the control', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await open('/topics?level=topic');
    const table = page.locator('table[aria-label=Topics]');
    const firstCell = () => table.locator('tbody tr td:first-child').first().textContent();
    // The column chooser: a disclosure opened with Enter, a column hidden and shown again with Space.
    expect(await tabTo(page, '.table-controls summary')).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.locator('.table-controls details').getAttribute('open')).not.toBeNull();
    const columnsBefore = await table.locator('thead th').count();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await expect.poll(() => table.locator('thead th').count()).not.toBe(columnsBefore);
    await page.keyboard.press('Space');
    await expect.poll(() => table.locator('thead th').count()).toBe(columnsBefore);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    expect(await page.locator('.table-controls details').getAttribute('open')).toBeNull();

    // Sort with Enter, then the other way; focus stays on the header's button.
    expect(await tabTo(page, 'table[aria-label=Topics] th button.sort')).toBe(true);
    const column = await page.evaluate(() => [...document.activeElement!.closest('tr')!.children].indexOf(document.activeElement!.closest('th')!));
    const header = table.locator('thead th').nth(column);
    await page.keyboard.press('Enter');
    await expect.poll(() => header.getAttribute('aria-sort')).toMatch(/ascending|descending/);
    const once = await header.getAttribute('aria-sort');
    await page.keyboard.press('Enter');
    await expect.poll(() => header.getAttribute('aria-sort')).not.toBe(once);
    expect(await focused(page)).toMatch(/^BUTTON/);

    // Filter the rows: the count is announced (a status region) and focus stays in the field.
    const label = (await firstCell())!.trim();
    await page.locator('.table-controls input[type=search]').focus();
    await page.keyboard.type(label.slice(0, 6));
    await expect.poll(() => page.getByTestId('rows-status').textContent()).toMatch(/^\d+ of \d+ rows match/);
    expect(await focused(page)).toMatch(/^INPUT/);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await expect.poll(() => page.getByTestId('rows-status').textContent()).toBe('');

    // Page forward to the last page: "Next" stays focused (it says it is disabled instead of dropping focus).
    await page.locator('nav.pager select').focus();
    await page.keyboard.press('Home'); // 10 rows a page: more pages to walk
    await expect.poll(() => page.locator('nav.pager span').textContent()).toMatch(/^Page 1 of \d+/);
    const pages = Number(/of (\d+)/.exec((await page.locator('nav.pager span').textContent())!)![1]);
    expect(pages).toBeGreaterThan(1);
    const next = page.locator('nav.pager button', { hasText: 'Next' });
    await next.focus();
    for (let i = 1; i < pages + 1; i++) await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('nav.pager span').textContent()).toMatch(new RegExp(`^Page ${pages} of ${pages}`));
    expect(await next.getAttribute('aria-disabled')).toBe('true');
    expect(await focused(page)).toMatch(/^BUTTON Next/);
    expect(await focusIsOnBody(page)).toBe(false);
  });

  it('keeps charts out of the tab order and reaches their numbers and drill-down links instead', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const url of ['/', '/team']) {
      await open(url);
      const tabStops = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.recharts-wrapper, .recharts-wrapper *')].filter((el) => el.tabIndex >= 0).length);
      expect(tabStops, `tab stops inside charts on ${url}`).toBe(0);
      expect(await page.locator('[role=application]').count(), url).toBe(0);
      expect(await page.locator('[role=img][aria-label]').count(), url).toBeGreaterThan(0);
    }
    // /team: one table of numbers per chart (the heatmap and the two line charts).
    expect(await page.locator('details.chart-numbers').count()).toBeGreaterThanOrEqual(3);
    await open('/');
    expect(await tabTo(page, 'details.chart-numbers summary')).toBe(true);
    await page.keyboard.press('Enter');
    expect(await tabTo(page, 'details.chart-numbers td a', 5)).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/tickets\?/);
    expect(Number((await page.getByTestId('tickets-count').textContent())!.replace(/[^\d]/g, ''))).toBeGreaterThan(0);
  });

  it('lets the keyboard scroll a table wider than a phone', async () => {
    await page.setViewportSize({ width: 390, height: 900 });
    await open('/team');
    const region = page.locator('.table-scroll[role=region][tabindex="0"][aria-label]').first();
    await region.waitFor();
    await region.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('copies the standup summary from the keyboard and says so, focus staying on the button', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await open('/standup');
    expect(await tabTo(page, '[data-testid=copy-markdown]')).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[role=status]', { hasText: 'Copied' }).count()).toBe(1);
    expect(await focused(page)).toMatch(/^BUTTON/);
  });
  it('names what a screen reader announces: the topic page by its label, release headings word by word, the account menu as a group', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await open('/topics?level=topic');
    const topic = page.locator('table[aria-label=Topics] tbody tr td:first-child a').first();
    const label = (await topic.textContent())!.trim();
    const href = (await topic.getAttribute('href'))!;
    await open(href);
    expect(await page.title()).toBe(`${label} (topic ${new URL(href, demo!.url).pathname.split('/').pop()}) · Support Trends`);
    await open('/releases');
    // Each badge of a release heading is a word of its own ("1 problem 2 improved", not "1 problem2 improved").
    const runTogether = await page.locator('article.release-item h3').evaluateAll((headings) =>
      headings.flatMap((h) =>
        [...h.querySelectorAll('.badge')].flatMap((badge) => {
          const text = h.textContent!;
          const at = text.indexOf(badge.textContent!);
          const before = text[at - 1] ?? ' ';
          const after = text[at + badge.textContent!.length] ?? ' ';
          return /\s/.test(before) && /\s/.test(after) ? [] : [text];
        }),
      ),
    );
    expect(await page.locator('article.release-item h3 .badge').count()).toBeGreaterThan(1);
    expect(runTogether).toEqual([]);
    expect(await page.locator('header [role=group][aria-label=Account]').count()).toBe(1);
  });
});
