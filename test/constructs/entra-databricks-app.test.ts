import { AppRoleAssignment } from '@cdktf/provider-azuread/lib/app-role-assignment';
import { Application } from '@cdktf/provider-azuread/lib/application';
import { ClaimsMappingPolicy } from '@cdktf/provider-azuread/lib/claims-mapping-policy';
import { DataAzureadGroup } from '@cdktf/provider-azuread/lib/data-azuread-group';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { ServicePrincipal } from '@cdktf/provider-azuread/lib/service-principal';
import { ServicePrincipalTokenSigningCertificate } from '@cdktf/provider-azuread/lib/service-principal-token-signing-certificate';
import { DataResource, TerraformOutput, Testing, TerraformStack } from 'cdktf';
import {
  ACTIVATION_COMMAND_OUTPUT,
  EntraDatabricksApp,
  EntraDatabricksAppProps,
  NON_GALLERY_TEMPLATE_ID,
} from '../../lib/constructs/entra-databricks-app';
import type { SamlIdentityProviderFacts } from '../../lib/constructs/identity-provider';
import type { SynthesizedJson } from '../helpers';

const TENANT = '6f2d1a8c-3b4e-4f5a-9c7d-2e8b1a0f4c3d';
const REDIRECT = 'https://accounts.cloud.databricks.com/oidc/accounts/0000/v1/saml/callback';
const PROPS: EntraDatabricksAppProps = {
  tenantId: TENANT,
  displayName: 'Databricks (staging)',
  redirectUrl: REDIRECT,
  groups: ['platform.admins', 'data-scientists'],
  attributes: ['email', 'name', 'groups'],
  notificationEmails: ['platform@acme.com'],
  signingKey: { generation: '2026-q4', issued: '2026-10-05' },
  rotationPeriodDays: 90,
};

function synth(props: Partial<EntraDatabricksAppProps> = {}): string {
  return Testing.synthScope((scope) => {
    new AzureadProvider(scope, 'azuread', { tenantId: TENANT });
    new EntraDatabricksApp(scope, 'app', { ...PROPS, ...props });
  });
}

function synthJson(props: Partial<EntraDatabricksAppProps> = {}): SynthesizedJson {
  return JSON.parse(synth(props)) as SynthesizedJson;
}

function build(props: Partial<EntraDatabricksAppProps>): () => void {
  return () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new EntraDatabricksApp(stack, 'app', { ...PROPS, ...props });
  };
}

function claims(props: Partial<EntraDatabricksAppProps> = {}): { SamlClaimType: string; ID: string }[] {
  const policy = synthJson(props).resource.azuread_claims_mapping_policy?.databricks as {
    definition: string[];
  };
  const definition = JSON.parse(policy.definition[0] as string) as {
    ClaimsMappingPolicy: { ClaimsSchema: { SamlClaimType: string; ID: string }[] };
  };
  return definition.ClaimsMappingPolicy.ClaimsSchema;
}

