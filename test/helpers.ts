import { App, Testing } from 'cdktf';
import type { EnvironmentDeclaration } from '../lib/core/declaration/schema';
import { checkStackIntegrity } from '../lib/core/terraform/integrity';
import { prod } from '../stacks/prod';
import { staging } from '../stacks/staging';
import { addEnvironments } from '../stacks/sso-app';

/** A fresh, mutable copy of a built-in declaration. */
export function example(
  env: 'staging' | 'prod' = 'staging',
): EnvironmentDeclaration & Record<string, unknown> {
  return structuredClone(env === 'staging' ? staging : prod) as EnvironmentDeclaration &
    Record<string, unknown>;
}

export interface SynthesizedJson {
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown; sensitive?: boolean }>;
  readonly provider?: Record<string, Record<string, unknown>[]>;
  readonly terraform: Record<string, unknown>;
  readonly locals?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/**
 * Synthesizes declarations (in rollout order) and returns each stack's Terraform JSON as a string.
 * Every stack synthesized through here must pass the integrity checker: a dangling reference or
 * an unescaped IdP expression fails the test that produced it.
 */
export function synthesize(...declarations: unknown[]): Record<string, string> {
  const app = Testing.app();
  const stacks = addEnvironments(
    app as App,
    declarations.map((input, i) => ({ input, source: `test declaration ${i}` })),
  );
  return Object.fromEntries(
    stacks.map((stack) => {
      const json = Testing.synth(stack, true);
      const problems = checkStackIntegrity(JSON.parse(json));
      if (problems.length > 0) {
        throw new Error(
          `integrity problems in ${stack.node.id}:\n${problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`,
        );
      }
      return [stack.node.id, json];
    }),
  );
}

/** Synthesizes one declaration and parses its stack. */
export function synthesizeJson(declaration: unknown): SynthesizedJson {
  const [json] = Object.values(synthesize(declaration));
  return JSON.parse(json as string) as SynthesizedJson;
}

/** Synthesizes prod (after the built-in staging it promotes after) and parses its stack. */
export function synthesizeProd(prod: unknown = example('prod')): SynthesizedJson {
  return JSON.parse(synthesize(example('staging'), prod).prod as string) as SynthesizedJson;
}
