import * as path from 'path';
import { readDeclarationFile } from '../core/declaration/load';
import { BUILT_IN_ENVIRONMENTS } from '../../stacks/environments';
import type { DeclarationSource } from '../../stacks/sso-app';

const REPOSITORY_ROOT = path.resolve(__dirname, '../..');

/** The declarations a command works on: the given files, or the built-in example. */
export function declarationSources(files: readonly string[]): DeclarationSource[] {
  if (files.length === 0) {
    return BUILT_IN_ENVIRONMENTS.map((input) => ({
      input: withMetadataFileResolved(input, REPOSITORY_ROOT),
      source: `built-in ${String(input.environment)}`,
    }));
  }
  return files.map((file) => ({
    input: withMetadataFileResolved(readDeclarationFile(file), path.dirname(path.resolve(file))),
    source: path.basename(file),
  }));
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
