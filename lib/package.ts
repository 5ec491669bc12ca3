import * as fs from 'fs';
import * as path from 'path';

const PACKAGE_NAME = 'databricks-sso-as-code';

interface Manifest {
  readonly name?: string;
  readonly version?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

function readManifest(dir: string): Manifest | undefined {
  const file = path.join(dir, 'package.json');
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

let root: string | undefined;

/** The directory of the package this code runs from: a checkout, or node_modules/databricks-sso-as-code. */
export function packageRoot(): string {
  // Found once: every path of the package derives from it, and finding it reads package.json files.
  if (root !== undefined) return root;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (readManifest(dir)?.name === PACKAGE_NAME) return (root = dir);
    if (path.dirname(dir) === dir) throw new Error(`no package.json of ${PACKAGE_NAME} above ${__dirname}`);
  }
}

/**
 * A folder of the package's code: its TypeScript in a checkout (`lib/standin`), its compiled
 * JavaScript in an installed copy (`dist/lib/standin`). Code that reads its own files finds them
 * here rather than beside `__dirname`, which a bundle of the command line moves.
 */
export function packagePath(relative: string): string {
  const root = packageRoot();
  const source = path.join(root, relative);
  return fs.existsSync(source) ? source : path.join(root, 'dist', relative);
}

/**
 * The node_modules the package resolves its dependencies from: the consumer's when installed,
 * else the checkout's own.
 */
export function dependencyFolder(): string {
  const root = packageRoot();
  const installed = root.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  return installed >= 0
    ? root.slice(0, installed + `${path.sep}node_modules`.length)
    : path.join(root, 'node_modules');
}

/** The version of the package this command line belongs to. */
export function packageVersion(): string {
  return readManifest(packageRoot())?.version ?? 'unknown';
}

/**
 * The `sso` command line that synthesizes a commit checked out at `project`. In this repository
 * (and its forks) that is the commit's own bin/sso.js, so the base of a review is synthesized by
 * the base's code. A project that installs the package has no command line of its own in git: its
 * declarations at every commit are synthesized by the package installed now.
 *
 * @returns undefined when the commit has neither
 */
export function commandLineFor(project: string): string | undefined {
  const own = path.join(project, 'bin', 'sso.js');
  if (fs.existsSync(own)) return own;
  const manifest = readManifest(project);
  const installs =
    manifest?.name !== PACKAGE_NAME &&
    (manifest?.dependencies?.[PACKAGE_NAME] !== undefined ||
      manifest?.devDependencies?.[PACKAGE_NAME] !== undefined);
  return installs ? path.join(packageRoot(), 'bin', 'sso.js') : undefined;
}
