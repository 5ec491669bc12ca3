import * as fs from 'fs';
import * as path from 'path';
import { SCIM_TOKEN_VARIABLE } from '../../lib/constructs/entra-scim-provisioning';
import { ROOT } from '../cli/sso';
import { CliRun, readTree, sso } from './cli';

/*
 * Planted secrets: a marker in every channel a credential reaches the command line through, and a
 * scan of what each command printed or wrote. secrets.test.ts runs every command; the Terraform
 * run of `sso preflight` is in secrets.terraform.test.ts.
 */

/** Recognisable in any artifact; each channel appends its own name, so a leak says where it came from. */
export const SECRET = 'SSO-PLANTED-SECRET-7f3a9c';
/** The environment variables the providers (and Terraform, for TF_VAR_) read credentials from. */
const CHANNELS = [
  'OKTA_API_TOKEN',
  'OKTA_ACCESS_TOKEN',
  'OKTA_API_PRIVATE_KEY',
  'DATABRICKS_CLIENT_SECRET',
  'DATABRICKS_TOKEN',
  'DATABRICKS_PASSWORD',
  'ARM_CLIENT_SECRET',
  'AZURE_CLIENT_SECRET',
  'GOOGLE_CREDENTIALS',
  `TF_VAR_${SCIM_TOKEN_VARIABLE}`,
];
const EXAMPLES = ['azure.yaml', 'entra-aws.yaml', 'pingfederate-gcp.yaml'].map((f) =>
  path.join(ROOT, 'examples', f),
);
export const fromExamples = EXAMPLES.flatMap((file) => ['--declaration', file]);

export interface Artifact {
  readonly invocation: string;
  readonly result: CliRun;
}

/** Runs `sso` with the secret planted in every channel, recording what it printed. */
export async function runPlanted(argv: readonly string[], artifacts: Artifact[]): Promise<CliRun> {
  const saved = { ...process.env };
  for (const name of CHANNELS) process.env[name] = `${SECRET}-${name}`;
  // A fixed day: `rotation` exits 1 once a key is overdue, which is not what these tests are about.
  process.env.SSO_CLOCK = '2026-11-25';
  try {
    const result = await sso(argv);
    artifacts.push({ invocation: `sso ${argv.join(' ')}`, result });
    return result;
  } finally {
    process.env = saved;
  }
}

/** The invocations that failed, with what they printed on stderr. */
export function failures(artifacts: readonly Artifact[]): string[] {
  return artifacts.filter((a) => a.result.code !== 0).map((a) => `${a.invocation}: ${a.result.stderr}`);
}

/** Where the secret turned up: an invocation's stdout or stderr, or a file written under `dir`. */
export function leaks(artifacts: readonly Artifact[], dir: string): string[] {
  const found = artifacts.flatMap(({ invocation, result }) =>
    [
      ['stdout', result.stdout],
      ['stderr', result.stderr],
    ]
      .filter(([, text]) => (text as string).includes(SECRET))
      .map(([where]) => `${invocation}: ${where}`),
  );
  for (const [file, text] of Object.entries(readTree(dir))) {
    if (text.includes(SECRET)) found.push(file);
  }
  return found;
}

/** The stacks of the given outputs, by environment. */
export function synthesizedStacks(outs: readonly string[]): Record<string, SynthesizedStack> {
  const stacks: Record<string, SynthesizedStack> = {};
  for (const out of outs) {
    for (const env of fs.readdirSync(path.join(out, 'stacks'))) {
      stacks[env] = JSON.parse(
        fs.readFileSync(path.join(out, 'stacks', env, 'cdk.tf.json'), 'utf8'),
      ) as SynthesizedStack;
    }
  }
  return stacks;
}

export interface SynthesizedStack {
  readonly variable?: Record<string, { sensitive?: boolean; default?: unknown }>;
  readonly output?: Record<string, { value: unknown; sensitive?: boolean }>;
}
