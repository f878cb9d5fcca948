import { existsSync, createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chunked, iso, parseAll, parseError, parseFixture } from './parse-helpers';

const HADOOP_RELEASES = '/work/shared/data/hadoop-jira-bugs/hadoop_releases.csv';
const present = existsSync(HADOOP_RELEASES);
if (!present) console.warn(`[releases.test] ${HADOOP_RELEASES} is absent: the real-file test is skipped.`);

describe('releases', () => {
  it('reads a releases CSV with extra columns; dates are midnight in the team zone', async () => {
    const { releases, rejected } = await parseFixture('releases-csv', 'releases.csv', { timeZone: 'Europe/Paris' });
    expect(releases.map((r) => [r.version, iso(r.releasedAt), r.line])).toEqual([
      ['3.3.0', '2020-07-13T22:00:00.000Z', 2],
      ['3.3.1', '2021-06-14T22:00:00.000Z', 3],
      ['3.3.2', '2022-03-02T23:00:00.000Z', 4],
      ['3.3.3', '2022-03-14T23:00:00.000Z', 7],
    ]);
    expect(rejected.map((r) => [r.line, r.field, r.reason])).toEqual([
      [5, 'release_date', 'the release date is empty'],
      [6, 'version', 'duplicate of line 3'],
      [8, 'release_date', expect.stringContaining('cannot read "2022-02-30" as a date')],
    ]);
  });

  it.skipIf(!present)('parses the real hadoop_releases.csv (33 releases)', async () => {
    const { releases, rejected } = await parseAll('releases-csv', createReadStream(HADOOP_RELEASES), { fileName: 'hadoop_releases.csv' });
    expect(rejected).toEqual([]);
    expect(releases).toHaveLength(33);
    expect(releases.find((r) => r.version === '3.3.1')?.releasedAt.toISOString()).toBe('2021-06-15T00:00:00.000Z');
  });

  it('reads our own releases JSON', async () => {
    const { releases, rejected } = await parseFixture('releases-json', 'releases.json');
    expect(releases.map((r) => [r.version, iso(r.releasedAt), r.notes])).toEqual([
      ['2.3.0', '2024-02-01T00:00:00.000Z', 'Billing redesign'],
      ['2.3.1', '2024-02-20T17:30:00.000Z', null],
    ]);
    expect(rejected.map((r) => [r.line, r.field])).toEqual([
      [4, 'date'],
      [5, 'version'],
    ]);
  });

  it('keeps only released Jira versions that have a release date', async () => {
    const { releases, summary } = await parseFixture('jira-versions-json', 'jira-versions.json');
    expect(releases.map((r) => [r.version, iso(r.releasedAt), r.notes])).toEqual([
      ['XSS Protection API 1.0.0', '2015-03-20T00:00:00.000Z', 'First API release'],
      ['XSS Protection API 1.0.2', '2015-06-01T00:00:00.000Z', null],
    ]);
    expect(summary.skipped['unreleased-version']).toBe(2);
  });

  it('skips GitHub draft releases', async () => {
    const { releases, summary } = await parseFixture('github-releases-json', 'github-releases.json');
    expect(releases.map((r) => [r.version, iso(r.releasedAt), r.notes])).toEqual([
      ['v2.1.0', '2024-01-20T12:00:00.000Z', '## Fixes\n- settings crash (#12)'],
      ['v2.0.0', '2023-12-01T11:00:00.000Z', null],
    ]);
    expect(summary.skipped['draft-release']).toBe(1);
  });

  it('reads git log --tags output in both pretty formats', async () => {
    const simple = await parseFixture('git-tags', 'git-tags.txt');
    expect(simple.releases.map((r) => [r.version, iso(r.releasedAt), r.line])).toEqual([
      ['v2.2.0', '2024-03-01T09:00:00.000Z', 1],
      ['v2.1.0', '2024-01-20T12:00:00.000Z', 2],
      ['release-2.1', '2024-01-20T12:00:00.000Z', 2],
      ['v2.0.0', '2023-12-01T16:00:00.000Z', 4],
    ]);
    expect(simple.summary.skipped['untagged-commit']).toBe(1);
    expect(simple.rejected).toEqual([expect.objectContaining({ line: 5, field: null, raw: 'this line is not git log output' })]);
    const hashed = await parseFixture('git-tags', 'git-tags-hash.txt', {}, 3);
    expect(hashed.releases.map((r) => r.version)).toEqual(['v2.2.0', 'v2.1.0']);
    expect(hashed.rejected).toEqual([]);
  });

  it('refuses an empty git log', async () => {
    const error = await parseError('git-tags', chunked(Buffer.from('\n\n')), { fileName: 'tags.txt' });
    expect(error.message).toBe('tags.txt is empty: expected git log output with tag decorations.');
  });
});
