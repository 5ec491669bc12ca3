import type { Declaration } from '../declaration/schema';
import type { SynthesizedEnvironment } from './terraform';

/**
 * `error` stops synthesis of every environment (a change introduced it, so the change is refused);
 * `blocking` lets synthesis go on and blocks deploys of that environment only, through a gate in each of
 * its stacks that fails `terraform plan` (the calendar alone brought it: an overdue production key must
 * not stop another environment's rotation); `warning` is printed.
 */
export type RuleLevel = 'error' | 'blocking' | 'warning';

/** One problem a rule found in one environment. */
export interface Violation {
  /**
   * Where: the resource's construct path within its stack (`okta-app/app`), or its Terraform
   * address for the per-group blocks written as plain data
   * (`databricks_mws_permission_assignment.admin_ml-prod`), with `["key"]` for one `for_each`
   * instance; or the declaration field when no resource carries the problem (`emergencyAccess`).
   * Suppressions match on it.
   */
  readonly path: string;
  /** What is wrong, as a phrase without a final full stop: {@link formatFinding} adds it. */
  readonly message: string;
  /**
   * The level of this finding, when it differs from the rule's: SSO-007 warns of a key that is
   * due, and blocks the deploys of a production environment whose key is overdue.
   * @default the rule's level
   */
  readonly level?: RuleLevel;
}

/** What a rule sees of one environment. */
export interface PolicyContext {
  /** The environment being judged, validated and with defaults filled in. */
  readonly declaration: Declaration;
  /** Every environment of the set, for rules that compare environments (promotion order). */
  readonly declarations: readonly Declaration[];
  /** The environment's synthesized Terraform JSON: what would actually be applied. */
  readonly terraform: SynthesizedEnvironment;
  /** The day age rules are judged on. */
  readonly at: Date;
}

/** A best practice as a check, in the manner of cdk-nag. */
export interface PolicyRule {
  /** Stable: suppressions and audit records name it. `SSO-001`. */
  readonly id: string;
  /** One line. */
  readonly title: string;
  /** The level of its findings unless a finding says otherwise. */
  readonly level: RuleLevel;
  /** How to comply, printed with every finding. */
  readonly explanation: string;
  /** Judges one environment; returns nothing when it complies. Called once per environment of the set. */
  check(context: PolicyContext): readonly Violation[];
}

/** A violation as reported: the rule and environment it belongs to, and its final level. */
export interface Finding {
  /** The id of the rule that found it (`SSO-001`). */
  readonly rule: string;
  /** The violation's own level, else the rule's. */
  readonly level: RuleLevel;
  /** The environment's name, as declared. */
  readonly environment: string;
  /** Where, as in {@link Violation.path}: what suppressions match on. */
  readonly path: string;
  /** What is wrong, without a final full stop. */
  readonly message: string;
}

/** A finding acknowledged by a suppression, as recorded in the synthesized stack. */
export interface SuppressedFinding {
  /** The id of the rule whose finding was suppressed. */
  readonly rule: string;
  /** The environment whose declaration holds the suppression. */
  readonly environment: string;
  /** Where the finding was: its `path`, which the suppression's path covers. */
  readonly path: string;
  /** The suppression's written reason, for reviewers and auditors. */
  readonly reason: string;
}

/** The result of {@link checkPolicy}: the findings that stand, and those suppressions acknowledged. */
export interface PolicyReport {
  /** Findings no suppression covers, errors and warnings, in rule order. */
  readonly findings: readonly Finding[];
  /** Findings a declared suppression acknowledges; they neither fail synthesis nor block deploys. */
  readonly suppressed: readonly SuppressedFinding[];
}
