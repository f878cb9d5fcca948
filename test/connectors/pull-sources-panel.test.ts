import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { PullSourcesTable } from '@/app/components/pull-sources-panel';
import { markInterruptedPulls, markPullFinished, markPullStarted, saveNextRun, savePullCursor } from '@/ingest/connectors/pull-state';
import { listPullSources } from '@/lib/queries/pull-sources';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../helpers/database';

describe.each(TEST_ENGINES)('pull sources on the Imports page (%s)', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => database?.dispose());

  it('lists each source\'s last run, outcome, error and next run, and renders them', async () => {
    const { db } = database;
    await markPullStarted(db, 'acme', 'zendesk', new Date('2026-03-10T12:00:00Z'));
    await savePullCursor(db, 'acme', { scope: 'zendesk https://acme.zendesk.com', position: { afterCursor: 'abc', startTime: 0 } }, null);
    await markPullFinished(db, 'acme', new Date('2026-03-10T12:01:00Z'), null);
    await saveNextRun(db, 'acme', 'zendesk', new Date('2026-03-10T12:15:00Z'));
    await markPullStarted(db, 'core', 'jira', new Date('2026-03-10T02:30:00Z'));
    await markPullFinished(db, 'core', new Date('2026-03-10T02:31:00Z'), 'jira "core": the API rejected the credentials (401). Check …');
    await markPullStarted(db, 'app', 'github', new Date('2026-03-10T11:00:00Z'));

    const sources = await listPullSources(db);
    expect(sources.map((s) => [s.name, s.kind, s.lastStatus])).toEqual([['acme', 'zendesk', 'succeeded'], ['app', 'github', 'running'], ['core', 'jira', 'failed']]);
    expect(sources[0].nextRunAt?.toISOString()).toBe('2026-03-10T12:15:00.000Z');
    expect(sources[0].lastSuccessAt?.toISOString()).toBe('2026-03-10T12:01:00.000Z');
    expect(sources[2].lastSuccessAt).toBeNull();

    const html = renderToStaticMarkup(createElement(PullSourcesTable, { sources }));
    expect(html).toContain('<td>acme</td><td>zendesk</td>');
    expect(html).toContain('<span class="badge bad">failed</span>');
    expect(html).toContain('2026-03-10 12:15 UTC');
    expect(html).toContain('not scheduled');
    expect(html).toContain('the API rejected the credentials (401)');
    expect(renderToStaticMarkup(createElement(PullSourcesTable, { sources: [] }))).toContain('No API source has been pulled yet');

    // A pull cut off by a crash is shown as failed once the next process holding the database starts.
    expect(await markInterruptedPulls(db)).toBe(1);
    const after = await listPullSources(db);
    expect(after.find((s) => s.name === 'app')).toMatchObject({ lastStatus: 'failed', lastError: expect.stringContaining('interrupted') });
  });
});
