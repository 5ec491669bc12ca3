import {
  renderJson,
  renderMarkdown,
  reviewOutputs,
  severityRank,
  withTerraformPlan,
  type PlannedStack,
  type Review,
  type SynthesizedOutput,
} from '../../core/review';
import { resolveClock } from '../../core/rotation/calendar';
import { withLoginFindings } from '../../core/saml/review-findings';
import { SSO_OUTPUTS } from '../../constructs/databricks-sso-settings';
import { Command, oneOf, UsageError } from '../command';
import { EXIT_REJECTED } from '../report';
import { obtain, Scratch, side } from '../sides';

export const reviewCommand: Command = {
  name: 'review',
  help: `usage: sso review (--base REF | --base-out DIR) [--head REF | --head-out DIR]
                  [--plan] [--format md|json] [--fail-on high|medium|never]

Compares two synthesized outputs environment by environment and reports every SSO-relevant
change by meaning (group x workspace, SAML settings, signing key, session, ...) with a severity,
plus the staging-first gate and the head's offline test login (\`sso test-login\`: a high
finding for each environment whose login would fail). The gate: a change to an environment that
promotes after another must already be in that environment in the base, unless its declaration's promotionOverride covers it (by the
name this review gives it) and has not expired (judged on SSO_CLOCK, else today). An override
that has outlived its change (expired, covering nothing the environment has, or caught up on by
the environment it promotes after) is reported as medium.
One grant (a group's assignment to a workspace and its entitlements there) is one finding.

  --base REF         git ref to compare against, synthesized in a temporary git worktree
  --base-out DIR     or: an output directory written by \`sso synth --out DIR\`
  --head REF         git ref to review (default: the working tree, synthesized to a temp dir)
  --head-out DIR     or: an output directory to review
  --plan             also run Terraform itself (needs terraform >= 1.5, offline, stand-in
                     providers, as \`sso preflight --base\`): apply the base into scratch states,
                     plan the head against them, list Terraform's actions per environment, and
                     add findings for a tripped prevent_destroy (the apply would fail), the IdP
                     app destroyed or replaced, and grants replaced
  --format md|json   Markdown for a pull-request comment (default), or
                     {"findings": [{environment, severity, kind, subject, before, after, message,
                     details?}]}, with "terraformPlan": {"stacks": [...]} under --plan
  --fail-on LEVEL    exit 1 when a finding of this severity or higher exists: high, medium,
                     or never (default)
`,
  options: {
    base: { type: 'string' },
    'base-out': { type: 'string' },
    head: { type: 'string' },
    'head-out': { type: 'string' },
    format: { type: 'string' },
    'fail-on': { type: 'string' },
    plan: { type: 'boolean' },
  },
  async run(args) {
    const format = oneOf(args, 'format', ['md', 'json'] as const, 'md');
    const failOn = oneOf(args, 'fail-on', ['high', 'medium', 'never'] as const, 'never');
    const base = side(args, 'base');
    if (base === undefined)
      throw new UsageError('give the version to compare against: --base REF or --base-out DIR');
    const head = side(args, 'head') ?? { workingTree: true };

    const scratch = new Scratch();
    let review: Review;
    try {
      const baseOutput = await obtain(base, 'base', scratch);
      const headOutput = await obtain(head, 'head', scratch);
      review = reviewOutputs(baseOutput, headOutput, resolveClock(undefined, process.env));
      // The head's offline test login (sso test-login): one high finding per login that would fail.
      review = withLoginFindings(review, headOutput, resolveClock(undefined, process.env), SSO_OUTPUTS);
      if (args.values.plan === true) {
        review = withTerraformPlan(review, await terraformPlans(baseOutput, headOutput));
      }
    } finally {
      scratch.dispose();
    }
    process.stdout.write(format === 'json' ? renderJson(review) : renderMarkdown(review));
    return reaches(review, failOn) ? EXIT_REJECTED : 0;
  },
};

function reaches(review: Review, failOn: 'high' | 'medium' | 'never'): boolean {
  if (failOn === 'never') return false;
  return review.findings.some((f) => severityRank(f.severity) <= severityRank(failOn));
}

/** Each environment's stacks of the head, planned by Terraform against the base applied first. */
async function terraformPlans(
  base: SynthesizedOutput,
  head: SynthesizedOutput,
): Promise<Map<string, PlannedStack[]>> {
  // Loaded with --plan only: a review without Terraform needs none of it.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { findTerraform } =
    require('../../preflight/terraform') as typeof import('../../preflight/terraform');
  const { ensureStandins } = require('../../preflight/standins') as typeof import('../../preflight/standins');
  const { preflight } = require('../../preflight/preflight') as typeof import('../../preflight/preflight');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const terraform = findTerraform();
  if ('problem' in terraform) throw new UsageError(`--plan: ${terraform.problem}`);
  const stacksOf = (output: SynthesizedOutput) => [...output.environments.values()].flatMap((e) => e.stacks);
  const results = await preflight(stacksOf(head), {
    cliConfigFile: await ensureStandins(),
    base: stacksOf(base),
    clock: resolveClock(undefined, process.env)
      .toISOString()
      .replace(/\.\d+Z$/, 'Z'),
  });
  const byStack = new Map(results.map((r) => [r.stack, r]));
  const plans = new Map<string, PlannedStack[]>();
  for (const [environment, { stacks }] of head.environments) {
    plans.set(
      environment,
      stacks.flatMap((stack) => {
        const r = byStack.get(stack.name);
        if (r === undefined) return [];
        return [
          {
            stack: r.stack,
            planned: r.valid && r.planned,
            actions: r.actions,
            errors: r.diagnostics.filter((d) => d.severity === 'error'),
          },
        ];
      }),
    );
  }
  return plans;
}
