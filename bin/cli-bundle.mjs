// The CLI compiled ahead of time. Compiling the TypeScript sources on every call (tsx) cost
// most of a command's start-up, so the first call bundles cli/main.ts with esbuild (one chunk
// per command, loaded only when that command runs; npm packages stay outside the bundle) into
// node_modules/.cache/support-trends-cli/, and every later call loads that JavaScript.
//
// A stale bundle must never run: the bundle records every source file it was built from with its
// modification time, and a call where any of them changed (an edit, a git checkout, an upgrade)
// rebuilds it first. The check is one stat per source file, a few milliseconds. When the cache cannot be written (a
// read-only installation) the caller falls back to compiling at run time.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Names the current build and the sources it was made from; replaced atomically. */
const MANIFEST = 'current.json';
/** Older builds are kept this long: a command started on one still loads its chunks lazily. */
const KEEP_OLD_BUILDS_MS = 24 * 60 * 60 * 1000;

/** Where the bundles of the installation at `root` live. */
export function cacheDirectory(root) {
  return path.join(root, 'node_modules', '.cache', 'support-trends-cli');
}

/** The bundle's entry as a file URL when it is current for every source it was built from, else null. */
export function currentBundle(root) {
  const cache = cacheDirectory(root);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(cache, MANIFEST), 'utf8'));
  } catch {
    return null;
  }
  for (const [source, recorded] of Object.entries(manifest.sources)) {
    let modified;
    try {
      modified = statSync(path.join(root, source)).mtimeMs;
    } catch {
      return null; // a source was removed or renamed
    }
    // Any change of time, not only a later one: a checkout or an unpacked archive can set
    // times in the past, and a clock set back must not make every call rebuild.
    if (modified !== recorded) return null;
  }
  return pathToFileURL(path.join(cache, manifest.build, 'main.mjs'));
}

/**
 * Bundles cli/main.ts into a new build directory and then points the manifest at it (written
 * aside and renamed), so a concurrent call sees either the old complete build or the new one.
 */
export async function buildBundle(root) {
  const esbuild = await import('esbuild');
  const cache = cacheDirectory(root);
  const startedAt = Date.now();
  const build = `build-${startedAt}-${process.pid}`;
  const outdir = path.join(cache, build);
  mkdirSync(outdir, { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: path.join(root, 'cli', 'main.ts') },
    tsconfig: path.join(root, 'tsconfig.json'),
    bundle: true,
    splitting: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir,
    outExtension: { '.js': '.mjs' },
    metafile: true,
    sourcemap: 'linked',
    logLevel: 'silent',
  });
  const files = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith('node_modules/'));
  files.push('tsconfig.json', 'package.json');
  // A source edited while the build read it is recorded as unknown, so the next call rebuilds.
  const endedAt = Date.now();
  const sources = Object.fromEntries(
    files.map((file) => {
      const modified = statSync(path.join(root, file)).mtimeMs;
      return [file, modified >= startedAt && modified <= endedAt ? -1 : modified];
    }),
  );
  const aside = path.join(cache, `${MANIFEST}.${process.pid}`);
  writeFileSync(aside, JSON.stringify({ build, sources }));
  renameSync(aside, path.join(cache, MANIFEST));
  removeOldBuilds(cache, build);
  return pathToFileURL(path.join(outdir, 'main.mjs'));
}

function removeOldBuilds(cache, keep) {
  for (const entry of readdirSync(cache)) {
    const builtAt = Number(/^build-(\d+)-/.exec(entry)?.[1]);
    if (entry !== keep && builtAt > 0 && Date.now() - builtAt > KEEP_OLD_BUILDS_MS) {
      rmSync(path.join(cache, entry), { recursive: true, force: true });
    }
  }
}
