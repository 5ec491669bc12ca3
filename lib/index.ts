/**
 * Databricks SAML single sign-on as code, on CDK for Terraform.
 *
 * Declare each environment once ({@link EnvironmentDeclaration}), then either let
 * {@link addEnvironments} add one {@link SsoStack} per environment to your cdktf `App` (validated,
 * ordered staging first and held to the policy pack), or place an `SsoStack` yourself beside your
 * other stacks. The constructs the stack is made of are exported for projects that compose their
 * own stacks.
 *
 * @packageDocumentation
 */

// The stack and the app helpers.
export { SsoStack, type SsoStackProps } from '../stacks/sso-stack';
export {
  addEnvironments,
  enforcePolicy,
  type DeclarationSource,
  type PolicyOptions,
} from '../stacks/sso-app';

// Declarations: the input type, the validator and the one error type for a user's mistake.
export type {
  EnvironmentDeclaration,
  Declaration,
  ParsedDeclaration,
  GroupMapping,
  Workspace,
  Backend,
  Suppression,
  PromotionOverride,
  EmergencyRotation,
  MovedFrom,
  Entitlement,
  AssertionAttribute,
} from './core/declaration/schema';
export {
  declarationSchema,
  ENTITLEMENTS,
  ASSERTION_ATTRIBUTES,
  MINIMAL_ATTRIBUTES,
} from './core/declaration/schema';
export { validateDeclaration, validateDeclarations } from './core/declaration/validate';
export { readDeclarationFile, parseDeclarationText, MAX_DECLARATION_BYTES } from './core/declaration/load';
export { ValidationError, ValidationErrors } from './core/errors';
export {
  SamlMetadata,
  certificateFingerprint,
  usableSigningCertificates,
  type ReadOptions,
  type SamlIdpMetadata,
  type SigningCertificate,
} from './core/metadata';
export type { CertificateFacts } from './core/metadata/certificate';

// The constructs an SsoStack is made of.
export { OktaDatabricksApp, type OktaDatabricksAppProps } from './constructs/okta-databricks-app';
export { EntraDatabricksApp, type EntraDatabricksAppProps } from './constructs/entra-databricks-app';
export {
  MetadataIdentityProvider,
  type MetadataIdentityProviderProps,
} from './constructs/metadata-identity-provider';
export type { ISamlIdentityProvider, SamlIdentityProviderFacts } from './constructs/identity-provider';
export { TerraformData, type TerraformDataProps } from './constructs/terraform-data';
export { EntraScimProvisioning, type EntraScimProvisioningProps } from './constructs/entra-scim-provisioning';
export { DatabricksSsoSettings, type DatabricksSsoSettingsProps } from './constructs/databricks-sso-settings';
export {
  DatabricksGroupMappings,
  type DatabricksGroupMappingsProps,
  type DatabricksCloud,
} from './constructs/databricks-group-mappings';
export {
  DatabricksSignInAudit,
  type DatabricksSignInAuditProps,
} from './constructs/databricks-sign-in-audit';
export { RotationCheck, type RotationCheckProps } from './constructs/rotation-check';
export { DEFAULT_ROTATION_POLICY, type RotationPolicy } from './core/rotation/policy';
export { DeployGate, type DeployGateProps } from './constructs/deploy-gate';

// The policy pack.
export {
  checkPolicy,
  formatFinding,
  PolicyViolations,
  type EnvironmentUnderPolicy,
} from './core/policy/pack';
export type {
  Finding as PolicyFinding,
  PolicyReport,
  RuleLevel,
  SuppressedFinding,
  Violation,
} from './core/policy/types';

// Reviewing a change: compare two synthesized outputs, optionally with Terraform's plan.
export {
  loadSynthesizedOutput,
  outputFromStacks,
  renderJson,
  renderMarkdown,
  reviewOutputs,
  severityRank,
  withTerraformPlan,
  type Finding as ReviewFinding,
  type FindingKind,
  type PlannedReview,
  type PlannedStack,
  type Review,
  type Severity,
  type SynthesizedOutput,
} from './core/review';
export { SEVERITIES, FINDING_KINDS } from './core/review/findings';
export type { StackOutput, EnvironmentOutput } from './core/review/output';
export type { JsonObject } from './core/terraform/json';
export type { PlannedInstance, PlanError } from './core/review/terraform-plan';
export type { AccessCellChange } from './core/review/review';
