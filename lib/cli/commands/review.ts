import { renderJson, renderMarkdown, reviewOutputs, severityRank, type Review } from '../../core/review';
import { resolveClock } from '../../core/rotation/calendar';
import { Command, oneOf, UsageError } from '../command';
import { EXIT_REJECTED } from '../report';
import { obtain, Scratch, side } from '../sides';

export const reviewCommand: Command = {
  name: 'review',
  help: `usage: sso review (--base REF | --base-out DIR) [--head REF | --head-out DIR]
                  [--format md|json] [--fail-on high|medium|never]

Compares two synthesized outputs environment by environment and reports every SSO-relevant
change by meaning (group x workspace, SAML settings, signing key, session, ...) with a severity,
plus the staging-first gate: a change to an environment that promotes after another must already
be in that environment in the base, unless its declaration's promotionOverride covers it (by the
name this review gives it) and has not expired (judged on SSO_CLOCK, else today). An override
that has outlived its change (expired, covering nothing the environment has, or caught up on by
the environment it promotes after) is reported as medium.
One grant (a group's assignment to a workspace and its entitlements there) is one finding.

  --base REF         git ref to compare against, synthesized in a temporary git worktree
  --base-out DIR     or: an output directory written by \`sso synth --out DIR\`
  --head REF         git ref to review (default: the working tree, synthesized to a temp dir)
  --head-out DIR     or: an output directory to review
  --format md|json   Markdown for a pull-request comment (default), or
                     {"findings": [{environment, severity, kind, subject, before, after, message,
                     details?}]}
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
