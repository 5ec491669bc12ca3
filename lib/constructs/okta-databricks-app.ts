import { AppSaml, AppSamlAttributeStatements } from '@cdktf/provider-okta/lib/app-saml';
import { AppSignonPolicy } from '@cdktf/provider-okta/lib/app-signon-policy';
import { AppSignonPolicyRule } from '@cdktf/provider-okta/lib/app-signon-policy-rule';
import { DataOktaAppMetadataSaml } from '@cdktf/provider-okta/lib/data-okta-app-metadata-saml';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { isHttpsUrl, type AssertionAttribute, type MovedFrom } from '../core/declaration/schema';
import { describeValue, ValidationError } from '../core/errors';
import { groupBlockName } from '../core/terraform/names';
import { escapeRegExp, fixAddress } from './addresses';
import type { ISamlIdentityProvider, SamlIdentityProviderFacts } from './identity-provider';
import { attributeReference, PlainBlocks, providerAddress } from './plain-blocks';

/** Properties of an {@link OktaDatabricksApp}. */
export interface OktaDatabricksAppProps {
  /** Shown on users' Okta dashboards. */
  readonly label: string;
  /** The account console's "Databricks Redirect URL": SSO URL, recipient, destination and audience. */
  readonly redirectUrl: string;
  /** Okta group names: assigned to the app and the only groups sent in the `groups` attribute. */
  readonly groups: readonly string[];
  /** Attributes sent in the assertion besides the NameID (the user's email). */
  readonly attributes: readonly AssertionAttribute[];
  /** Sign-in is re-required after this much inactivity. */
  readonly idleMinutes: number;
  /** Sign-in is re-required after this long, active or not. */
  readonly lifetimeHours: number;
  /** Names the signing key; changing it generates a new key, active at once (a rotation). */
  readonly signingKeyGeneration: string;
  /**
   * Validity of each generated key. Okta's minimum; the rotation schedule, not the validity,
   * decides when keys change.
   * @default 2
   */
  readonly keyYearsValid?: number;
  /**
   * Guards the app against `terraform destroy` and replacement (a lockout for every user).
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * The okta provider the app, its sign-on policy and its group assignments are created with.
   * @default the stack's default okta provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Adds `moved` blocks from the group assignments' addresses in an earlier layout
   * (`okta_app_group_assignment.databricks["<group>"]`), so Terraform moves them instead of
   * unassigning and assigning every group. @default none
   */
  readonly movedFrom?: MovedFrom;
}

const EMAIL_NAME_ID = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const UNSPECIFIED = 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified';

/** Okta expression language; `$${` stops Terraform from reading `${user...}` as interpolation. */
const OKTA_ATTRIBUTE_VALUES: Record<Exclude<AssertionAttribute, 'groups'>, string> = {
  email: 'user.email',
  name: 'String.join(" ", user.firstName, user.lastName)',
  firstName: 'user.firstName',
  lastName: 'user.lastName',
  displayName: 'user.displayName',
  department: 'user.department',
  employeeNumber: 'user.employeeNumber',
};

/**
 * A custom Okta SAML 2.0 app for Databricks, signed with SHA-256, with minimal attributes,
 * assigned to exactly the mapped groups, and an app sign-on policy holding the session timeouts.
 */
export class OktaDatabricksApp extends Construct implements ISamlIdentityProvider {
  /** The SAML app (`okta_app_saml.databricks`). */
  readonly app: AppSaml;
  /**
   * What the Databricks account console needs. The certificate is read from the app's metadata
   * after the app changes, so after a rotation's apply it is the new key's; the signing key is
   * identified by `signingKeyGeneration`.
   */
  readonly samlFacts: SamlIdentityProviderFacts;

