/**
 * A lockfile for a throwaway consumer project, cut from this repository's own package-lock.json:
 * with it, `npm ci --offline` installs the packed tarball and its peers from the npm cache that
 * this repository's `npm ci` filled, so the consumer test needs no network and installs exactly
 * the versions the repository is tested with.
 */

interface LockEntry {
  readonly version?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly [field: string]: unknown;
}

export interface Lockfile {
  readonly name?: string;
  readonly lockfileVersion: number;
  readonly packages: Readonly<Record<string, LockEntry>>;
}

export interface PackedPackage {
  /** The package.json inside the tarball. */
  readonly manifest: {
    readonly name: string;
    readonly version: string;
    readonly dependencies?: Record<string, string>;
    readonly peerDependencies?: Record<string, string>;
    readonly bin?: Record<string, string>;
    readonly engines?: Record<string, string>;
    readonly license?: string;
  };
  /** The tarball, relative to the consumer project (`file:` specifier). */
  readonly file: string;
  /** The tarball's sha512 integrity (`sha512-...`). */
  readonly integrity: string;
}

/**
 * @param repository - this repository's lockfile (lockfileVersion 3), whose root is the package
 * @param consumer - the consumer's name and its dependencies other than the package
 * @param packed - the tarball the consumer installs
 */
export function consumerLockfile(
  repository: Lockfile,
  consumer: { readonly name: string; readonly dependencies: Readonly<Record<string, string>> },
  packed: PackedPackage,
): Lockfile {
  const available = repository.packages;
  const packages: Record<string, LockEntry> = {};
  const pending: string[] = [];
  const want = (from: string, name: string, optional: boolean): void => {
    const found = resolve(available, from, name);
    if (found === undefined) {
      if (optional) return;
      throw new Error(`${name} (needed by ${from || 'the consumer'}) is not in the repository's lockfile`);
    }
    if (!(found in packages)) {
      packages[found] = withoutTreeFlags(available[found] as LockEntry);
      pending.push(found);
    }
  };
  // The package's own dependencies sit at the repository's root: it is the repository.
  for (const name of Object.keys(packed.manifest.dependencies ?? {})) want('', name, false);
  for (const name of Object.keys(consumer.dependencies)) want('', name, false);
  while (pending.length > 0) {
    const at = pending.pop() as string;
    const entry = packages[at] as LockEntry;
    for (const name of Object.keys(entry.dependencies ?? {})) want(at, name, false);
    for (const name of Object.keys(entry.optionalDependencies ?? {})) want(at, name, true);
    for (const name of Object.keys(entry.peerDependencies ?? {})) {
      want(at, name, entry.peerDependenciesMeta?.[name]?.optional === true);
    }
  }
  const { manifest } = packed;
  packages[`node_modules/${manifest.name}`] = {
    version: manifest.version,
    resolved: `file:${packed.file}`,
    integrity: packed.integrity,
    ...(manifest.license ? { license: manifest.license } : {}),
    ...(manifest.dependencies ? { dependencies: manifest.dependencies } : {}),
    ...(manifest.peerDependencies ? { peerDependencies: manifest.peerDependencies } : {}),
    ...(manifest.bin ? { bin: manifest.bin } : {}),
    ...(manifest.engines ? { engines: manifest.engines } : {}),
  };
  const dependencies = { ...consumer.dependencies, [manifest.name]: `file:${packed.file}` };
  const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    name: consumer.name,
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: consumer.name, version: '1.0.0', dependencies }, ...sorted },
  } as Lockfile;
}

/** Node's lookup: the nearest node_modules/<name> from `from` up to the root. */
function resolve(
  packages: Readonly<Record<string, LockEntry>>,
  from: string,
  name: string,
): string | undefined {
  for (let base = from; ;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (candidate in packages && !packages[candidate]?.link) return candidate;
    if (base === '') return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent < 0 ? '' : base.slice(0, parent);
  }
}

/** dev/peer flags describe the repository's tree; npm works them out again for the consumer's. */
function withoutTreeFlags(entry: LockEntry): LockEntry {
  const copy: Record<string, unknown> = { ...entry };
  delete copy.dev;
  delete copy.devOptional;
  delete copy.peer;
  return copy;
}
