import type { Declaration } from '../declaration/schema';
import { ValidationError, ValidationErrors } from '../errors';
import { minimalAttributes } from './rules/sso-001-minimal-attributes';
import { signedSha256 } from './rules/sso-002-signed-sha256';
import { httpsUrls } from './rules/sso-003-https-urls';
import { groupsOnly } from './rules/sso-004-groups-only';
import { privilegedAdmins } from './rules/sso-005-privileged-admins';
import { groupsAssigned } from './rules/sso-006-groups-assigned';
import { keyRotation } from './rules/sso-007-key-rotation';
import { sessionLimits } from './rules/sso-008-session-limits';
import { emergencyAccess } from './rules/sso-009-emergency-access';
import { preventDestroy } from './rules/sso-010-prevent-destroy';
import { entraApp } from './rules/sso-011-entra-app';
import { adminLockout } from './rules/sso-012-admin-lockout';
import { stackSize } from './rules/sso-013-stack-size';
import { matchingSuppression, suppressedRecord, unknownRules } from './suppressions';
import { SynthesizedEnvironment } from './terraform';
import type { Finding, PolicyReport, PolicyRule, SuppressedFinding } from './types';

/** The rule pack every stack is held to, in id order. */
export const RULES: readonly PolicyRule[] = [
  minimalAttributes,
  signedSha256,
  httpsUrls,
  groupsOnly,
  privilegedAdmins,
  groupsAssigned,
  keyRotation,
  sessionLimits,
  emergencyAccess,
  preventDestroy,
  entraApp,
  adminLockout,
  stackSize,
];

/** One environment as {@link checkPolicy} judges it: what was declared and what was synthesized. */
export interface EnvironmentUnderPolicy {
  /** The validated declaration (see {@link validateDeclarations}); its suppressions apply to its findings. */
  readonly declaration: Declaration;
  /** The synthesized Terraform JSON of each of the environment's stacks, by stack name. */
  readonly stacks: Readonly<Record<string, unknown>>;
}

/**
 * Applies every rule to every environment and sorts the findings into those that stand and those
 * a declared suppression acknowledges.
 *
 * @param environments - the whole set deployed together: promotion rules compare environments
 * @param at - the day age rules are judged on (rotation deadlines, override expiry)
 * @throws ValidationErrors when a suppression names a rule the pack does not have
 */
export function checkPolicy(environments: readonly EnvironmentUnderPolicy[], at: Date): PolicyReport {
  const ids = RULES.map((r) => r.id);
  const unknown = environments.flatMap(({ declaration: d }) =>
    unknownRules(d.environment, d.suppressions, ids),
  );
  if (unknown.length > 0) throw new ValidationErrors(unknown);

  const declarations = environments.map((e) => e.declaration);
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const { declaration, stacks } of environments) {
    const context = {
      declaration,
      declarations,
      terraform: new SynthesizedEnvironment(declaration.environment, stacks),
      at,
    };
    for (const rule of RULES) {
      for (const violation of rule.check(context)) {
        const finding: Finding = {
          rule: rule.id,
          level: violation.level ?? rule.level,
          environment: declaration.environment,
          path: violation.path,
          message: violation.message,
        };
        const suppression = matchingSuppression(finding, declaration.suppressions);
        if (suppression) suppressed.push(suppressedRecord(finding, suppression));
        else findings.push(finding);
      }
    }
  }
  return { findings, suppressed };
}

/** One line per finding: environment, rule, where, what, and how to comply. */
export function formatFinding(finding: Finding): string {
  const rule = RULES.find((r) => r.id === finding.rule);
  const how = rule ? ` To comply: ${rule.explanation}` : '';
  return `${finding.environment}: ${finding.rule} ${finding.path}: ${finding.message}.${how}`;
}

/**
 * Error findings that stop synthesis, all of them at once. A `ValidationError`, so the command
 * line prints one line per finding and exits 1.
 */
export class PolicyViolations extends ValidationError {
  /** @param report - the report whose `error` findings are refused */
  constructor(
    /**
     * The whole report: the error findings the message lists, and the warnings and suppressions
     * beside them.
     */
    readonly report: PolicyReport,
  ) {
    const errors = report.findings.filter((f) => f.level === 'error');
    super('policy', `${errors.length} error finding(s)`, 'no error findings');
    this.message = errors.map((f) => formatFinding(f)).join('\n');
    this.name = 'PolicyViolations';
  }
}
