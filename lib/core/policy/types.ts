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
  readonly message: string;
  /** @default the rule's level */
  readonly level?: RuleLevel;
}

/** What a rule sees of one environment. */
export interface PolicyContext {
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
  check(context: PolicyContext): readonly Violation[];
}

export interface Finding {
  readonly rule: string;
  readonly level: RuleLevel;
  readonly environment: string;
  readonly path: string;
  readonly message: string;
}

/** A finding acknowledged by a suppression, as recorded in the synthesized stack. */
export interface SuppressedFinding {
  readonly rule: string;
  readonly environment: string;
  readonly path: string;
  readonly reason: string;
}

export interface PolicyReport {
  /** Findings no suppression covers, errors and warnings, in rule order. */
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
}