  constructor(scope: Construct, id: string, props: OktaDatabricksAppProps) {
    super(scope, id);
    validateProps(props);
    const provider = props.provider;

    const policy = fixAddress(
      new AppSignonPolicy(this, 'policy', {
        provider,
        name: `${props.label} sign-on`,
        description: `Session timeouts for ${props.label}: managed as code, do not edit in the console.`,
      }),
      'databricks',
    );
    fixAddress(
      new AppSignonPolicyRule(this, 'session', {
        provider,
        policyId: policy.id,
        name: 'Session timeouts',
        priority: 1,
        access: 'ALLOW',
        factorMode: '2FA',
        inactivityPeriod: `PT${props.idleMinutes}M`,
        reAuthenticationFrequency: `PT${props.lifetimeHours}H`,
      }),
      'session',
    );

    this.app = fixAddress(
      new AppSaml(this, 'app', {
        provider,
        label: props.label,
        ssoUrl: props.redirectUrl,
        recipient: props.redirectUrl,
        destination: props.redirectUrl,
        audience: props.redirectUrl,
        subjectNameIdTemplate: '$${user.email}',
        subjectNameIdFormat: EMAIL_NAME_ID,
        responseSigned: true,
        assertionSigned: true,
        signatureAlgorithm: 'RSA_SHA256',
        digestAlgorithm: 'SHA256',
        honorForceAuthn: true,
        authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
        implicitAssignment: false,
        keyName: props.signingKeyGeneration,
        keyYearsValid: props.keyYearsValid ?? 2,
        authenticationPolicy: policy.id,
        attributeStatements: attributeStatements(props.attributes, props.groups),
        lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
      }),
      'databricks',
    );

    // One lookup and one assignment per group, named after it (`okta_app_group_assignment.analysts`):
    // a `for_each` over every group makes Terraform's plan quadratic in the number of groups.
    const blocks = new PlainBlocks(this, 'groups');
    const withProvider = provider === undefined ? {} : { provider: providerAddress(provider) };
    for (const group of [...props.groups].sort()) {
      const name = groupBlockName(group);
      blocks.data('okta_group', name, { ...withProvider, name: group });
      blocks.resource('okta_app_group_assignment', name, {
        ...withProvider,
        app_id: attributeReference(this.app, 'id'),
        group_id: `\${data.okta_group.${name}.id}`,
      });
      if (props.movedFrom === 'per-kind-maps') {
        blocks.moved(
          `okta_app_group_assignment.databricks[${JSON.stringify(group)}]`,
          `okta_app_group_assignment.${name}`,
        );
      }
    }

    // The provider generates a new key at apply without announcing the new certificate in the
    // plan, so an output of the app's own `certificate` kept the old one after a rotation's
    // apply (the stand-in providers reproduce this with Terraform itself). The app's metadata,
    // read after the app changed (depends_on defers the read to the apply), has the new one.
    const metadata = fixAddress(
      new DataOktaAppMetadataSaml(this, 'metadata', {
        provider,
        appId: this.app.id,
        keyId: this.app.keyId,
        dependsOn: [this.app],
      }),
      'databricks',
    );
    this.samlFacts = {
      kind: 'okta',
      ssoUrl: this.app.httpPostBinding,
      entityId: this.app.entityUrl,
      certificateBase64: metadata.certificate,
      // key_name is configuration: the rotation's plan already shows it changing.
      signingKey: this.app.keyName,
    };
  }
}

function attributeStatements(
  attributes: readonly AssertionAttribute[],
  groups: readonly string[],
): AppSamlAttributeStatements[] {
  return attributes.map((attribute) =>
    attribute === 'groups'
      ? {
          name: 'groups',
          namespace: UNSPECIFIED,
          type: 'GROUP',
          filterType: 'REGEX',
          filterValue: `^(${[...groups].sort().map(escapeRegExp).join('|')})$`,
        }
      : {
          name: attribute,
          namespace: UNSPECIFIED,
          type: 'EXPRESSION',
          values: [OKTA_ATTRIBUTE_VALUES[attribute]],
        },
  );
}

function validateProps(props: OktaDatabricksAppProps): void {
  if (!isHttpsUrl(props.redirectUrl)) {
    throw new ValidationError(
      'OktaDatabricksApp.redirectUrl',
      describeValue(props.redirectUrl),
      'an https:// URL',
    );
  }
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(props.signingKeyGeneration)) {
    throw new ValidationError(
      'OktaDatabricksApp.signingKeyGeneration',
      describeValue(props.signingKeyGeneration),
      'a key name of lower-case letters, digits and dashes',
    );
  }
  const years = props.keyYearsValid ?? 2;
  if (!Number.isInteger(years) || years < 2 || years > 10) {
    throw new ValidationError(
      'OktaDatabricksApp.keyYearsValid',
      describeValue(years),
      'a whole number from 2 to 10',
    );
  }
  if (props.groups.length === 0) {
    throw new ValidationError(
      'OktaDatabricksApp.groups',
      'no groups',
      'at least one group to assign the app to',
    );
  }
  if (new Set(props.groups).size !== props.groups.length) {
    throw new ValidationError('OktaDatabricksApp.groups', describeValue(props.groups), 'each group once');
  }
}
