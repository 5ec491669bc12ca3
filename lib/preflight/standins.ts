import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { dependencyFolder, packagePath } from '../package';

const STANDIN_SOURCES = packagePath(path.join('lib', 'standin'));
const BINDINGS = ['@cdktf/provider-okta', '@cdktf/provider-databricks', '@cdktf/provider-azuread'];

/**
 * The stand-in providers, built on first use into a git-ignored cache (node_modules/.cache, which
 * `npm ci` clears) and rebuilt whenever the pinned bindings or the stand-in sources change: the
 * cache key hashes both. A fresh clone needs nothing beyond `npm ci`.
 *
 * @returns the Terraform CLI configuration file that installs them from a filesystem mirror
 */
export async function ensureStandins(): Promise<string> {
  const cache = path.join(dependencyFolder(), '.cache', 'databricks-sso', 'standins');
  const dir = path.join(cache, cacheKey());
  const ready = path.join(dir, 'terraform.rc');
  if (fs.existsSync(ready)) return ready;
  // Loaded on a cache miss only: deriving schemas reads ~10 MB of bindings.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { providerSchemas } = require('../standin/schema') as typeof import('../standin/schema');
  const { installStandins } = require('../standin/install') as typeof import('../standin/install');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const installed = await installStandins({ dir, schemas: providerSchemas() });
  removeStale(cache, path.basename(dir));
  return installed.cliConfigFile;
}

function cacheKey(): string {
  const hash = createHash('sha256');
  for (const binding of BINDINGS) {
    const manifest = require.resolve(`${binding}/package.json`);
    hash.update(
      `${binding}@${(JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version}\n`,
    );
  }
  for (const file of sourceFiles(STANDIN_SOURCES)) {
    hash.update(`${path.relative(STANDIN_SOURCES, file)}\n`).update(fs.readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Builds for older sources or bindings are never used again. */
function removeStale(cache: string, keep: string): void {
  for (const entry of fs.readdirSync(cache)) {
    if (entry !== keep && /^[0-9a-f]{16}$/.test(entry)) {
      fs.rmSync(path.join(cache, entry), { recursive: true, force: true });
    }
  }
}
