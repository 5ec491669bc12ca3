import * as path from 'path';
import { readDeclarationFile } from '../core/declaration/load';
import { BUILT_IN_ENVIRONMENTS } from '../../stacks/environments';
import type { DeclarationSource } from '../../stacks/sso-app';

/** The declarations a command works on: the given files, or the built-in example. */
export function declarationSources(files: readonly string[]): DeclarationSource[] {
  if (files.length === 0) {
    return BUILT_IN_ENVIRONMENTS.map((input) => ({ input, source: `built-in ${String(input.environment)}` }));
  }
  return files.map((file) => ({ input: readDeclarationFile(file), source: path.basename(file) }));
}
