import { AppSaml } from '@cdktf/provider-okta/lib/app-saml';
import { AppSignonPolicyRule } from '@cdktf/provider-okta/lib/app-signon-policy-rule';
import { OktaProvider } from '@cdktf/provider-okta/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { OktaDatabricksApp, OktaDatabricksAppProps } from '../../lib/constructs/okta-databricks-app';

const REDIRECT = 'https://accounts.cloud.databricks.com/oidc/accounts/0000/v1/saml/callback';
const PROPS: OktaDatabricksAppProps = {
  label: 'Databricks',
  redirectUrl: REDIRECT,
  groups: ['data-scientists', 'platform.admins'],
  attributes: ['email', 'name', 'groups'],
  idleMinutes: 30,
  lifetimeHours: 8,
  signingKeyGeneration: '2026-q4',
};

function synth(props: Partial<OktaDatabricksAppProps> = {}): string {
  return Testing.synthScope((scope) => {
    new OktaProvider(scope, 'okta', { orgName: 'acme' });
    new OktaDatabricksApp(scope, 'app', { ...PROPS, ...props });
  });
}

function build(props: Partial<OktaDatabricksAppProps>): () => void {
  return () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new OktaDatabricksApp(stack, 'app', { ...PROPS, ...props });
  };
}

describe('OktaDatabricksApp', () => {
  test('GIVEN a redirect URL WHEN synthesized THEN SSO URL, recipient, destination and audience are that URL', () => {
    expect(synth()).toHaveResourceWithProperties(AppSaml, {
      sso_url: REDIRECT,
      recipient: REDIRECT,
      destination: REDIRECT,
      audience: REDIRECT,
    });
  });

  test('GIVEN defaults WHEN synthesized THEN response and assertion are signed with SHA-256', () => {
    expect(synth()).toHaveResourceWithProperties(AppSaml, {
      response_signed: true,
      assertion_signed: true,
      signature_algorithm: 'RSA_SHA256',
      digest_algorithm: 'SHA256',
    });
  });

  test('GIVEN defaults WHEN synthesized THEN the NameID is the email, escaped from Terraform interpolation', () => {
    const json = synth();
    expect(json).toHaveResourceWithProperties(AppSaml, {
      subject_name_id_template: '$${user.email}',
      subject_name_id_format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    });
    expect(json).not.toMatch(/(?<!\$)\$\{user\./);
  });

  test('GIVEN groups WHEN synthesized THEN the group statement sends only those groups, regex-escaped', () => {
    const app = JSON.parse(synth()).resource.okta_app_saml.databricks;
    const groups = app.attribute_statements.find((s: { name: string }) => s.name === 'groups');
    expect(groups).toEqual(expect.objectContaining({ type: 'GROUP', filter_type: 'REGEX' }));
    expect(groups.filter_value).toBe('^(data-scientists|platform\\.admins)$');
    expect(new RegExp(groups.filter_value).test('platformXadmins')).toBe(false);
  });

  test('GIVEN email and name only WHEN synthesized THEN exactly two attribute statements are sent', () => {
    const app = JSON.parse(synth({ attributes: ['email', 'name'] })).resource.okta_app_saml.databricks;
    expect(app.attribute_statements.map((s: { name: string }) => s.name)).toEqual(['email', 'name']);
  });

  test('GIVEN groups WHEN synthesized THEN the app is assigned to exactly those groups, each looked up by name in blocks of its own', () => {
    const json = JSON.parse(synth());
    expect(json.data.okta_group).toEqual({
      'data-scientists': { name: 'data-scientists' },
      platform_2Eadmins: { name: 'platform.admins' },
    });
    expect(json.resource.okta_app_group_assignment).toEqual({
      'data-scientists': {
        app_id: '${okta_app_saml.databricks.id}',
        group_id: '${data.okta_group.data-scientists.id}',
      },
      platform_2Eadmins: {
        app_id: '${okta_app_saml.databricks.id}',
        group_id: '${data.okta_group.platform_2Eadmins.id}',
      },
    });
  });

  test('GIVEN movedFrom per-kind-maps WHEN synthesized THEN each assignment moves from its for_each instance', () => {
    expect(JSON.parse(synth({ movedFrom: 'per-kind-maps' })).moved).toEqual([
      {
        from: 'okta_app_group_assignment.databricks["data-scientists"]',
        to: 'okta_app_group_assignment.data-scientists',
      },
      {
        from: 'okta_app_group_assignment.databricks["platform.admins"]',
        to: 'okta_app_group_assignment.platform_2Eadmins',
      },
    ]);
  });

  test('GIVEN session timeouts WHEN synthesized THEN the app sign-on rule enforces them', () => {
    expect(synth()).toHaveResourceWithProperties(AppSignonPolicyRule, {
      inactivity_period: 'PT30M',
      re_authentication_frequency: 'PT8H',
      access: 'ALLOW',
    });
    expect(synth()).toHaveResourceWithProperties(AppSaml, {
      authentication_policy: '${okta_app_signon_policy.databricks.id}',
    });
  });

  test('GIVEN a key generation WHEN synthesized THEN it names the signing key', () => {
    expect(synth({ signingKeyGeneration: '2027-q1' })).toHaveResourceWithProperties(AppSaml, {
      key_name: '2027-q1',
      key_years_valid: 2,
    });
  });

  test('GIVEN preventDestroy WHEN synthesized THEN the app carries the lifecycle guard', () => {
    expect(synth({ preventDestroy: true })).toHaveResourceWithProperties(AppSaml, {
      lifecycle: { prevent_destroy: true },
    });
  });

  test('GIVEN an http redirect URL THEN construction fails naming the prop', () => {
    expect(build({ redirectUrl: 'http://x.example.com' })).toThrow(
      /OktaDatabricksApp\.redirectUrl: expected an https:\/\/ URL, got "http:\/\/x\.example\.com"/,
    );
  });

  test('GIVEN key validity of one year THEN construction fails with the allowed range', () => {
    expect(build({ keyYearsValid: 1 })).toThrow(/keyYearsValid: expected a whole number from 2 to 10, got 1/);
  });

  test('GIVEN no groups THEN construction fails', () => {
    expect(build({ groups: [] })).toThrow(/OktaDatabricksApp\.groups: expected at least one group/);
  });

  test('GIVEN an upper-case key generation THEN construction fails', () => {
    expect(build({ signingKeyGeneration: 'Q4' })).toThrow(/signingKeyGeneration: expected a key name/);
  });
});
