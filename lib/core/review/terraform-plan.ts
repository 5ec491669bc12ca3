import { compareFindings, type Finding, type Severity } from './findings';
import type { Review } from './review';

/** What Terraform planned for one stack of the head against the applied base (`sso review --plan`). */
export interface PlannedStack {
  /** The stack's name, as in the synthesized output (`prod`, `prod-mappings-0`). */
  readonly stack: string;
  /** Terraform produced a plan; false when it refused (a tripped prevent_destroy, an invalid stack). */
  readonly planned: boolean;
  /**
   * Every instance Terraform plans an action for (create, update, replace, delete, move...); empty
   * when it refused.
   */
  readonly actions: readonly PlannedInstance[];
  /** The errors Terraform reported: why it refused to plan (`planned` false). */
  readonly errors: readonly PlanError[];
}

/** One resource instance Terraform plans an action for. */
export interface PlannedInstance {
  /** The instance's address (`databricks_mws_permission_assignment.user_analysts["ml-prod"]`). */
  readonly address: string;
  /** What Terraform will do to it. */
  readonly action: 'create' | 'update' | 'replace' | 'delete' | 'read' | 'move' | 'import' | 'forget';
  /** The attributes forcing a replacement, as Terraform reports them. */
  readonly forcedBy?: readonly string[];
}

/** An error diagnostic from `terraform plan`. */
export interface PlanError {
  /** Terraform's one-line summary. */
  readonly summary: string;
  /** Terraform's explanation; may be empty. */
  readonly detail: string;
  /** The resource address the error is about, when Terraform names one. */
  readonly address?: string;
}

/** The review with Terraform's own plan per environment, and the findings it adds. */
export interface PlannedReview extends Review {
  /** Terraform's plan of each stack, by environment name, as given to {@link withTerraformPlan}. */
  readonly terraformPlan: ReadonlyMap<string, readonly PlannedStack[]>;
}

/** Resources whose loss cuts users off: the IdP app and what signs them in. */
const IDP_APPS = ['okta_app_saml', 'azuread_application', 'azuread_service_principal'];
/** Grants whose replacement leaves a gap between the destroy and the create. */
const GRANTS = ['databricks_mws_permission_assignment', 'databricks_group_role', 'databricks_group'];

const PREVENT_DESTROY = 'Instance cannot be destroyed';

/**
 * Adds Terraform's planned actions to a review, with findings for what the review by meaning
 * cannot see: an apply that will fail on `prevent_destroy` (or any other plan error), the IdP app
 * destroyed or replaced as Terraform will do it, and grants replaced (destroyed, then created).
 *
 * @param review - the review by meaning, from {@link reviewOutputs}
 * @param plans - per environment, the plans of its stacks
 */
export function withTerraformPlan(
  review: Review,
  plans: ReadonlyMap<string, readonly PlannedStack[]>,
): PlannedReview {
  const added: Finding[] = [];
  for (const [environment, stacks] of plans) {
    for (const stack of stacks) added.push(...stackFindings(environment, stack));
  }
  const order = [...plans.keys()];
  const environments = [
    ...review.environments,
    ...order.filter((e) => !review.environments.includes(e) && added.some((f) => f.environment === e)),
  ];
  const rank = new Map(environments.map((e, i) => [e, i]));
  const findings = [...review.findings, ...added].sort(
    (a, b) => (rank.get(a.environment) ?? 0) - (rank.get(b.environment) ?? 0) || compareFindings(a, b),
  );
  return { ...review, findings, environments, terraformPlan: plans };
}

function stackFindings(environment: string, stack: PlannedStack): Finding[] {
  const findings: Finding[] = [];
  const finding = (severity: Severity, subject: string, message: string): Finding => ({
    environment,
    severity,
    kind: 'terraform-plan',
    subject,
    before: null,
    after: null,
    message,
  });
  for (const error of stack.errors) {
    const where = error.address ?? stack.stack;
    findings.push(
      error.summary === PREVENT_DESTROY
        ? finding(
            'high',
            where,
            `${where}: the apply will fail: Terraform plans to destroy it and it has lifecycle.prevent_destroy ` +
              `("${PREVENT_DESTROY}"). Keep it, or lift the protection in a reviewed change of its own first`,
          )
        : finding('high', where, `${where}: Terraform cannot plan stack ${stack.stack}: ${error.summary}`),
    );
  }
  for (const action of stack.actions) {
    const type = resourceType(action.address);
    const forced = action.forcedBy?.length ? ` (forced by ${action.forcedBy.join(', ')})` : '';
    if (IDP_APPS.includes(type) && (action.action === 'delete' || action.action === 'replace')) {
      findings.push(
        finding(
          'high',
          action.address,
          action.action === 'delete'
            ? `${action.address}: Terraform will destroy the IdP app: users can no longer sign in through it ` +
                '(prevent_destroy does not guard a resource whose block left the configuration)'
            : `${action.address}: Terraform will replace the IdP app${forced}: the new app has a new entity ID, ` +
                'SSO URL and certificate, and sign-in fails until the console step is done',
        ),
      );
    } else if (GRANTS.includes(type) && action.action === 'replace') {
      findings.push(
        finding(
          'medium',
          action.address,
          `${action.address}: Terraform will replace it${forced}: destroyed, then created, so the grant is gone for a moment`,
        ),
      );
    }
  }
  return findings;
}

/** `databricks_group_role.account_admin["x"]` -> `databricks_group_role`. */
function resourceType(address: string): string {
  const parts = address.split('.');
  return (parts[0] === 'data' ? '' : parts[0]) ?? '';
}
