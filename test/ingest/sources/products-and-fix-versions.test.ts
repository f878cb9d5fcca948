/**
 * The product a ticket or release belongs to, and the versions a ticket was fixed in, from every
 * format that records them (issue 14): releases are compared only with their own product's
 * tickets, and a release's fixed tickets are those whose fix version names it.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convertJiraIssue } from '@/ingest/sources/jira-json';
import { chunked, parseAll } from './parse-helpers';

const text = (s: string) => chunked(Buffer.from(s));

const ALLOY = '/work/shared/data/alloy-jira';
const alloyPresent = existsSync(`${ALLOY}/alloy_releases.csv`) && existsSync(`${ALLOY}/ALOY/1-999/ALOY-100.json`);
if (!alloyPresent) console.warn(`[products-and-fix-versions.test] ${ALLOY} is absent: the real-file tests are skipped.`);

describe('product and fix versions', () => {
  it('reads product and fix version columns of a generic CSV, by any of their names', async () => {
    const csv = [
      'id,created,subject,version,fix version/s,product',
      '1,2024-03-01 10:00,Crash on start,2.3.0,2.3.1,Mobile app',
      '2,2024-03-01 11:00,Slow sync,2.3.0,"2.3.1, 2.4.0",Mobile app',
      '3,2024-03-01 12:00,Login loop,,,',
    ].join('\n');
    const { tickets, rejected } = await parseAll('csv-tickets', text(csv));
    expect(rejected).toEqual([]);
    expect(tickets.map((t) => [t.externalId, t.productVersion, t.fixVersions, t.product])).toEqual([
      ['1', '2.3.0', ['2.3.1'], 'Mobile app'],
      ['2', '2.3.0', ['2.3.1', '2.4.0'], 'Mobile app'],
      ['3', null, [], null],
    ]);
    for (const header of ['Fixed in', 'milestone', 'Fix Version', 'fix_versions']) {
      const { tickets: [t] } = await parseAll('csv-tickets', text(`id,created,subject,${header}\n1,2024-03-01,S,5.1\n`));
      expect(t.fixVersions, header).toEqual(['5.1']);
    }
  });

  it('reads Jira CSV Fix Version/s (repeated columns, names kept whole) and the project as the product', async () => {
    const csv = [
      'Summary,Issue key,Issue id,Project key,Project name,Created,Affects Version/s,Fix Version/s,Fix Version/s',
      'Checksum fails,PT-1,101,PT,Percona Toolkit,30/Sep/21 17:20,3.3.0,3.3.1,"Sprint 4, late"',
      'Schema change hangs,PT-2,102,PT,,01/Oct/21 09:00,,,',
    ].join('\n');
    const { tickets, rejected } = await parseAll('jira-csv', text(csv));
    expect(rejected).toEqual([]);
    expect(tickets.map((t) => [t.externalId, t.productVersion, t.fixVersions, t.product])).toEqual([
      ['PT-1', '3.3.0', ['3.3.1', 'Sprint 4, late'], 'Percona Toolkit'],
      ['PT-2', null, [], 'PT'], // no project name: the key
    ]);
  });

  it('reads the Jira REST fixVersions and project', () => {
    const issue = {
      key: 'ALOY-1',
      fields: {
        summary: 'Widget styles ignored',
        created: '2013-02-01T10:00:00.000+0000',
        project: { key: 'ALOY', name: 'Alloy' },
        versions: [{ name: 'Alloy 1.0.0' }],
        fixVersions: [{ name: '2013 Sprint 04' }, { name: 'Alloy 1.0.1', released: true, releaseDate: '2013-03-22' }],
      },
    };
    const converted = convertJiraIssue({ value: issue, line: 1 }, 'UTC');
    expect('ticket' in converted && converted.ticket).toMatchObject({
      productVersion: 'Alloy 1.0.0',
      fixVersions: ['2013 Sprint 04', 'Alloy 1.0.1'],
      product: 'Alloy',
    });
  });

  it('reads the GitHub repository as the product and the milestone as the fix version, in both shapes', async () => {
    const rest = [{ number: 3, title: 'T', state: 'closed', created_at: '2024-01-01T00:00:00Z', repository_url: 'https://api.github.com/repos/acme/app', milestone: { title: 'v2.1.0' } }];
    const gh = [{ number: 4, title: 'U', state: 'OPEN', createdAt: '2024-01-02T00:00:00Z', url: 'https://github.com/acme/app/issues/4', milestone: null }];
    const a = await parseAll('github-json', text(JSON.stringify(rest)));
    const b = await parseAll('github-json', text(JSON.stringify(gh)));
    expect([...a.tickets, ...b.tickets].map((t) => [t.externalId, t.product, t.fixVersions])).toEqual([
      ['acme/app#3', 'acme/app', ['v2.1.0']],
      ['acme/app#4', 'acme/app', []],
    ]);
  });

  it('reads a GitHub release\'s repository as its product, so it meets the same repository\'s issues', async () => {
    const releases = [{ html_url: 'https://github.com/acme/app/releases/tag/v2.1.0', tag_name: 'v2.1.0', draft: false, published_at: '2024-01-20T12:00:00Z' }];
    const { releases: [r] } = await parseAll('github-releases-json', text(JSON.stringify(releases)));
    expect([r.version, r.product]).toEqual(['v2.1.0', 'acme/app']);
  });

  it('reads the Zendesk brand as the product only when the brand is side-loaded with its name', async () => {
    const json = {
      tickets: [
        { id: 1, subject: 'A', created_at: '2024-01-01T00:00:00Z', brand_id: 77, via: { channel: 'web' } },
        { id: 2, subject: 'B', created_at: '2024-01-01T00:00:00Z', brand_id: 78, via: { channel: 'web' } },
      ],
      brands: [{ id: 77, name: 'Acme Mobile' }],
    };
    const { tickets } = await parseAll('zendesk-json', text(JSON.stringify(json)));
    expect(tickets.map((t) => [t.externalId, t.product, t.fixVersions])).toEqual([
      ['1', 'Acme Mobile', []],
      ['2', null, []],
    ]);
  });

  it('reads a product column of a releases CSV and of our own releases JSON', async () => {
    const csv = 'version,date,product\nAlloy 1.0.0,2013-02-19,alloy\nRelease 3.0.0,2012-12-13,titanium-sdk\n4.0,2014-01-01,\n';
    const { releases, rejected } = await parseAll('releases-csv', text(csv));
    expect(rejected).toEqual([]);
    expect(releases.map((r) => [r.version, r.product])).toEqual([
      ['Alloy 1.0.0', 'alloy'],
      ['Release 3.0.0', 'titanium-sdk'],
      ['4.0', null],
    ]);
    const json = JSON.stringify([{ version: '2.0', date: '2024-01-01', product: 'api' }, { version: '2.1', date: '2024-02-01' }]);
    const fromJson = await parseAll('releases-json', text(json));
    expect(fromJson.releases.map((r) => [r.version, r.product])).toEqual([
      ['2.0', 'api'],
      ['2.1', null],
    ]);
  });

  it.skipIf(!alloyPresent)('reads alloy_releases.csv with its products and a real ALOY issue with its fix versions', async () => {
    const { releases, rejected } = await parseAll('releases-csv', createReadStream(`${ALLOY}/alloy_releases.csv`), { fileName: 'alloy_releases.csv' });
    expect(rejected).toEqual([]);
    const byProduct = new Map<string | null, number>();
    for (const r of releases) byProduct.set(r.product, (byProduct.get(r.product) ?? 0) + 1);
    // The counts SOURCE.md gives for the product column.
    expect(Object.fromEntries(byProduct)).toEqual({ alloy: 115, 'alloy-loader': 13, 'titanium-cli': 5, 'titanium-sdk': 11, sprint: 46 });
    const issue = JSON.parse(readFileSync(`${ALLOY}/ALOY/1-999/ALOY-100.json`, 'utf8')) as unknown;
    const converted = convertJiraIssue({ value: issue, line: 1 }, 'UTC');
    expect('ticket' in converted).toBe(true);
    if ('ticket' in converted) {
      // A sprint and a Titanium SDK release, as the file has them: fix versions mix products.
      expect(converted.ticket).toMatchObject({ product: 'Alloy', requester: 'Russell McMahon', fixVersions: ['2012 Sprint 16', 'Release 3.0.0'] });
    }
  });
});
