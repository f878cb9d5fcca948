/**
 * A topic label is text people type (a lead renames a topic) and every page shows: a label full of
 * markup must be shown as text everywhere and never run — checked in a real Chromium, where it
 * would execute, not by reading the HTML. The element checks prove the escaping itself (the CSP
 * would also block an inline handler, which is why violations are counted too).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '../helpers/database';
import { launchBrowser, recordConsoleErrors } from './helpers/browser';
import { serveDemo, type ServedDemo } from './helpers/served-demo';

const PAYLOAD = `<img src=x onerror=__xss.push(1)><svg onload=__xss.push(2)><script>__xss.push(3)</script>"'&`;

describe.each(TEST_ENGINES)('a renamed topic label full of markup, in Chromium (%s)', (engine) => {
  let served: ServedDemo;
  let browser: Browser | undefined;

  beforeAll(async () => {
    served = await serveDemo(engine, { signIn: true, tickets: 1_500 });
    browser = await launchBrowser();
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await served?.dispose();
  });

  it('is renamed through the form and shown as text on every page, never run', { timeout: 240_000 }, async () => {
    expect(PAYLOAD.length).toBeLessThanOrEqual(120);
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const [name, value] = served.cookies.lead.split(/=(.*)/s);
    await context.addCookies([{ name, value, url: served.url, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const violations: string[] = [];
    await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
    await page.addInitScript(() => {
      (window as unknown as { __xss: number[] }).__xss = [];
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const errors = recordConsoleErrors(page);

    const report = (await (await fetch(`${served.url}/api/report`, { headers: { cookie: served.cookies.lead } })).json()) as { topics: { id: string }[] };
    const topic = report.topics[0].id;
    await page.goto(`${served.url}/topics/${topic}`, { waitUntil: 'networkidle' });
    await page.locator('input[name=label]').first().fill(PAYLOAD);
    await page.locator('button', { hasText: 'Rename' }).click();
    await expect.poll(() => page.locator('p[role=status]').first().textContent()).toContain('Renamed to');

    // Pages that must show the label (heading, tables, the filter bar's topic list), then pages that may.
    const showing = [`/topics/${topic}`, '/topics', '/', `/tickets?topic=${topic}`];
    for (const path of [...showing, '/standup', '/releases', '/intermittent', '/team']) {
      await page.goto(`${served.url}${path}`, { waitUntil: 'networkidle' });
      await page.locator('h1').first().waitFor();
      const state = await page.evaluate(() => ({
        ran: (window as unknown as { __xss: number[] }).__xss,
        injected: document.querySelectorAll('img[src="x"], svg[onload], script:not([src]):not([nonce])').length,
        // The label as text: in the topic's heading, or in the filter bar's topic options.
        asText: document.body.innerText.includes('<img src=x onerror=') || [...document.querySelectorAll('option')].some((o) => o.textContent?.includes('<img src=x')),
      }));
      expect(state.ran, path).toEqual([]);
      expect(state.injected, `${path}: elements from the label`).toBe(0);
      if (showing.includes(path)) expect(state.asText, `${path}: the label shown as text`).toBe(true);
    }
    await expect.poll(() => page.locator('h1').first().textContent()).toBeTruthy();
    expect(dialogs).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    await context.close();
  });
});
