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

// The constructs an SsoStack is made of.
export { OktaDatabricksApp, type OktaDatabricksAppProps } from './constructs/okta-databricks-app';
export { EntraDatabricksApp, type EntraDatabricksAppProps } from './constructs/entra-databricks-app';
export {
  MetadataIdentityProvider,
  type MetadataIdentityProviderProps,
} from './constructs/metadata-identity-provider';
export type { ISamlIdentityProvider, SamlIdentityProviderFacts } from './constructs/identity-provider';
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
export { DeployGate, type DeployGateProps } from './constructs/deploy-gate';

// The policy pack.
export {
  RULES,
  checkPolicy,
  formatFinding,
  PolicyViolations,
  type EnvironmentUnderPolicy,
} from './core/policy/pack';
export type {
  Finding as PolicyFinding,
  PolicyContext,
  PolicyReport,
  PolicyRule,
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
