/**
 * A static check that keeps future pages honest: every page, route handler and server action
 * must ask the access seam (lib/auth/viewer.ts) who is looking — `await requireRole(…)` or
 * `await getViewer()`, directly or through a known wrapper that does. proxy.ts only turns away
 * requests without a cookie; the seam is what checks the session and the role.
 *
 * A file that is public by design goes in PUBLIC with the reason.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageRole } from '@/lib/auth/page-roles';
import { PROJECT_ROOT } from '../helpers/cli';

/** Files that are reachable without a session, and why. */
const PUBLIC: Record<string, string> = {
  'app/(auth)/sign-in/page.tsx': 'the sign-in page itself',
  'app/api/auth/[...all]/route.ts': "better-auth's endpoints (sign-in, SSO callback, sign-out) check their own input",
};

/** Helpers that call the seam for their callers: name → the file that defines it. */
const WRAPPERS: Record<string, string> = {
  openPage: 'lib/page-context.ts',
};

const SEAM_CALL = /\bawait\s+(requireRole|getViewer)\s*\(/;

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

/** The source without comments, so a mention in a comment does not count as a call. */
function code(file: string): string {
  return readFileSync(path.join(PROJECT_ROOT, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1');
}

function callsSeam(source: string): boolean {
  if (SEAM_CALL.test(source)) return true;
  return Object.keys(WRAPPERS).some((name) => new RegExp(`\\bawait\\s+${name}\\s*\\(`).test(source));
}

const relative = (full: string) => path.relative(PROJECT_ROOT, full).split(path.sep).join('/');
const appFiles = walk(path.join(PROJECT_ROOT, 'app')).map(relative);
const libFiles = walk(path.join(PROJECT_ROOT, 'lib')).map(relative);

const pages = appFiles.filter((f) => /(^|\/)page\.(tsx|ts|jsx|js)$/.test(f));
const routes = appFiles.filter((f) => /(^|\/)route\.(ts|js)$/.test(f));
/** Modules of server actions: a 'use server' directive at the top or inside a function. */
const serverActionFiles = [...appFiles, ...libFiles].filter(
  (f) => /\.(tsx?|jsx?)$/.test(f) && /^\s*['"]use server['"];?\s*$/m.test(readFileSync(path.join(PROJECT_ROOT, f), 'utf8')),
);

describe('every page, route handler and server action goes through the access seam', () => {
  it('finds the files it checks (a wrong path would make this test vacuous)', () => {
    expect(pages.length).toBeGreaterThan(0);
    expect(routes.length).toBeGreaterThan(0);
    for (const file of Object.keys(PUBLIC)) expect(appFiles, `PUBLIC lists ${file}, which no longer exists`).toContain(file);
  });

  it('the wrappers themselves call requireRole', () => {
    for (const [name, file] of Object.entries(WRAPPERS)) {
      const source = code(file);
      expect(source, `${file} should define ${name}`).toMatch(new RegExp(`export\\s+(async\\s+)?function\\s+${name}\\b`));
      expect(SEAM_CALL.test(source), `${name} (${file}) must await requireRole/getViewer`).toBe(true);
    }
  });

  it.each(pages.filter((f) => !(f in PUBLIC)))('page %s', (file) => {
    expect(callsSeam(code(file)), `${file} must await requireRole(role) (or openPage) before reading data`).toBe(true);
  });

  it.each(routes.filter((f) => !(f in PUBLIC)))('route handler %s', (file) => {
    const source = code(file);
    const handlers = source.match(/export\s+(async\s+)?function\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g) ?? [];
    const seamCalls = source.match(new RegExp(SEAM_CALL.source, 'g')) ?? [];
    expect(handlers.length, `${file} exports no handler the check can see`).toBeGreaterThan(0);
    // Each exported handler needs its own check (a GET that checks does not protect a POST).
    expect(seamCalls.length, `${file}: each of ${handlers.length} handler(s) must await requireRole/getViewer`).toBeGreaterThanOrEqual(handlers.length);
  });

  it.runIf(serverActionFiles.length > 0).each(serverActionFiles)('server actions in %s', (file) => {
    const source = code(file);
    const actions = source.match(/export\s+async\s+function\s+\w+/g) ?? [];
    const seamCalls = source.match(new RegExp(SEAM_CALL.source, 'g')) ?? [];
    expect(seamCalls.length, `${file}: each of ${actions.length} exported action(s) must await requireRole/getViewer`).toBeGreaterThanOrEqual(actions.length);
  });
});

describe('the dashboard layout refuses each page for the role the page itself needs', () => {
  /** "app/(dashboard)/imports/[runId]/page.tsx" → "/imports/1". */
  const urlOf = (file: string) =>
    '/' +
    file
      .replace(/^app\//, '')
      .replace(/\/?page\.tsx$/, '')
      .split('/')
      .filter((segment) => segment && !/^\(.*\)$/.test(segment))
      .map((segment) => (/^\[.*\]$/.test(segment) ? '1' : segment))
      .join('/');
  const dashboardPages = pages.filter((f) => f.startsWith('app/(dashboard)/'));

  it('finds the dashboard pages', () => {
    expect(dashboardPages.length).toBeGreaterThanOrEqual(10);
    expect(urlOf('app/(dashboard)/imports/[runId]/page.tsx')).toBe('/imports/1');
    expect(urlOf('app/(dashboard)/(overview)/page.tsx')).toBe('/');
  });

  it.each(dashboardPages)('%s', (file) => {
    const role = /\bopenPage\(\s*'(viewer|lead|manager|admin)'/.exec(code(file))?.[1] ?? /\brequireRole\(\s*'(\w+)'/.exec(code(file))?.[1];
    expect(role, `${file} names no role`).toBeTruthy();
    expect(pageRole(urlOf(file)), `lib/auth/page-roles.ts disagrees with ${file}`).toBe(role);
  });
});
