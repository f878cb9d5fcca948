/**
 * `support-trends users …` as an admin would run it, and `serve`'s refusal to leave loopback
 * without sign-in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_AUTH_ENV } from '../auth/cli-helpers';
import { runCli } from '../helpers/cli';

describe('support-trends users', () => {
  let dir: string;
  let env: Record<string, string>;
  const users = (args: string[], input?: string) => runCli(['users', ...args], env, 120_000, input);

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'st-users-'));
    env = { ...NO_AUTH_ENV, SUPPORT_TRENDS_DATA_DIR: path.join(dir, 'data') };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds users with the password from stdin, and lists them', async () => {
    const added = await users(['add', 'Lea.Lead@Example.com', '--role', 'lead', '--name', 'Lea', '--password-stdin'], 'a long enough passphrase\n');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toMatch(/Added lea\.lead@example\.com \(lead\)/);
    const listed = await users(['list', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ email: 'lea.lead@example.com', name: 'Lea', role: 'lead', methods: ['password'], activeSessions: 0 }]);
  });

  it('never takes a password from the command line, refuses short ones and needs a terminal or --password-stdin', async () => {
    const onArgv = await users(['add', 'x@example.com', '--role', 'viewer', '--password', 'a long enough passphrase']);
    expect(onArgv.code).toBe(2);
    expect(onArgv.stderr).toMatch(/Unknown option '--password'/);
    const short = await users(['add', 'x@example.com', '--role', 'viewer', '--password-stdin'], 'short');
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/at least 12 characters/);
    const noTty = await users(['add', 'x@example.com', '--role', 'viewer']);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toMatch(/--password-stdin/);
  });

  it('changes roles, refuses unknown roles and duplicates, removes users', async () => {
    const promoted = await users(['set-role', 'lea.lead@example.com', 'manager']);
    expect(promoted.code, promoted.stderr).toBe(0);
    expect(promoted.stderr).toMatch(/lead → manager/);
    expect((await users(['set-role', 'lea.lead@example.com', 'owner'])).code).toBe(2);
    const duplicate = await users(['add', 'LEA.LEAD@example.com', '--role', 'viewer', '--password-stdin'], 'a long enough passphrase');
    expect(duplicate.code).toBe(4); // Conflict
    expect((await users(['remove', 'lea.lead@example.com'])).code).toBe(0);
    const gone = await users(['remove', 'lea.lead@example.com']);
    expect(gone.code).toBe(3); // NotFound
  });

  it('shows the audit log of those changes, newest first, limited', async () => {
    const log = await users(['audit', '--limit', '3', '--json']);
    expect(log.code, log.stderr).toBe(0);
    const events = JSON.parse(log.stdout) as { actor: string; action: string; target: string; detail: unknown }[];
    expect(events.map((e) => e.action)).toEqual(['user.remove', 'user.set_role', 'user.add']);
    expect(events[0].actor).toMatch(/^cli:/);
    expect(events[1]).toMatchObject({ target: 'lea.lead@example.com', detail: { from: 'lead', to: 'manager' } });
    const text = await users(['audit']);
    expect(text.stdout).toMatch(/^time\s+actor\s+role\s+action\s+target\s+detail/);
  });
});

describe('support-trends serve without sign-in', () => {
  it('refuses a non-loopback host, and a half-configured sign-in', async () => {
    const open = await runCli(['serve', '--host', '0.0.0.0'], { ...NO_AUTH_ENV });
    expect(open.code).toBe(5); // Forbidden
    expect(open.stderr).toMatch(/Refusing to listen on 0\.0\.0\.0: sign-in is not configured/);
    const half = await runCli(['serve', '--host', '0.0.0.0'], { ...NO_AUTH_ENV, SUPPORT_TRENDS_AUTH_SECRET: 'y'.repeat(40) });
    expect(half.code).toBe(2); // InvalidInput
    expect(half.stderr).toMatch(/SUPPORT_TRENDS_BASE_URL is not/);
  });
});
