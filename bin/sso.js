#!/usr/bin/env node
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
/** The folders of TypeScript the command line runs, in a checkout. */
const SOURCES = ['lib', 'stacks'];
/** Compiled checkouts kept: worktrees at other commits (sso review --base) have builds of their own. */
const KEEP = 8;

function typescriptFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return typescriptFiles(full);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
    });
}

/**
 * The hash of the sources. Reading them all costs more than the rest of a short command's start,
 * so the hash is remembered per checkout beside the sizes and modification times it was taken at,
 * and read again only when one of those changed.
 */
function sourceKey(cache) {
  const files = SOURCES.flatMap((folder) => typescriptFiles(path.join(ROOT, folder)));
  const stats = crypto.createHash('sha256');
  for (const file of files) {
    const { size, mtimeMs } = fs.statSync(file);
    stats.update(`${file}\0${size}\0${mtimeMs}\n`);
  }
  const signature = stats.digest('hex');
  const stamp = path.join(
    cache,
    'stamps',
    crypto.createHash('sha256').update(ROOT).digest('hex').slice(0, 16),
  );
  try {
    const [seen, key] = fs.readFileSync(stamp, 'utf8').split('\n');
    if (seen === signature && key) return key;
  } catch {
    // no stamp yet for this checkout
  }
  const content = crypto.createHash('sha256');
  for (const file of files) content.update(`${path.relative(ROOT, file)}\n`).update(fs.readFileSync(file));
  const key = content.digest('hex').slice(0, 16);
  try {
    fs.mkdirSync(path.dirname(stamp), { recursive: true });
    fs.writeFileSync(`${stamp}.${process.pid}`, `${signature}\n${key}`);
    fs.renameSync(`${stamp}.${process.pid}`, stamp);
  } catch {
    // a read-only cache: the next start reads the sources again
  }
  return key;
}

/**
 * A checkout runs its TypeScript bundled by esbuild, with its dependencies, into one file in
 * node_modules/.cache under a hash of the sources: an edit is picked up on the next run, with no
 * build step to forget, and every later run (and every copy or worktree sharing these
 * node_modules) reads one file of JavaScript instead of resolving and compiling ~1,000 modules.
 */
function compiledCheckout() {
  const cache = path.join(ROOT, 'node_modules', '.cache', 'databricks-sso', 'cli');
  const dir = path.join(cache, sourceKey(cache));
  if (fs.existsSync(path.join(dir, 'main.js'))) return dir;
  fs.mkdirSync(cache, { recursive: true });
  // Built aside and renamed into place: runs started at the same time never see half a build.
  const building = fs.mkdtempSync(path.join(cache, 'building-'));
  try {
    bundle(building);
  } catch (error) {
    fs.rmSync(building, { recursive: true, force: true });
    throw error;
  }
  try {
    fs.renameSync(building, dir);
  } catch {
    fs.rmSync(building, { recursive: true, force: true }); // another run got there first
  }
  removeStale(cache);
  return dir;
}

function bundle(building) {
  require('esbuild').buildSync({
    entryPoints: [path.join(ROOT, 'lib', 'cli', 'main.ts')],
    outfile: path.join(building, 'main.js'),
    bundle: true,
    // esbuild runs its own binary, found from its package.
    external: ['esbuild'],
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'error',
  });
}

/** Keeps the newest builds, and drops what a run killed mid-build left (an hour old). */
function removeStale(cache) {
  // Another run may be removing the same entries: one that is gone is not stale.
  const entries = fs.readdirSync(cache).flatMap((entry) => {
    const stat = fs.statSync(path.join(cache, entry), { throwIfNoEntry: false });
    return stat ? [{ entry, used: stat.mtimeMs }] : [];
  });
  const builds = entries.filter(({ entry }) => /^[0-9a-f]{16}$/.test(entry)).sort((a, b) => b.used - a.used);
  const abandoned = entries.filter(
    ({ entry, used }) => entry.startsWith('building-') && Date.now() - used > 3_600_000,
  );
  for (const { entry } of [...builds.slice(KEEP), ...abandoned]) {
    fs.rmSync(path.join(cache, entry), { recursive: true, force: true });
  }
}

/**
 * Runs the bundle with V8's code cache beside it: the bundle is 4 MB, and compiling it (and the
 * functions a run calls) is most of a start once the bundle exists. The cache is written after the
 * first run, so it holds the functions that run compiled.
 */
function runCached(bundle, argv) {
  const vm = require('vm');
  const Module = require('module');
  const cacheFile = `${bundle}.v8-cache`;
  const cachedData = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
  const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), {
    filename: bundle,
    cachedData,
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const compiled = new Module(bundle, module);
  compiled.filename = bundle;
  const requireFromBundle = Module.createRequire(bundle);
  script
    .runInThisContext()
    .call(compiled.exports, compiled.exports, requireFromBundle, compiled, bundle, path.dirname(bundle));
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        const written = `${cacheFile}.${process.pid}`;
        fs.writeFileSync(written, script.createCachedData());
        fs.renameSync(written, cacheFile);
      } catch {
        // A read-only cache only costs the next start its compile.
      }
    });
  }
  compiled.exports.main(argv);
}

const argv = process.argv.slice(2);
// Source maps make every stack trace cdktf captures per token ~10x dearer; SSO_DEBUG=1 turns them
// on for TypeScript positions in an internal error's stack (Node maps what require() compiled, so
// the bundle is then required, without the code cache).
const debug = Boolean(process.env.SSO_DEBUG);
if (debug) process.setSourceMapsEnabled(true);
if (fs.existsSync(path.join(ROOT, 'lib', 'cli', 'main.ts'))) {
  const bundle = path.join(compiledCheckout(), 'main.js');
  if (debug) require(bundle).main(argv);
  else runCached(bundle, argv);
} else {
  // The installed package ships only the compiled JavaScript (dist/, built by `prepack`).
  require(path.join(ROOT, 'dist', 'lib', 'cli', 'main.js')).main(argv);
}