describe('EntraDatabricksApp', () => {
  test('GIVEN a redirect URL WHEN synthesized THEN the non-gallery app uses it as entity ID and reply URL', () => {
    expect(synth()).toHaveResourceWithProperties(Application, {
      template_id: NON_GALLERY_TEMPLATE_ID,
      identifier_uris: [REDIRECT],
      web: { redirect_uris: [REDIRECT] },
    });
  });

  test('GIVEN defaults WHEN synthesized THEN the service principal is a SAML enterprise app that requires assignment', () => {
    expect(synth()).toHaveResourceWithProperties(ServicePrincipal, {
      use_existing: true,
      preferred_single_sign_on_mode: 'saml',
      app_role_assignment_required: true,
      feature_tags: [{ enterprise: true, custom_single_sign_on: true }],
      notification_email_addresses: ['platform@acme.com'],
    });
  });

  test('GIVEN a key generation and rotation period WHEN synthesized THEN the certificate is named after it and lives period + 30 days', () => {
    expect(synth()).toHaveResourceWithProperties(ServicePrincipalTokenSigningCertificate, {
      display_name: 'CN=Databricks SSO 2026-q4',
      end_date: '2027-02-02T00:00:00Z',
      lifecycle: { create_before_destroy: true },
    });
  });

  test('GIVEN a new key generation WHEN synthesized THEN the certificate display name changes, forcing a new certificate', () => {
    expect(
      synth({ signingKey: { generation: '2027-q1', issued: '2027-01-04' } }),
    ).toHaveResourceWithProperties(ServicePrincipalTokenSigningCertificate, {
      display_name: 'CN=Databricks SSO 2027-q1',
      end_date: '2027-05-04T00:00:00Z',
    });
  });

  test('GIVEN mapped groups WHEN synthesized THEN exactly those security groups are looked up and assigned the User role, each in blocks of its own', () => {
    const json = synth();
    expect(json).toHaveDataSourceWithProperties(DataAzureadGroup, {
      display_name: 'platform.admins',
      security_enabled: true,
    });
    expect(json).toHaveResourceWithProperties(AppRoleAssignment, {
      app_role_id: '18d14569-c3bd-439b-9a66-3a2aee01d14f',
      principal_object_id: '${data.azuread_group.platform_2Eadmins.object_id}',
      resource_object_id: '${azuread_service_principal.databricks.object_id}',
    });
    expect(Object.keys(JSON.parse(json).resource.azuread_app_role_assignment)).toEqual([
      'data-scientists',
      'platform_2Eadmins',
    ]);
  });

  test('GIVEN movedFrom per-kind-maps WHEN synthesized THEN each assignment moves from its for_each instance', () => {
    expect(JSON.parse(synth({ movedFrom: 'per-kind-maps' })).moved).toContainEqual({
      from: 'azuread_app_role_assignment.databricks["platform.admins"]',
      to: 'azuread_app_role_assignment.platform_2Eadmins',
    });
  });

  test('GIVEN the minimal attributes WHEN synthesized THEN the claims are the email NameID, email and name only', () => {
    expect(claims().map((c) => [c.SamlClaimType, c.ID])).toEqual([
      ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier', 'mail'],
      ['email', 'mail'],
      ['name', 'displayname'],
    ]);
    expect(synth()).toHaveResourceWithProperties(ClaimsMappingPolicy, {
      definition: [expect.stringContaining('"IncludeBasicClaimSet":"false"')],
    });
  });

  test('GIVEN groups among the attributes WHEN synthesized THEN only groups assigned to the app are sent', () => {
    expect(synth()).toHaveResourceWithProperties(Application, {
      group_membership_claims: ['ApplicationGroup'],
    });
  });

  test('GIVEN no groups attribute WHEN synthesized THEN no group claim is sent', () => {
    expect(synth({ attributes: ['email', 'name'] })).toHaveResourceWithProperties(Application, {
      group_membership_claims: ['None'],
    });
  });

  test('GIVEN a tenant WHEN built THEN the Databricks console facts are the tenant SSO URL, issuer and certificate value', () => {
    let facts: SamlIdentityProviderFacts | undefined;
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        facts = new EntraDatabricksApp(scope, 'app', PROPS).samlFacts;
        new TerraformOutput(scope, 'certificate', { value: facts.certificateBase64 });
      }),
    ) as SynthesizedJson;
    expect(facts).toMatchObject({
      kind: 'entra',
      ssoUrl: `https://login.microsoftonline.com/${TENANT}/saml2`,
      entityId: `https://sts.windows.net/${TENANT}/`,
    });
    expect(facts?.certificateSha256).toBeUndefined();
    expect(json.output?.certificate?.value).toBe(
      '${nonsensitive(azuread_service_principal_token_signing_certificate.databricks.value)}',
    );
  });

  test('GIVEN defaults WHEN synthesized THEN nothing activates the certificate but the Graph call is an output', () => {
    const json = synthJson();
    expect(json.resource.terraform_data).toBeUndefined();
    expect(json.output?.[ACTIVATION_COMMAND_OUTPUT]?.value).toBe(
      'az rest --method PATCH --uri https://graph.microsoft.com/v1.0/servicePrincipals/' +
        '${azuread_service_principal.databricks.object_id} --headers Content-Type=application/json ' +
        `--body '{"preferredTokenSigningKeyThumbprint":"\${azuread_service_principal_token_signing_certificate.databricks.thumbprint}"}'`,
    );
  });

  test('GIVEN activateCertificate WHEN synthesized THEN each new thumbprint runs the Graph PATCH with values passed as environment', () => {
    expect(synth({ activateCertificate: true })).toHaveResourceWithProperties(DataResource, {
      triggers_replace: {
        thumbprint: '${azuread_service_principal_token_signing_certificate.databricks.thumbprint}',
      },
      provisioner: [
        {
          'local-exec': {
            command: expect.stringMatching(
              /^az rest --method PATCH --uri "https:\/\/graph\.microsoft\.com\/v1\.0\/servicePrincipals\/\$SERVICE_PRINCIPAL_OBJECT_ID".*preferredTokenSigningKeyThumbprint.*\$CERTIFICATE_THUMBPRINT/,
            ),
            environment: {
              SERVICE_PRINCIPAL_OBJECT_ID: '${azuread_service_principal.databricks.object_id}',
              CERTIFICATE_THUMBPRINT:
                '${azuread_service_principal_token_signing_certificate.databricks.thumbprint}',
            },
          },
        },
      ],
    });
  });

  test('GIVEN preventDestroy WHEN synthesized THEN the app and its service principal are guarded', () => {
    const json = synth({ preventDestroy: true });
    expect(json).toHaveResourceWithProperties(Application, { lifecycle: { prevent_destroy: true } });
    expect(json).toHaveResourceWithProperties(ServicePrincipal, { lifecycle: { prevent_destroy: true } });
  });

  test.each([
    [{ tenantId: 'acme.onmicrosoft.com' }, /EntraDatabricksApp\.tenantId: expected a tenant id .*got "acme/],
    [{ redirectUrl: 'http://x.example.com' }, /EntraDatabricksApp\.redirectUrl: expected an https:\/\/ URL/],
    [{ groups: [] }, /EntraDatabricksApp\.groups: expected at least one group/],
    [{ groups: ['a', 'a'] }, /EntraDatabricksApp\.groups: expected each group once/],
    [
      { notificationEmails: ['ops'] },
      /EntraDatabricksApp\.notificationEmails: expected an email address, got "ops"/,
    ],
    [
      { signingKey: { generation: '2026-q4', issued: '2026-02-30' } },
      /EntraDatabricksApp\.signingKey\.issued: expected a real calendar date/,
    ],
    [{ rotationPeriodDays: 0 }, /EntraDatabricksApp\.rotationPeriodDays: expected a whole number of days/],
  ] as [Partial<EntraDatabricksAppProps>, RegExp][])(
    'GIVEN %o WHEN built THEN it is rejected naming the field',
    (props, message) => {
      expect(build(props)).toThrow(message);
    },
  );
});
