import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { FakeServer } from './fake-server';
import { githubFake, githubIssue, type GithubFakeData } from './fakes/github';
import { FAST_HTTP } from './pull-helpers';

const TOKEN = 'ghp_cliTestToken0123456789';
const REPO = 'acme/app';

describe('support-trends pull', () => {
  let dir: string;
  let fake: FakeServer;
  let configFile: string;
  const data: GithubFakeData = {
    repo: REPO,
    issues: [1, 2, 3].map((n) => githubIssue(REPO, n, `2026-03-02T0${n}:00:00Z`)),
    comments: new Map(),
    releases: [{ tag_name: 'v1.0.0', draft: false, published_at: '2026-03-01T00:00:00Z' }],
    authorization: `Bearer ${TOKEN}`,
    maxPerPage: 2,
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'st-cli-pull-'));
    fake = await FakeServer.start((request, origin) => githubFake(data)(request, origin));
    configFile = path.join(dir, 'pulls.json');
    await writeFile(configFile, JSON.stringify({ http: FAST_HTTP, sources: [{ kind: 'github', name: 'app', baseUrl: fake.origin, repository: REPO, token: { env: 'ST_CLI_GH_TOKEN' } }] }));
  });
  afterAll(async () => {
    await fake?.close();
    await rm(dir, { recursive: true, force: true });
  });

  // Four CLI starts: 49 s alone on this machine, over a minute beside other test files.
  it('pulls with the config named by SUPPORT_TRENDS_CONFIG, resumes, and fails clearly on a rejected token', async () => {
    const env = { SUPPORT_TRENDS_CONFIG: configFile, SUPPORT_TRENDS_DATA_DIR: path.join(dir, 'data'), ST_CLI_GH_TOKEN: TOKEN };
    const first = await runCli(['pull', '--no-analyze'], env);
    expect(first.stderr).toContain('github "app": 2 page(s) · 4 rows read · 4 new · 0 updated · 0 unchanged · 0 rejected');
    expect(first.stderr).toContain('first pull');
    expect(first.code).toBe(0);

    const second = await runCli(['pull', '--no-analyze', '--source', 'app'], env);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('0 new · 0 updated · 2 unchanged'); // issue #3 re-read (since is inclusive) and the release

    const rejected = await runCli(['pull', '--no-analyze'], { ...env, ST_CLI_GH_TOKEN: 'ghp_revokedToken987654321' });
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain(
      `github "app": FAILED — github "app": the API rejected the credentials (401: Bad credentials). Check the environment variable ST_CLI_GH_TOKEN named by sources[0].token.env in ${configFile}`,
    );
    expect(rejected.stderr + rejected.stdout).not.toContain('ghp_revokedToken987654321');

    const unknown = await runCli(['pull', '--source', 'nope', '--config', configFile], env);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('No source named "nope"');
  }, 180_000);

  it('refuses an invalid config before opening the database', async () => {
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ sources: [{ kind: 'github', name: 'app', repository: REPO, token: 'ghp_literalSecret123' }] }));
    const result = await runCli(['pull', '--config', bad], { SUPPORT_TRENDS_DATA_DIR: path.join(dir, 'unused') });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad}: sources[0].token: must be {"env": "VARIABLE_NAME"}`);
    expect(result.stderr).not.toContain('ghp_literalSecret123');
  });
});
