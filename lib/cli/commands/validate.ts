import { App } from 'cdktf';
import * as os from 'os';
import { PolicyViolations } from '../../core/policy/pack';
import type { Finding, PolicyReport } from '../../core/policy/types';
import { type EnvironmentUnderReview, staleOverrides } from '../../core/review/promotion';
import { resolveClock } from '../../core/rotation/calendar';
import { addEnvironments, printWarnings } from '../../../stacks/sso-app';
import type { SsoStack } from '../../../stacks/sso-stack';
import { Command, stringListOption, stringOption } from '../command';
import { declarationSources } from '../declarations';
import { EXIT_REJECTED } from '../report';

export const validateCommand: Command = {
  name: 'validate',
  help: `usage: sso validate [--declaration FILE]... [--json] [--at DATE]

Validates every declaration, builds its stack and holds it to the policy pack (rules SSO-001 to
SSO-013, see the README's "Policy rules"), exactly as synthesis does, and writes nothing.
Exit 1 when a declaration is invalid or an error finding is not suppressed; warnings do not fail,
and neither does a blocking finding (an overdue production key): it blocks deploys of that
environment only, and the environment is listed as blocked. A promotionOverride that has
outlived its change (expired, covering nothing, or caught up on) is a warning of the
pseudo-rule promotion.

  --declaration FILE  a TypeScript, JSON or YAML declaration; repeatable.
                      Default: the built-in staging and prod example.
  --json              print {"findings": [{"rule", "level", "environment", "path", "message"}],
                      "suppressed": [{"rule", "environment", "path", "reason"}]} on stdout;
                      level is error, blocking or warning
  --at DATE           judge signing-key age on DATE (YYYY-MM-DD, UTC).
                      Default: the SSO_CLOCK environment variable, else today.
`,
  options: {
    declaration: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    at: { type: 'string' },
  },
  run(args) {
    const at = resolveClock(stringOption(args, 'at'), process.env);
    const sources = declarationSources(stringListOption(args, 'declaration'));
    const json = args.values.json === true;
    let report: PolicyReport = { findings: [], suppressed: [] };
    let environments: string[] = [];
    try {
      // Building the stacks runs the constructs' checks and the policy pack; nothing reaches disk.
      const stacks = addEnvironments(new App({ outdir: os.tmpdir() }), sources, {
        at,
        onPolicyReport: (r) => (report = r),
      });
      // Once per environment, however many mapping shards it has.
      environments = [...new Set(stacks.map((stack) => stack.declaration.environment))];
      report = { ...report, findings: [...report.findings, ...overrideFindings(stacks, at)] };
    } catch (error) {
      if (!(error instanceof PolicyViolations)) throw error;
      if (!json) {
        printText(report);
        throw error;
      }
    }
    if (json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return report.findings.some((f) => f.level === 'error') ? EXIT_REJECTED : 0;
    }
    printText(report);
    for (const environment of environments) {
      const blocked = report.findings.some((f) => f.environment === environment && f.level === 'blocking');
      process.stdout.write(
        blocked
          ? `${environment}: blocked (terraform plan fails for its stacks until the blocking finding is resolved; the others deploy)\n`
          : `${environment}: ok\n`,
      );
    }
    return 0;
  },
};

/** Promotion overrides that have outlived their change, as warnings of the pseudo-rule `promotion`. */
function overrideFindings(stacks: readonly SsoStack[], at: Date): Finding[] {
  if (!stacks.some((stack) => stack.declaration.promotionOverride !== undefined)) return [];
  const environments = new Map<string, EnvironmentUnderReview>();
  for (const stack of stacks) {
    const d = stack.declaration;
    const known = environments.get(d.environment);
    environments.set(d.environment, {
      environment: d.environment,
      promotesAfter: d.promotesAfter,
      override: d.promotionOverride,
      stacks: { ...known?.stacks, [stack.node.id]: stack.toTerraform() },
    });
  }
  return staleOverrides([...environments.values()], at).map(({ environment, message }) => ({
    rule: 'promotion',
    level: 'warning',
    environment,
    path: 'promotionOverride',
    message,
  }));
}

/** Warnings on stderr; acknowledged findings on stdout, so a reviewer sees what was accepted and why. */
function printText(report: PolicyReport): void {
  printWarnings(report);
  for (const s of report.suppressed) {
    process.stdout.write(`${s.environment}: ${s.rule} ${s.path}: suppressed: ${s.reason}\n`);
  }
}
