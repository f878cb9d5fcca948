/** Issue 17: the analysis-runs table's topic count and topic-stage time cannot be mistaken for each other. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AnalysisRunsTable } from '@/app/components/analysis-runs-table';
import type { AnalysisRunListItem } from '@/lib/queries/imports';

const RUN: AnalysisRunListItem = {
  id: 7,
  mode: 'full',
  status: 'succeeded',
  startedAt: new Date('2026-03-10T12:00:00Z'),
  durationMs: 61_600,
  asOf: new Date('2026-03-10T00:00:00Z'),
  timeZone: 'UTC',
  tickets: 40_000,
  topics: 94,
  stages: { topics: 26_200, rollups: 2_200, findings: 9_100, team: 15_700 },
  error: null,
  pid: null,
  host: null,
};

describe('the analysis runs table', () => {
  it('names every column once: topics found among the counts, the topic stage among the times', () => {
    const html = renderToStaticMarkup(createElement(AnalysisRunsTable, { runs: [RUN] }));
    const headers = [...html.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1].trim().toLowerCase());
    expect(new Set(headers).size).toBe(headers.length);
    expect(headers).toContain('topics found');
    expect(headers).toContain('topic stage');
    expect(headers).toContain('time per stage');
    expect(headers).not.toContain('topics');
    expect(html).toMatch(/<td class="num">94<\/td>/);
  });
});
