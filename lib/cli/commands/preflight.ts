import { describeValue, ValidationError } from '../../core/errors';
import { resolveClock } from '../../core/rotation/calendar';
import type { SynthesizedOutput } from '../../core/review';
import { preflight, type PreflightStack, type StackPreflight } from '../../preflight/preflight';
import { renderPreflightText, preflightJson } from '../../preflight/render';
import { ensureStandins } from '../../preflight/standins';
import { findTerraform } from '../../preflight/terraform';
import { Command, stringListOption, stringOption, UsageError } from '../command';
import { EXIT_REJECTED } from '../report';
import { obtain, Scratch, side, type Side } from '../sides';

export const preflightCommand: Command = {
  name: 'preflight',
  help: `usage: sso preflight [--declaration FILE]... | [--out DIR]
                     [--env ENV] [--base REF | --base-out DIR] [--json] [--at DATE] [--timeout SECONDS]

Runs Terraform itself on every synthesized stack, offline: in a scratch copy of each stack whose
backend is replaced by a temporary local state (your state, .terraform and lock files are never
touched), with stand-in providers that serve the schemas of okta 4.20.0, databricks 1.99.0 and
azuread 3.7.0, it runs \`terraform init\`, \`validate\` and \`plan -refresh=false\`. It proves that
Terraform accepts what was synthesized; it cannot prove what the real provider APIs will accept
(permissions, rate limits, server-side validation). Needs terraform >= 1.5 on PATH.

  --declaration FILE  declarations to synthesize in memory (default: the built-in example)
  --out DIR           or: check an existing synthesized output (\`sso synth --out DIR\`)
  --env ENV           only this environment's stacks (its main stack and mapping shards)
  --base REF          apply this git ref's stacks into each scratch state first, then plan the
  --base-out DIR      head against them: Terraform's own actions per address (update, replace
                      and the attribute forcing it, destroy, prevent_destroy errors)
  --json              print {"stacks": [{"stack", "valid", "add", "change", "destroy",
                      "diagnostics": [{"severity", "summary", "detail", "address"}], "actions"}]}
  --at DATE           evaluate the rotation check on DATE (YYYY-MM-DD); default: SSO_CLOCK when
                      set, else Terraform's own clock
  --timeout SECONDS   limit for each Terraform command of a stack (default 300)

Exit 0 when every stack validates and plans, 1 when Terraform reports an error, 2 for a usage
error or when terraform is missing.
`,
  options: {
    declaration: { type: 'string', multiple: true },
    out: { type: 'string' },
    env: { type: 'string' },
    base: { type: 'string' },
    'base-out': { type: 'string' },
    json: { type: 'boolean' },
    at: { type: 'string' },
    timeout: { type: 'string' },
  },
  async run(args) {
    const declarations = stringListOption(args, 'declaration');
    const out = stringOption(args, 'out');
    if (out !== undefined && declarations.length > 0) {
      throw new UsageError('give --declaration FILE (synthesized in memory) or --out DIR, not both');
    }
    const timeoutSeconds = timeout(stringOption(args, 'timeout'));
    const clock = clockOf(stringOption(args, 'at'));
    const env = stringOption(args, 'env');
    const base = side(args, 'base');
    const terraform = findTerraform();
    if ('problem' in terraform) throw new UsageError(terraform.problem);

    const head: Side = out !== undefined ? { dir: out } : { workingTree: true };
    const scratch = new Scratch();
    let results: StackPreflight[];
    try {
      const headStacks = stacksOf(await obtain(head, 'head', scratch, declarations), env, '--env');
      const baseStacks =
        base === undefined ? undefined : stacksOf(await obtain(base, 'base', scratch), env, undefined);
      const cliConfigFile = await ensureStandins();
      results = await preflight(headStacks, {
        cliConfigFile,
        timeoutSeconds,
        ...(baseStacks !== undefined ? { base: baseStacks } : {}),
        ...(clock !== undefined ? { clock } : {}),
      });
    } finally {
      scratch.dispose();
    }
    process.stdout.write(
      args.values.json === true
        ? `${JSON.stringify(preflightJson(results), null, 2)}\n`
        : renderPreflightText(results),
    );
    return results.every((r) => r.valid && r.planned) ? 0 : EXIT_REJECTED;
  },
};

function stacksOf(
  output: SynthesizedOutput,
  env: string | undefined,
  flag: string | undefined,
): PreflightStack[] {
  const environments = [...output.environments.values()];
  if (env === undefined) return environments.flatMap((e) => e.stacks);
  const chosen = output.environments.get(env);
  if (chosen === undefined) {
    // A base without the environment simply has nothing to apply first.
    if (flag === undefined) return [];
    throw new ValidationError(
      flag,
      describeValue(env),
      `one of the synthesized environments: ${environments.map((e) => e.name).join(', ')}`,
    );
  }
  return [...chosen.stacks];
}

function timeout(value: string | undefined): number {
  if (value === undefined) return 300;
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds < 1 || seconds > 3600) {
    throw new UsageError(
      `--timeout must be a whole number of seconds from 1 to 3600, got ${JSON.stringify(value)}`,
    );
  }
  return seconds;
}

/** The instant the rotation check is judged at: midnight UTC of --at or SSO_CLOCK, if given. */
function clockOf(at: string | undefined): string | undefined {
  const fromEnv = process.env.SSO_CLOCK;
  if (at === undefined && (fromEnv === undefined || fromEnv === '')) return undefined;
  return resolveClock(at, process.env)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z');
}
