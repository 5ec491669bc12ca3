/** How much a reviewer should care, highest first. */
export const SEVERITIES = ['high', 'medium', 'low'] as const;
/** How much a reviewer should care about a finding: `high`, `medium` or `low` (see {@link severityRank}). */
export type Severity = (typeof SEVERITIES)[number];

/** What a finding is about; the order is the order findings of one severity are listed in. */
export const FINDING_KINDS = [
  'terraform-plan',
  'access',
  'idp-app',
  'saml-settings',
  'signing-key',
  'sso-settings',
  'attributes',
  'session',
  'token-policy',
  'suppression',
  'group',
  'provisioning',
  'backend',
  'provider',
  'output',
  'other',
  'promotion',
] as const;
/**
 * What a review finding is about: who can access what (`access`), the IdP app, the signing key,
 * Terraform's own plan (`terraform-plan`), the staging-first gate (`promotion`) and so on. Within
 * one severity, findings are listed by kind in a fixed order.
 */
export type FindingKind = (typeof FINDING_KINDS)[number];

/** One SSO-relevant change between the base and the head, as the report and the JSON show it. */
export interface Finding {
  /** The environment the change reaches. */
  readonly environment: string;
  /** How much it matters: `high` changes can break sign-in or touch privileged access. */
  readonly severity: Severity;
  /** What it is about; orders findings of one severity. */
  readonly kind: FindingKind;
  /** What changed, by meaning: `data-scientists on ml-prod`, `okta_app_saml.databricks: sso_url`. */
  readonly subject: string;
  /** The value in the base, masked; null when it did not exist. */
  readonly before: string | null;
  /** The value in the head, masked; null when it no longer exists. */
  readonly after: string | null;
  /** One sentence saying what changed and why it matters. */
  readonly message: string;
  /** The other changes this finding stands for (the entitlements of one grant), one sentence each. @default none */
  readonly details?: readonly string[];
}

/** 0 for high, 1 for medium, 2 for low: lower is more serious. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

const KIND_RANK = new Map<string, number>(FINDING_KINDS.map((k, i) => [k, i]));

/** Highest severity first, then by kind and subject: the same input always lists the same way. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    (KIND_RANK.get(a.kind) ?? 0) - (KIND_RANK.get(b.kind) ?? 0) ||
    compareText(a.subject, b.subject) ||
    compareText(a.message, b.message)
  );
}

/** Code-unit order: unlike localeCompare it does not depend on the machine's locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
