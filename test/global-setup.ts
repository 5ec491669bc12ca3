import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
/** The folders of TypeScript the command line runs. */
const COMPILED = ['lib', 'stacks'];

/**
 * Compiles the command line's TypeScript (lib/, stacks/) to JavaScript once for the whole run, in
 * the repository's layout under a temporary directory, so that the tests spawning `sso` do not pay
 * tsx's require hook and compile cache in every child (test/cli/sso.ts). Files are transpiled one
 * by one, not bundled: each module keeps its own path, as under tsx. The tests that spawn the real
 * bin/sso.js (review, metadata, and every project copy in test/cli/git-project.ts) still do.
 */
export default function globalSetup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-test-cli-'));
  esbuild.buildSync({
    entryPoints: COMPILED.flatMap((folder) => sources(path.join(ROOT, folder))),
    outdir: dir,
    outbase: ROOT,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
  // Everything else is the repository's own (package.json, whose version \`sso --version\` reads,
  // node_modules, examples, ...): what the code finds from its own directory, it finds there.
  for (const entry of fs.readdirSync(ROOT)) {
    if (!COMPILED.includes(entry) && entry !== '.git')
      fs.symlinkSync(path.join(ROOT, entry), path.join(dir, entry));
  }
  // What bin/sso.js does once tsx is registered.
  fs.writeFileSync(
    path.join(dir, 'sso.js'),
    "'use strict';\nrequire('./lib/cli/main.js').main(process.argv.slice(2));\n",
  );
  process.env.SSO_TEST_CLI = dir;
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}
