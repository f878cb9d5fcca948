/** Issue 17: a privacy-first, self-hosted tool starts no Next.js process that reports telemetry. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextChildEnv } from '@/cli/commands/serve';
import { PROJECT_ROOT } from '../helpers/cli';

describe('Next.js telemetry', () => {
  it('is off in the environment of the build and the server the CLI starts, whatever the parent says', () => {
    const env = nextChildEnv({ SUPPORT_TRENDS_DATA_DIR: '/data' }, { NODE_ENV: 'production', PATH: '/bin', NEXT_TELEMETRY_DISABLED: '0' });
    expect(env).toEqual({ NODE_ENV: 'production', PATH: '/bin', SUPPORT_TRENDS_DATA_DIR: '/data', NEXT_TELEMETRY_DISABLED: '1' });
  });

  it('is off for `npm run build`, in server.mjs however it is started, and the README says so', () => {
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toMatch(/^NEXT_TELEMETRY_DISABLED=1 next build$/);
    expect(readFileSync(path.join(PROJECT_ROOT, 'server.mjs'), 'utf8')).toMatch(/^process\.env\.NEXT_TELEMETRY_DISABLED = '1';$/m);
    expect(readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8')).toMatch(/NEXT_TELEMETRY_DISABLED=1/);
  });
});
