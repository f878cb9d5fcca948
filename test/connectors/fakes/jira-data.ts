/**
 * Realistic Jira issues for the connector tests: the real ALOY issues of the Appcelerator Jira
 * archive when ../shared/data/alloy-jira is present (read at test time, never copied into the
 * repository), otherwise the hand-written issues of test/fixtures/jira-rest in the same shape.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Json } from './common';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const ALOY = path.resolve(ROOT, '..', 'shared', 'data', 'alloy-jira', 'ALOY');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'jira-rest');

export interface RealisticIssues {
  /** "alloy-jira (real)" or "test/fixtures/jira-rest". */
  origin: string;
  project: string;
  issues: Json[];
}

const number = (file: string) => Number(/-(\d+)\.json$/.exec(file)?.[1] ?? 0);

/**
 * Up to `count` issues, lowest keys first; each gets an empty changelog when it has none.
 * ST_TEST_JIRA_FIXTURES=1 uses the fixtures even when the real data is there (to test that path).
 */
export function realisticJiraIssues(count: number): RealisticIssues {
  const real = existsSync(ALOY) && process.env.ST_TEST_JIRA_FIXTURES !== '1';
  const files = real
    ? ['1-999', '1000-1999'].flatMap((dir) => (existsSync(path.join(ALOY, dir)) ? readdirSync(path.join(ALOY, dir)).map((f) => path.join(ALOY, dir, f)) : []))
    : readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).map((f) => path.join(FIXTURES, f));
  const chosen = files.filter((f) => f.endsWith('.json')).sort((a, b) => number(a) - number(b)).slice(0, count);
  const issues: Json[] = chosen.map((file) => {
    const issue = JSON.parse(readFileSync(file, 'utf8')) as Json;
    return { ...issue, changelog: issue.changelog ?? { startAt: 0, maxResults: 0, total: 0, histories: [] } };
  });
  return { origin: real ? 'alloy-jira (real)' : 'test/fixtures/jira-rest', project: String(issues[0].key).split('-')[0], issues };
}
