import { Application } from '@cdktf/provider-azuread/lib/application';
import { ClaimsMappingPolicy } from '@cdktf/provider-azuread/lib/claims-mapping-policy';
import { ServicePrincipal } from '@cdktf/provider-azuread/lib/service-principal';
import { ServicePrincipalClaimsMappingPolicyAssignment } from '@cdktf/provider-azuread/lib/service-principal-claims-mapping-policy-assignment';
import { ServicePrincipalTokenSigningCertificate } from '@cdktf/provider-azuread/lib/service-principal-token-signing-certificate';
import { Fn, TerraformOutput, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { isHttpsUrl, type AssertionAttribute, type MovedFrom } from '../core/declaration/schema';
import { describeValue, ValidationError } from '../core/errors';
import { formatDay, isDay, parseDay } from '../core/rotation/dates';
import { groupBlockName } from '../core/terraform/names';
import { fixAddress } from './addresses';
import { attributeReference, PlainBlocks, providerAddress } from './plain-blocks';
import { TerraformData } from './terraform-data';
import type { ISamlIdentityProvider, SamlIdentityProviderFacts } from './identity-provider';

/** Properties of an {@link EntraDatabricksApp}. */
export interface EntraDatabricksAppProps {
  /** The Entra ID tenant that signs users in. */
  readonly tenantId: string;
  /** The enterprise application's name in Entra. */
  readonly displayName: string;
  /** The account console's "Databricks Redirect URL": the SP entity ID and the ACS (reply) URL. */
  readonly redirectUrl: string;
  /** Entra group display names: assigned to the app, and the only groups sent in the `groups` claim. */
  readonly groups: readonly string[];
  /** Claims sent in the assertion besides the NameID (the user's email). */
  readonly attributes: readonly AssertionAttribute[];
  /** Who Entra emails before the signing certificate expires. */
  readonly notificationEmails: readonly string[];
  /** The declared key generation: every change of it (or of `issued`) creates a new certificate. */
  readonly signingKey: { readonly generation: string; readonly issued: string };
  /** Days between planned rotations; the certificate lives this long plus `expiryMarginDays`. */
  readonly rotationPeriodDays: number;
  /**
   * Extra validity past the planned rotation, so a late rotation is a warning, not an outage.
   * @default 30
   */
  readonly expiryMarginDays?: number;
  /**
   * Makes each new certificate the active one with a Graph PATCH run by `az rest` where Terraform
   * runs (the azuread provider cannot: hashicorp/terraform-provider-azuread#823). Off, an admin
   * activates it in the Entra admin center, or runs the `entra_certificate_activation_command` output.
   * @default false
   */
  readonly activateCertificate?: boolean;
  /**
   * Guards the app and its service principal against destroy (a lockout for every user).
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * The azuread provider the app, its certificate and its group assignments are created with.
   * @default the stack's default azuread provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Adds `moved` blocks from the group assignments' addresses in an earlier layout
   * (`azuread_app_role_assignment.databricks["<group>"]`), so Terraform moves them instead of
   * unassigning and assigning every group. @default none
   */
  readonly movedFrom?: MovedFrom;
}

/** Microsoft's "non-gallery application" template: the only way to get a custom SAML app. */
export const NON_GALLERY_TEMPLATE_ID = '8adf8e6e-67b2-4cf2-a259-e3dc5476c621';
/** The "User" app role every app made from the non-gallery template has, with this fixed id. */
const NON_GALLERY_USER_ROLE_ID = '18d14569-c3bd-439b-9a66-3a2aee01d14f';
/** The Terraform output holding the Graph call that activates the current signing certificate. */
export const ACTIVATION_COMMAND_OUTPUT = 'entra_certificate_activation_command';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$/;
const EMAIL_NAME_ID = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const NAME_ID_CLAIM = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier';

/** Entra user attributes behind each declared claim; claim names match what the Okta app sends. */
const ENTRA_USER_ATTRIBUTES: Record<Exclude<AssertionAttribute, 'groups'>, string> = {
  email: 'mail',
  name: 'displayname',
  firstName: 'givenname',
  lastName: 'surname',
  displayName: 'displayname',
  department: 'department',
  employeeNumber: 'employeeid',
};

/**
 * A custom Entra ID SAML app for Databricks on AWS or GCP: the non-gallery enterprise app with
 * the Databricks Redirect URL as entity ID and reply URL, a token signing certificate named after
 * the declared key generation, assignment required and granted to exactly the mapped groups, and a
 * claims mapping policy that sends only the declared claims.
 */
export class EntraDatabricksApp extends Construct implements ISamlIdentityProvider {
  /** The app registration (`azuread_application.databricks`), made from the non-gallery template. */
  readonly application: Application;
  /**
   * The enterprise application (`azuread_service_principal.databricks`), with SAML sign-on and
   * assignment required.
   */
  readonly servicePrincipal: ServicePrincipal;
  /**
   * The current token signing certificate, named after the key generation: replaced (created
   * before the old one is destroyed) whenever the generation, its issued day, the rotation period
   * or the margin changes. Entra signs with it only once it is activated (see `activateCertificate`).
   */
  readonly signingCertificate: ServicePrincipalTokenSigningCertificate;
  /**
   * What the Databricks account console needs: the tenant's SAML endpoint and issuer, and the
   * signing certificate, whose value and thumbprint are known only after apply.
   */
  readonly samlFacts: SamlIdentityProviderFacts;

  constructor(scope: Construct, id: string, props: EntraDatabricksAppProps) {
    super(scope, id);
    validateProps(props);
    const provider = props.provider;
    const lifecycle = props.preventDestroy ? { preventDestroy: true } : undefined;
    const groups = [...props.groups].sort();

    this.application = fixAddress(
      new Application(this, 'app', {
        provider,
        displayName: props.displayName,
        templateId: NON_GALLERY_TEMPLATE_ID,
        identifierUris: [props.redirectUrl],
        web: { redirectUris: [props.redirectUrl] },
        // ApplicationGroup: only groups assigned to this app reach the assertion, not every membership.
        groupMembershipClaims: [props.attributes.includes('groups') ? 'ApplicationGroup' : 'None'],
        lifecycle,
      }),
      'databricks',
    );

    this.servicePrincipal = fixAddress(
      new ServicePrincipal(this, 'service-principal', {
        provider,
        clientId: this.application.clientId,
        // The template already created the service principal: adopt it instead of failing.
        useExisting: true,
        preferredSingleSignOnMode: 'saml',
        appRoleAssignmentRequired: true,
        notificationEmailAddresses: [...props.notificationEmails].sort(),
        featureTags: [{ enterprise: true, customSingleSignOn: true }],
        lifecycle,
      }),
      'databricks',
    );

    this.signingCertificate = fixAddress(
      new ServicePrincipalTokenSigningCertificate(this, 'signing-certificate', {
        provider,
        servicePrincipalId: this.servicePrincipal.id,
        displayName: `CN=Databricks SSO ${props.signingKey.generation}`,
        endDate: certificateEndDate(props),
        // The new certificate exists before the old one goes, so activation always has a target.
        lifecycle: { createBeforeDestroy: true },
      }),
      'databricks',
    );

    // One lookup and one assignment per group, named after it (`azuread_app_role_assignment.analysts`):
    // a `for_each` over every group makes Terraform's plan quadratic in the number of groups.
    const blocks = new PlainBlocks(this, 'groups');
    const withProvider = provider === undefined ? {} : { provider: providerAddress(provider) };
    for (const group of groups) {
      const name = groupBlockName(group);
      blocks.data('azuread_group', name, { ...withProvider, display_name: group, security_enabled: true });
      blocks.resource('azuread_app_role_assignment', name, {
        ...withProvider,
        app_role_id: NON_GALLERY_USER_ROLE_ID,
        principal_object_id: `\${data.azuread_group.${name}.object_id}`,
        resource_object_id: attributeReference(this.servicePrincipal, 'object_id'),
      });
      if (props.movedFrom === 'per-kind-maps') {
        blocks.moved(
          `azuread_app_role_assignment.databricks[${JSON.stringify(group)}]`,
          `azuread_app_role_assignment.${name}`,
        );
      }
    }

    const claims = fixAddress(
      new ClaimsMappingPolicy(this, 'claims', {
        provider,
        displayName: `${props.displayName} claims`,
        definition: [claimsMappingPolicy(props.attributes)],
      }),
      'databricks',
    );
    fixAddress(
      new ServicePrincipalClaimsMappingPolicyAssignment(this, 'claims-assignment', {
        provider,
        claimsMappingPolicyId: claims.id,
        servicePrincipalId: this.servicePrincipal.id,
      }),
      'databricks',
    );

    this.addActivation(props.activateCertificate ?? false);

    this.samlFacts = {
      kind: 'entra',
      ssoUrl: `https://login.microsoftonline.com/${props.tenantId}/saml2`,
      entityId: `https://sts.windows.net/${props.tenantId}/`,
      // Base64 DER without PEM armour, the form the Databricks console takes. The provider marks
      // `value` sensitive, and Terraform refuses an output of a sensitive value at apply ("Output
      // refers to sensitive values"); it is the public certificate, the one any SP is given.
      certificateBase64: Fn.nonsensitive(this.signingCertificate.value) as string,
      // Every input forces a new certificate, so a rotation plans its thumbprint as unknown.
      signingKey: this.signingCertificate.thumbprint,
    };
  }

  /**
   * Entra signs with the service principal's preferredTokenSigningKeyThumbprint, which the
   * provider never sets: a new certificate stays inactive until this Graph PATCH runs.
   */
  private addActivation(automatic: boolean): void {
    const uri = `https://graph.microsoft.com/v1.0/servicePrincipals/${this.servicePrincipal.objectId}`;
    const body = `{"preferredTokenSigningKeyThumbprint":"${this.signingCertificate.thumbprint}"}`;
    fixAddress(
      new TerraformOutput(this, 'activation-command', {
        value: `az rest --method PATCH --uri ${uri} --headers Content-Type=application/json --body '${body}'`,
        description: 'Makes the current signing certificate the active one in Entra ID (Microsoft Graph)',
      }),
      ACTIVATION_COMMAND_OUTPUT,
    );
    if (!automatic) return;
    // Values travel as environment variables, so nothing from the API is parsed by the shell.
    fixAddress(
      new TerraformData(this, 'activation', {
        triggersReplace: { thumbprint: this.signingCertificate.thumbprint },
        provisioners: [
          {
            type: 'local-exec',
            command:
              'az rest --method PATCH --uri "https://graph.microsoft.com/v1.0/servicePrincipals/$SERVICE_PRINCIPAL_OBJECT_ID"' +
              ' --headers Content-Type=application/json' +
              ' --body "{\\"preferredTokenSigningKeyThumbprint\\":\\"$CERTIFICATE_THUMBPRINT\\"}"',
            environment: {
              SERVICE_PRINCIPAL_OBJECT_ID: this.servicePrincipal.objectId,
              CERTIFICATE_THUMBPRINT: this.signingCertificate.thumbprint,
            },
          },
        ],
      }),
      'activate_signing_certificate',
    );
  }
}

/** The day the certificate expires: issued + rotation period + margin, as RFC 3339. */
function certificateEndDate(
  props: Pick<EntraDatabricksAppProps, 'signingKey' | 'rotationPeriodDays' | 'expiryMarginDays'>,
): string {
  const issued = parseDay(props.signingKey.issued, 'EntraDatabricksApp.signingKey.issued');
  const days = props.rotationPeriodDays + (props.expiryMarginDays ?? 30);
  return `${formatDay(issued + days)}T00:00:00Z`;
}

// IncludeBasicClaimSet "false": Entra sends only the claims listed here, nothing of its defaults.
function claimsMappingPolicy(attributes: readonly AssertionAttribute[]): string {
  const claims = attributes
    .filter((attribute): attribute is Exclude<AssertionAttribute, 'groups'> => attribute !== 'groups')
    .map((attribute) => ({
      Source: 'user',
      ID: ENTRA_USER_ATTRIBUTES[attribute],
      SamlClaimType: attribute,
    }));
  return JSON.stringify({
    ClaimsMappingPolicy: {
      Version: 1,
      IncludeBasicClaimSet: 'false',
      ClaimsSchema: [
        { Source: 'user', ID: 'mail', SamlClaimType: NAME_ID_CLAIM, SamlNameIdFormat: EMAIL_NAME_ID },
        ...claims,
      ],
    },
  });
}

function validateProps(props: EntraDatabricksAppProps): void {
  const fail = (field: string, value: unknown, expected: string): never => {
    throw new ValidationError(`EntraDatabricksApp.${field}`, describeValue(value), expected);
  };
  if (!UUID.test(props.tenantId)) fail('tenantId', props.tenantId, 'a tenant id (a lower-case UUID)');
  if (props.displayName.trim() === '') fail('displayName', props.displayName, 'a non-empty name');
  if (!isHttpsUrl(props.redirectUrl)) fail('redirectUrl', props.redirectUrl, 'an https:// URL');
  if (props.groups.length === 0) fail('groups', props.groups, 'at least one group to assign the app to');
  if (new Set(props.groups).size !== props.groups.length) fail('groups', props.groups, 'each group once');
  for (const email of props.notificationEmails) {
    if (!EMAIL.test(email)) fail('notificationEmails', email, 'an email address');
  }
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(props.signingKey.generation)) {
    fail(
      'signingKey.generation',
      props.signingKey.generation,
      'a key generation of lower-case letters, digits and dashes',
    );
  }
  if (!isDay(props.signingKey.issued)) {
    fail('signingKey.issued', props.signingKey.issued, 'a real calendar date as YYYY-MM-DD');
  }
  if (!Number.isInteger(props.rotationPeriodDays) || props.rotationPeriodDays < 1) {
    fail('rotationPeriodDays', props.rotationPeriodDays, 'a whole number of days, at least 1');
  }
  const margin = props.expiryMarginDays ?? 30;
  if (!Number.isInteger(margin) || margin < 0) {
    fail('expiryMarginDays', margin, 'a whole number of days, at least 0');
  }
}
