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
 * A checkout runs its TypeScript bundled by esbuild, with its dependencies, into one file in
 * node_modules/.cache under a hash of the sources: an edit is picked up on the next run, with no
 * build step to forget, and every later run (and every copy or worktree sharing these
 * node_modules) reads one file of JavaScript instead of resolving and compiling ~1,000 modules.
 */
function compiledCheckout() {
  const files = SOURCES.flatMap((folder) => typescriptFiles(path.join(ROOT, folder)));
  const hash = crypto.createHash('sha256');
  for (const file of files) hash.update(`${path.relative(ROOT, file)}\n`).update(fs.readFileSync(file));
  const cache = path.join(ROOT, 'node_modules', '.cache', 'databricks-sso', 'cli');
  const dir = path.join(cache, hash.digest('hex').slice(0, 16));
  if (fs.existsSync(path.join(dir, 'main.js'))) return dir;
  fs.mkdirSync(cache, { recursive: true });
  // Built aside and renamed into place: runs started at the same time never see half a build.
  const building = fs.mkdtempSync(path.join(cache, 'building-'));
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
  try {
    fs.renameSync(building, dir);
  } catch {
    fs.rmSync(building, { recursive: true, force: true }); // another run got there first
  }
  const builds = fs
    .readdirSync(cache)
    .filter((entry) => /^[0-9a-f]{16}$/.test(entry))
    .map((entry) => ({ entry, used: fs.statSync(path.join(cache, entry)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const { entry } of builds.slice(KEEP)) {
    fs.rmSync(path.join(cache, entry), { recursive: true, force: true });
  }
  return dir;
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
  compiled.paths = Module._nodeModulePaths(path.dirname(bundle));
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

const checkout = fs.existsSync(path.join(ROOT, 'lib', 'cli', 'main.ts'));
// Source maps make every stack trace cdktf captures per token ~10x dearer; SSO_DEBUG=1 turns them
// on for TypeScript positions in an internal error's stack.
if (process.env.SSO_DEBUG) process.setSourceMapsEnabled(true);
// The installed package ships only the compiled JavaScript (dist/, built by `prepack`).
if (checkout) runCached(path.join(compiledCheckout(), 'main.js'), process.argv.slice(2));
else require(path.join(ROOT, 'dist', 'lib', 'cli', 'main.js')).main(process.argv.slice(2));
