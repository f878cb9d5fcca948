import { launchBrowser, startDashboard } from './test/e2e/helpers/browser';
const server = await startDashboard({ SUPPORT_TRENDS_DATA_DIR: '/tmp/i17-demo' }, 120_000);
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
  const r1 = await page.goto(`${server.url}/tickets?from=0001-01-01&to=9999-12-31`);
  console.log('tickets 0001-9999', r1!.status(), (await page.locator('.notice').allTextContents()).join(' | ').slice(0, 300));
  const csv = await fetch(`${server.url}/api/tickets.csv?to=9999-12-31`);
  console.log('csv to 9999', csv.status, (await csv.text()).slice(0, 100).replace(/\n/g, ' / '));
  await page.goto(`${server.url}/tickets`);
  const heads = await page.locator('table[aria-label="Tickets"] th').evaluateAll((ths) => ths.map((th) => { const r = th.getBoundingClientRect(); return `${th.textContent}:${Math.round(r.left)}-${Math.round(r.right)}`; }));
  console.log('1024 headers', heads.join(' '));
  const box = await page.locator('.table-scroll').first().evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth, right: Math.round(el.getBoundingClientRect().right) }));
  console.log('scroll box', JSON.stringify(box));
  await page.screenshot({ path: '/tmp/i17-tickets-1024.png', fullPage: false });
  for (const q of ['/?topic=t999', '/?org=999999', '/?customer=nobody@example.com', '/tickets?q=%23114']) {
    await page.goto(`${server.url}${q}`);
    console.log(q, (await page.locator('.notice').allTextContents()).join(' | ').slice(0, 300), q.includes('114') ? await page.getByTestId('tickets-count').textContent() : '');
  }
  for (const width of [1280, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${server.url}/`);
    await page.waitForTimeout(1500);
    const labels = await page.locator('[data-testid="release-label"]').evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return [e.textContent, Math.round(r.left), Math.round(r.right), Math.round(r.top)]; }));
    let overlaps = 0;
    for (const a of labels) for (const b of labels) if (a !== b && a[3] === b[3] && (a[1] as number) < (b[2] as number) && (b[1] as number) < (a[2] as number)) overlaps++;
    console.log('release labels', width, labels.length, 'overlapping pairs', overlaps / 2, JSON.stringify(labels).slice(0, 300));
    await page.screenshot({ path: `/tmp/i17-overview-${width}.png` });
  }
  await page.goto(`${server.url}/standup`);
  console.log('standup', (await page.locator('#movers-heading + *').textContent())?.slice(0, 400));
  console.log('waiting', await page.locator('#waiting-heading').textContent(), await page.getByTestId('waiting-shown').textContent().catch(() => 'none'));
  console.log('since', await page.locator('#since').getAttribute('type'), await page.locator('#since').inputValue());
} finally {
  await browser.close();
  await server.stop();
}
