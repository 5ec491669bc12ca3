import { Testing } from 'cdktf';
import { validateDeclarations } from '../../../lib/core/declaration/validate';
import { checkPolicy, type EnvironmentUnderPolicy } from '../../../lib/core/policy/pack';
import type { Finding, PolicyReport } from '../../../lib/core/policy/types';
import { SsoStack } from '../../../stacks/sso-stack';

/** The day the built-in examples were last reviewed: every signing key is fresh. */
export const TODAY = new Date('2026-11-25T00:00:00Z');

export type MutableJson = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Builds each declaration's stack without the policy pack (as addEnvironments would, minus the
 * enforcement) and returns what the pack sees: the declaration and its Terraform JSON, a plain
 * copy that tests may alter the way an override or escape hatch would.
 */
export function underPolicy(...inputs: unknown[]): (EnvironmentUnderPolicy & { stacks: MutableJson })[] {
  const app = Testing.app();
  const declarations = validateDeclarations(inputs.map((input, i) => ({ input, source: `test ${i}` })));
  return declarations.map((declaration) => {
    const stack = new SsoStack(app, declaration.environment, { declaration });
    return {
      declaration,
      stacks: { [declaration.environment]: structuredClone(stack.toTerraform()) as MutableJson },
    };
  });
}

/** The findings of one rule over a set of environments. */
export function findingsOf(
  rule: string,
  environments: readonly EnvironmentUnderPolicy[],
  at: Date = TODAY,
): Finding[] {
  return checkPolicy(environments, at).findings.filter((f) => f.rule === rule);
}

export function report(environments: readonly EnvironmentUnderPolicy[], at: Date = TODAY): PolicyReport {
  return checkPolicy(environments, at);
}
