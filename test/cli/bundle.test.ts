import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript module without types (it runs before any TypeScript loader)
import { buildBundle, currentBundle } from '../../bin/cli-bundle.mjs';

/** A miniature installation: cli/main.ts importing one module through the @/ alias. */
function makeInstallation(greeting: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'cli-bundle-'));
  mkdirSync(path.join(root, 'cli'));
  mkdirSync(path.join(root, 'lib'));
  writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] } } }));
  writeFileSync(path.join(root, 'package.json'), '{"type":"module"}');
  writeFileSync(path.join(root, 'lib', 'greeting.ts'), `export const greeting: string = ${JSON.stringify(greeting)};`);
  writeFileSync(
    path.join(root, 'cli', 'main.ts'),
    `export async function main(): Promise<string> { return (await import('@/lib/greeting')).greeting; }`,
  );
  return root;
}

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

async function run(entry: URL): Promise<string> {
  return (await import(`${entry.href}?${Math.random()}`)).main();
}

describe('the ahead-of-time CLI bundle', () => {
  it('is built once and then reused while no source changed', async () => {
    const root = makeInstallation('hello');
    roots.push(root);
    expect(currentBundle(root)).toBeNull();
    const built: URL = await buildBundle(root);
    expect(await run(built)).toBe('hello');
    expect(currentBundle(root)?.href).toBe(built.href);
  });

  it('is stale as soon as any source it was built from changes, and the rebuild runs the new code', async () => {
    const root = makeInstallation('hello');
    roots.push(root);
    await buildBundle(root);
    // An edit to a module reached only through a lazy import counts too.
    writeFileSync(path.join(root, 'lib', 'greeting.ts'), 'export const greeting: string = "edited";');
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(root, 'lib', 'greeting.ts'), later, later);
    expect(currentBundle(root)).toBeNull();
    expect(await run(await buildBundle(root))).toBe('edited');
  });

  it('is stale when a source it was built from is gone, or tsconfig.json changed', async () => {
    const root = makeInstallation('hello');
    roots.push(root);
    await buildBundle(root);
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(root, 'tsconfig.json'), later, later);
    expect(currentBundle(root)).toBeNull();
    await buildBundle(root);
    expect(currentBundle(root)).not.toBeNull();
    rmSync(path.join(root, 'lib', 'greeting.ts'));
    expect(currentBundle(root)).toBeNull();
  });
});
