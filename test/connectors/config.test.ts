import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadPullConfig, parsePullConfig, readCredential, resolveConfigPath, DEFAULT_HTTP } from '@/ingest/connectors/config';
import { redactSecrets, secretForms } from '@/ingest/connectors/redact';
import { AppError } from '@/db/errors';
import { resetEnvCache } from '@/lib/env';
import { failureOf } from './pull-helpers';

const FILE = 'support-trends.config.json';
const LITERAL_SECRET = 'sk_live_9f8e7d6c5b4a3210';

function problem(document: unknown): AppError {
  try {
    parsePullConfig(document, FILE);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

const zendesk = { kind: 'zendesk', name: 'acme', baseUrl: 'https://acme.zendesk.com', email: 'bot@acme.test', token: { env: 'ZENDESK_API_TOKEN' } };

describe('pull config', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'st-config-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));
  afterEach(() => {
    delete process.env.SUPPORT_TRENDS_CONFIG;
    delete process.env.ST_TEST_JIRA_TOKEN;
    resetEnvCache();
  });

  it('accepts every kind with defaults filled in and the shared http settings merged', () => {
    const config = parsePullConfig(
      {
        http: { maxRetries: 3 },
        sources: [
          { ...zendesk, schedule: { everyMinutes: 15 } },
          { kind: 'jira', name: 'core', baseUrl: 'https://acme.atlassian.net', email: 'bot@acme.test', token: { env: 'JIRA_TOKEN' }, projects: ['CORE'], schedule: { dailyAt: '02:30' } },
          { kind: 'github', name: 'app', repository: 'acme/app', http: { timeoutSeconds: 10 } },
          { kind: 'freshdesk', name: 'fd', baseUrl: 'https://acme.freshdesk.com', apiKey: { env: 'FRESHDESK_API_KEY' }, since: '2024-01-01' },
        ],
      },
      FILE,
    );
    expect(config.sources.map((s) => [s.kind, s.index, s.comments])).toEqual([['zendesk', 0, true], ['jira', 1, true], ['github', 2, true], ['freshdesk', 3, true]]);
    expect(config.sources[2]).toMatchObject({ baseUrl: 'https://api.github.com', releases: true, http: { ...DEFAULT_HTTP, maxRetries: 3, timeoutSeconds: 10 } });
    expect(config.sources[1]).toMatchObject({ pageSize: 100, releases: true });
  });

  it('names the file and the JSON path of each problem', () => {
    const error = problem({
      sources: [
        { ...zendesk, schedule: { dailyAt: '25:00' } },
        { kind: 'github', name: 'acme', repository: 'no-slash', tokne: { env: 'X' } },
        { kind: 'jira', name: 'j', baseUrl: 'ftp://jira', token: { env: 'J' } },
      ],
    });
    expect(error.code).toBe('InvalidInput');
    expect(error.message.startsWith(`${FILE}: `)).toBe(true);
    for (const expected of [
      'sources[0].schedule.dailyAt: must be a 24-hour time such as "02:30"',
      'sources[1].repository: must be "owner/repo"',
      'sources[1]: Unrecognized key: "tokne"',
      'sources[1].name: "acme" is already the name of sources[0]',
      'sources[2].baseUrl: must be an https URL',
      'sources[2]: a Jira source needs "jql" or "projects"',
    ]) {
      expect(error.message).toContain(expected);
    }
    expect(problem({ sources: [{ kind: 'servicenow', name: 's' }] }).message).toBe(
      `${FILE}: sources[0].kind: "kind" must be one of zendesk, jira, github, freshdesk`,
    );
    expect(problem({ sources: [] }).message).toBe(`${FILE}: sources: must list at least one source`);
    expect(problem({ sources: [{ ...zendesk, schedule: { everyMinutes: 0 } }] }).message).toContain('sources[0].schedule');
    expect(problem({ sources: [{ kind: 'jira', name: 'j', baseUrl: 'https://j.test', token: { env: 'J' }, jql: 'project = X ORDER BY created' }] }).message).toContain(
      'sources[0].jql: must not contain ORDER BY',
    );
  });

  it('refuses plain http except for loopback addresses, for every kind', () => {
    const sources = (baseUrl: string) => [
      { ...zendesk, baseUrl },
      { kind: 'jira', name: 'core', baseUrl, token: { env: 'J' }, projects: ['CORE'] },
      { kind: 'github', name: 'app', baseUrl, repository: 'acme/app' },
      { kind: 'freshdesk', name: 'fd', baseUrl, apiKey: { env: 'F' } },
    ];
    const plain = problem({ sources: sources('http://acme.example.com') }).message;
    for (let i = 0; i < 4; i++) {
      expect(plain).toContain(`sources[${i}].baseUrl: must use https: credentials would travel unencrypted over plain http`);
    }
    expect(problem({ sources: [{ ...zendesk, baseUrl: 'http://10.0.0.5:8080' }] }).message).toContain('must use https');
    expect(problem({ sources: [{ ...zendesk, baseUrl: 'http://127.0.0.1.evil.test' }] }).message).toContain('must use https');
    for (const loopback of ['http://127.0.0.1:8080', 'http://localhost:3000/jira', 'http://[::1]:9000', 'http://127.3.4.5']) {
      expect(parsePullConfig({ sources: sources(loopback) }, FILE).sources).toHaveLength(4);
    }
    expect(parsePullConfig({ sources: sources('https://acme.example.com') }, FILE).sources).toHaveLength(4);
  });

  it('refuses a secret written in the file without repeating it', () => {
    const error = problem({ sources: [{ ...zendesk, token: LITERAL_SECRET }] });
    expect(error.message).toBe(
      `${FILE}: sources[0].token: must be {"env": "VARIABLE_NAME"}: credentials are read from environment variables, never written in this file`,
    );
    const nested = problem({ sources: [{ ...zendesk, token: { value: LITERAL_SECRET } }] });
    expect(nested.message).toContain('sources[0].token');
    expect(nested.message).not.toContain(LITERAL_SECRET);
    const badName = problem({ sources: [{ ...zendesk, token: { env: LITERAL_SECRET + ' x' } }] });
    expect(badName.message).toContain('sources[0].token.env: must be an environment variable name');
    expect(badName.message).not.toContain(LITERAL_SECRET);
  });

  it('reads the file from --config, SUPPORT_TRENDS_CONFIG or the default, and reports JSON errors by position only', async () => {
    const file = path.join(dir, 'pulls.json');
    await writeFile(file, JSON.stringify({ sources: [zendesk] }));
    expect((await loadPullConfig(file)).sources[0].name).toBe('acme');
    process.env.SUPPORT_TRENDS_CONFIG = file;
    resetEnvCache();
    expect(resolveConfigPath()).toBe(file);
    expect(resolveConfigPath('other.json')).toBe(path.resolve('other.json'));

    const broken = path.join(dir, 'broken.json');
    await writeFile(broken, `{\n  "sources": [\n    {"kind": "zendesk", "token": "${LITERAL_SECRET}",,}\n  ]\n}`);
    const error = await failureOf(loadPullConfig(broken));
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toMatch(/broken\.json is not valid JSON \(line 3, column \d+\)$/);
    expect(error.message).not.toContain(LITERAL_SECRET);

    const missing = await failureOf(loadPullConfig(path.join(dir, 'none.json')));
    expect(missing.code).toBe('NotFound');
    expect(missing.message).toContain('none.json does not exist');
  });

  it('reads a credential only from the variable it names, and says which setting names a missing one', () => {
    const config = parsePullConfig({ sources: [{ kind: 'github', name: 'pub', repository: 'a/b' }, { kind: 'jira', name: 'core', baseUrl: 'https://j.test', token: { env: 'ST_TEST_JIRA_TOKEN' }, jql: 'project = CORE' }] }, FILE);
    expect(readCredential(config, config.sources[0])).toBeNull(); // public repository: none needed
    expect(() => readCredential(config, config.sources[1])).toThrow(
      'jira "core": the environment variable ST_TEST_JIRA_TOKEN is not set (named by sources[1].token.env in support-trends.config.json)',
    );
    process.env.ST_TEST_JIRA_TOKEN = 'jira-token-value';
    expect(readCredential(config, config.sources[1])).toBe('jira-token-value');
  });

  it('redacts a secret in all the forms it travels in', () => {
    const secret = 'p@ss/word+1';
    const forms = secretForms(secret);
    const text = `raw ${secret} url ${encodeURIComponent(secret)} basic ${Buffer.from(secret).toString('base64')}`;
    const clean = redactSecrets(text, forms);
    expect(clean).toBe('raw [redacted] url [redacted] basic [redacted]');
    expect(redactSecrets('abc', ['ab'])).toBe('abc'); // too short to search for
  });
});
