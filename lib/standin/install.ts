import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { packagePath } from '../package';
import type { ProviderSchemaFile } from './schema/types';

/*
 * Lays out stand-in providers where `terraform init` finds them offline: one bundle of the
 * plugin server, each provider's schema file, a filesystem mirror holding one executable
 * wrapper per provider under its real registry address and version, and a CLI configuration
 * that installs those addresses from the mirror and never from the network.
 */

export interface InstallOptions {
  /** Where to install; created by the call, which fails if it holds stand-ins of other schemas. */
  readonly dir: string;
  readonly schemas: readonly ProviderSchemaFile[];
}

export interface InstalledProvider {
  /** `registry.terraform.io/okta/okta` */
  readonly address: string;
  readonly version: string;
  /** The wrapper Terraform runs: `node <bundle> <schema file>`. */
  readonly executable: string;
  readonly schemaFile: string;
}

export interface InstalledStandins {
  readonly dir: string;
  /** For `TF_CLI_CONFIG_FILE`: `<dir>/terraform.rc`. */
  readonly cliConfigFile: string;
  /** For a filesystem_mirror block of another CLI configuration. */
  readonly mirrorDir: string;
  /** The plugin server, which a leftover process would be running. */
  readonly bundle: string;
  readonly providers: readonly InstalledProvider[];
}

const MANIFEST = 'standins.json';
const BUNDLE = 'standin-provider.js';
const CLI_CONFIG = 'terraform.rc';

/**
 * Installs stand-ins into `dir` atomically: everything is written into a temporary sibling that
 * is then renamed, so a concurrent reader sees either no `dir` or a complete one. When another
 * process installed the same schemas there first, its installation is kept and described.
 */
export function installStandins(options: InstallOptions): InstalledStandins {
  const dir = path.resolve(options.dir);
  const bundle = bundlePlugin();
  const manifest = JSON.stringify({ node: process.execPath, hash: installHash(bundle, options.schemas) });
  const installed = describe(dir, options.schemas);
  if (fs.existsSync(dir)) return checked(installed, manifest);

  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const temporary = `${dir}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    write(temporary, installed, bundle, options.schemas, manifest);
    fs.renameSync(temporary, dir);
  } catch (error) {
    fs.rmSync(temporary, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && fs.existsSync(dir))
      return checked(installed, manifest);
    throw error;
  }
  return installed;
}

/** Terraform's name for the platform a provider binary runs on (`linux_amd64`). */
export function terraformPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const os = { linux: 'linux', darwin: 'darwin', freebsd: 'freebsd', openbsd: 'openbsd' }[platform];
  const cpu = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' }[arch];
  // Terraform runs a provider only from an .exe on Windows, and the wrapper is a shell script.
  if (!os || !cpu) throw new Error(`stand-in providers do not run on ${platform}/${arch}`);
  return `${os}_${cpu}`;
}

function describe(dir: string, schemas: readonly ProviderSchemaFile[]): InstalledStandins {
  const mirrorDir = path.join(dir, 'mirror');
  const platform = terraformPlatform();
  return {
    dir,
    cliConfigFile: path.join(dir, CLI_CONFIG),
    mirrorDir,
    bundle: path.join(dir, BUNDLE),
    providers: schemas.map((schema) => {
      const { hostname, namespace, type } = parseAddress(schema.address);
      return {
        address: `${hostname}/${namespace}/${type}`,
        version: schema.version,
        executable: path.join(
          mirrorDir,
          hostname,
          namespace,
          type,
          schema.version,
          platform,
          `terraform-provider-${type}_v${schema.version}`,
        ),
        schemaFile: path.join(dir, 'schemas', `${hostname}_${namespace}_${type}_${schema.version}.json`),
      };
    }),
  };
}

function write(
  root: string,
  installed: InstalledStandins,
  bundle: Uint8Array,
  schemas: readonly ProviderSchemaFile[],
  manifest: string,
): void {
  // The wrappers and the configuration name final paths: they are read after the rename.
  const relocate = (file: string) => path.join(root, path.relative(installed.dir, file));
  fs.mkdirSync(relocate(path.join(installed.dir, 'schemas')), { recursive: true });
  fs.writeFileSync(relocate(installed.bundle), bundle);
  installed.providers.forEach((provider, index) => {
    fs.writeFileSync(relocate(provider.schemaFile), JSON.stringify(schemas[index]));
    fs.mkdirSync(path.dirname(relocate(provider.executable)), { recursive: true });
    fs.writeFileSync(
      relocate(provider.executable),
      `#!/bin/sh\nexec ${[process.execPath, installed.bundle, provider.schemaFile].map(shellQuote).join(' ')}\n`,
      { mode: 0o755 },
    );
  });
  fs.writeFileSync(relocate(installed.cliConfigFile), cliConfig(installed));
  fs.writeFileSync(path.join(root, MANIFEST), manifest);
}

function cliConfig(installed: InstalledStandins): string {
  const addresses = [...new Set(installed.providers.map((provider) => provider.address))].map(hclString);
  return [
    'disable_checkpoint = true',
    '',
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${hclString(installed.mirrorDir)}`,
    `    include = [${addresses.join(', ')}]`,
    '  }',
    '  direct {',
    `    exclude = [${addresses.join(', ')}]`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** One esbuild bundle of the plugin server, so that starting a provider loads no TypeScript. */
function bundlePlugin(): Uint8Array {
  // Loaded on demand: esbuild is needed only to install.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const result = esbuild.buildSync({
    // main.ts in the repository, main.js in the installed package's dist/.
    entryPoints: [pluginEntry()],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild wrote no bundle of the stand-in provider');
  return output.contents;
}

function pluginEntry(): string {
  const provider = packagePath(path.join('lib', 'standin', 'provider'));
  const source = path.join(provider, 'main.ts');
  return fs.existsSync(source) ? source : path.join(provider, 'main.js');
}

function installHash(bundle: Uint8Array, schemas: readonly ProviderSchemaFile[]): string {
  const hash = createHash('sha256').update(bundle);
  for (const schema of schemas) hash.update(JSON.stringify(schema));
  return hash.digest('hex');
}

function checked(installed: InstalledStandins, manifest: string): InstalledStandins {
  let found: string | undefined;
  try {
    found = fs.readFileSync(path.join(installed.dir, MANIFEST), 'utf8');
  } catch {
    found = undefined;
  }
  if (found !== manifest) {
    throw new Error(`${installed.dir} already exists and holds something else than these stand-ins`);
  }
  return installed;
}

/** `registry.terraform.io/okta/okta`, or `okta/okta` for the default registry. */
function parseAddress(address: string): { hostname: string; namespace: string; type: string } {
  const parts = address.split('/');
  const [hostname, namespace, type] = parts.length === 2 ? ['registry.terraform.io', ...parts] : parts;
  if (
    parts.length < 2 ||
    parts.length > 3 ||
    !hostname ||
    !namespace ||
    !type ||
    !/^[a-z0-9-]+$/.test(type)
  ) {
    throw new Error(`not a provider address: ${address}`);
  }
  return { hostname, namespace, type };
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** An HCL quoted string: JSON's escapes, and `${` / `%{` kept literal. */
function hclString(text: string): string {
  return JSON.stringify(text).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}
