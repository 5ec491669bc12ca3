import type { Suppression } from '../declaration/schema';
import { describeValue, ValidationError } from '../errors';
import type { Finding, SuppressedFinding } from './types';

/**
 * Refuses suppressions naming a rule the pack does not have: a typo would otherwise silence
 * nothing while looking, to a reviewer, like an acknowledged risk.
 */
export function unknownRules(
  environment: string,
  suppressions: readonly Suppression[],
  ruleIds: readonly string[],
): ValidationError[] {
  return suppressions.flatMap((s, i) =>
    ruleIds.includes(s.rule)
      ? []
      : [
          new ValidationError(
            `${environment}: suppressions[${i}].rule`,
            describeValue(s.rule),
            `a rule of the policy pack (${ruleIds.join(', ')})`,
          ),
        ],
  );
}

/**
 * The suppression that covers a finding: same rule, and no path (the whole environment) or a path
 * equal to the finding's or enclosing it (`databricks/admin-assignment` covers
 * `databricks/admin-assignment["ops/ml-prod"]`).
 */
export function matchingSuppression(
  finding: Finding,
  suppressions: readonly Suppression[],
): Suppression | undefined {
  return suppressions.find(
    (s) =>
      s.rule === finding.rule &&
      (s.path === undefined ||
        finding.path === s.path ||
        finding.path.startsWith(`${s.path}/`) ||
        finding.path.startsWith(`${s.path}[`) ||
        finding.path.startsWith(`${s.path}.`)),
  );
}

export function suppressedRecord(finding: Finding, suppression: Suppression): SuppressedFinding {
  return {
    rule: finding.rule,
    environment: finding.environment,
    path: finding.path,
    reason: suppression.reason,
  };
}
