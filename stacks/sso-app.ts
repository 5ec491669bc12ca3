import { App } from 'cdktf';
import { validateDeclarations } from '../lib/core/declaration/validate';
import { SsoStack } from './sso-stack';

export interface DeclarationSource {
  readonly input: unknown;
  /** Names the declaration in error messages (a file name, or "built-in <env>"). */
  readonly source: string;
}

/**
 * Validates every declaration first, then adds one stack per environment. Nothing is added
 * to the app when any declaration is invalid, so a failed run synthesizes nothing.
 * Environments that promote after another depend on it, so `cdktf deploy` rolls staging first.
 */
export function addEnvironments(app: App, sources: readonly DeclarationSource[]): SsoStack[] {
  const declarations = validateDeclarations(sources);
  const stacks = new Map<string, SsoStack>();
  for (const declaration of declarations) {
    stacks.set(declaration.environment, new SsoStack(app, declaration.environment, { declaration }));
  }
  for (const stack of stacks.values()) {
    const leader = stack.declaration.promotesAfter;
    if (leader !== undefined) stack.addDependency(stacks.get(leader) as SsoStack);
  }
  return [...stacks.values()];
}
