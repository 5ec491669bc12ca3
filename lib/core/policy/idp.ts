import type { SynthesizedEnvironment, TerraformBlock } from './terraform';

/** The resources that make up the SAML app users sign in through, and the assignments to it. */
export interface SamlApps {
  /** `okta_app_saml`, and Entra's SAML service principals (not a SCIM connector's). */
  readonly apps: readonly TerraformBlock[];
  /** The `azuread_application` behind each Entra SAML service principal. */
  readonly applications: readonly TerraformBlock[];
  /** Group assignments whose target is one of `apps`. */
  readonly assignments: readonly TerraformBlock[];
}

export function samlApps(terraform: SynthesizedEnvironment): SamlApps {
  const servicePrincipals = terraform
    .resources('azuread_service_principal')
    .filter((sp) => sp.body.preferred_single_sign_on_mode === 'saml');
  const apps = [...terraform.resources('okta_app_saml'), ...servicePrincipals];
  const applications = terraform
    .resources('azuread_application')
    .filter((application) => servicePrincipals.some((sp) => refersTo(sp.body.client_id, application)));
  const assignments = [
    ...terraform
      .resources('okta_app_group_assignment')
      .filter((a) => apps.some((app) => refersTo(a.body.app_id, app))),
    ...terraform
      .resources('azuread_app_role_assignment')
      .filter((a) => apps.some((app) => refersTo(a.body.resource_object_id, app))),
  ];
  return { apps, applications, assignments };
}

function refersTo(value: unknown, block: TerraformBlock): boolean {
  return typeof value === 'string' && value.includes(`\${${block.address}.`);
}
