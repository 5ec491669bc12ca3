import * as fs from 'fs';
import * as path from 'path';
import { readDeclarationFile } from '../core/declaration/load';
import { describeValue, ValidationError } from '../core/errors';
import { BUILT_IN_ENVIRONMENTS } from '../../stacks/environments';
import type { DeclarationSource } from '../../stacks/sso-app';
import { packageRoot } from '../package';
import { evaluateModule } from './declaration-modules';

/** The project setting every path reads: `cdktf.json` > `context` > `declarations`. */
export const DECLARATIONS_SETTING = 'cdktf.json context.declarations';

export interface ResolvedDeclarations {
  readonly sources: DeclarationSource[];
  /** Where the list came from, for the line `sso synth` prints. */
  readonly origin: string;
}

/**
 * The declarations a command works on, from one place: the files given on the command line,
 * else the files named by the project setting (`cdktf.json`, found from the working directory
 * upward, `context.declarations`: paths relative to it, TypeScript, JSON or YAML), else the
 * built-in example. `cdktf synth` (main.ts), every `sso` command and `sso review --base REF`
 * (which runs the ref's own `sso synth`, so the ref's own setting) all go through here.
 */
export function resolveDeclarations(files: readonly string[]): ResolvedDeclarations {
  if (files.length > 0) {
    return {
      sources: files.map((file) => loadDeclarationFile(file, file, path.basename(file))),
      origin: '--declaration',
    };
  }
  const setting = projectSetting(process.cwd());
  if (setting !== undefined) {
    return {
      sources: setting.files.map((file, i) =>
        loadDeclarationFile(path.resolve(setting.dir, file), `${DECLARATIONS_SETTING}[${i}]`, file),
      ),
      origin: DECLARATIONS_SETTING,
    };
  }
  return { sources: builtInSources(), origin: 'the built-in example' };
}

/** The built-in example's declarations (stacks/staging.ts, stacks/prod.ts). */
export function builtInSources(): DeclarationSource[] {
  return BUILT_IN_ENVIRONMENTS.map((input) => ({
    input: withMetadataFileResolved(input, packageRoot()),
    source: `built-in ${String(input.environment)}`,
  }));
}

/** The sources of `resolveDeclarations`. */
export function declarationSources(files: readonly string[]): DeclarationSource[] {
  return resolveDeclarations(files).sources;
}

function projectSetting(from: string): { dir: string; files: string[] } | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'cdktf.json');
    if (fs.existsSync(file)) return readSetting(file);
    if (path.dirname(dir) === dir) return undefined;
  }
}

function readSetting(file: string): { dir: string; files: string[] } | undefined {
  let config: unknown;
  try {
    config = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ValidationError(
      file,
      `text that is not JSON (${(error as Error).message})`,
      'a cdktf.json file',
    );
  }
  const context = isRecord(config) ? config.context : undefined;
  const list = isRecord(context) ? context.declarations : undefined;
  if (list === undefined) return undefined;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    !list.every((f): f is string => typeof f === 'string' && f.trim() !== '')
  ) {
    throw new ValidationError(
      DECLARATIONS_SETTING,
      describeValue(list),
      'a non-empty list of declaration file paths (TypeScript, JSON or YAML), relative to cdktf.json',
    );
  }
  return { dir: path.dirname(file), files: list };
}

/**
 * A declaration file: JSON or YAML text, or a TypeScript/JavaScript module exporting one
 * declaration. `shown` names it in messages.
 */
export function loadDeclarationFile(file: string, field: string, shown: string): DeclarationSource {
  const absolute = path.resolve(file);
  const input = /\.(ts|js)$/.test(file) ? loadModule(absolute, field, shown) : readDeclarationFile(file);
  return { input: withMetadataFileResolved(input, path.dirname(absolute)), source: shown };
}

function loadModule(file: string, field: string, shown: string): unknown {
  if (!fs.existsSync(file))
    throw new ValidationError(field, describeValue(shown), 'an existing declaration file');
  const exported = evaluateModule(file, field, shown);
  const candidates = exported.default !== undefined ? [exported.default] : Object.values(exported);
  if (candidates.length !== 1) {
    throw new ValidationError(
      field,
      `${shown} exporting ${candidates.length} values (${Object.keys(exported).join(', ') || 'none'})`,
      'a module exporting one declaration (a default export or a single named export)',
    );
  }
  return candidates[0];
}

/**
 * A metadata IdP's `file` is written relative to its declaration, so the declaration works from
 * any working directory; everything after this reads it as an absolute path.
 */
function withMetadataFileResolved(input: unknown, baseDir: string): unknown {
  if (!isRecord(input) || !isRecord(input.idp)) return input;
  const { idp } = input;
  if (idp.kind !== 'metadata' || typeof idp.file !== 'string' || idp.file === '') return input;
  return { ...input, idp: { ...idp, file: path.resolve(baseDir, idp.file) } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
