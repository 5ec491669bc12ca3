/*
 * What okta/terraform-provider-okta v4.20.0 does beyond its schema shape, for the types this
 * project emits. Keys: `resource.<type>`, `data.<type>`. The provider marks nothing of its own
 * configuration sensitive (okta/provider.go, okta/framework_provider.go: not even `api_token`),
 * so there is no `provider` entry.
 *
 * Okta ids are 20 characters: a 3-character type prefix and 17 base62 characters.
 */
import type { Behaviour } from '../types';

const TAG = 'okta/terraform-provider-okta v4.20.0';

/** The org a fake URL names: fakes see only the resource, not the provider's `org_name`. */
const ORG_URL = 'https://example.okta.com';

export const oktaBehaviour: Readonly<Record<string, Behaviour>> = {
  'resource.okta_app_saml': {
    source: `${TAG} okta/resource_okta_app_saml.go, okta/app.go (baseAppSchema, baseAppSwaSchema)`,
    defaults: {
      saml_version: '2.0',
      status: 'ACTIVE',
      accessibility_self_service: false,
      auto_submit_toolbar: false,
      hide_ios: false,
      hide_web: false,
      honor_force_authn: false,
      saml_signed_request_enabled: false,
      user_name_template: '${source.login}',
      user_name_template_type: 'BUILT_IN',
    },
    requiresReplace: ['preconfigured_app'],
    conflicts: [['acs_endpoints', 'acs_endpoints_indices']],
    requiredWith: {
      key_name: ['key_years_valid'],
      single_logout_issuer: ['single_logout_url'],
      single_logout_url: ['single_logout_issuer'],
    },
    // Not validated by the provider (plain strings passed to the Apps API): values of the Okta
    // Apps API's SAML 2.0 sign-on settings, taken from its reference, not from provider code.
    apiAllowedValues: {
      signature_algorithm: ['RSA_SHA256', 'RSA_SHA1'],
      digest_algorithm: ['SHA256', 'SHA1'],
      saml_version: ['2.0', '1.1'],
      status: ['ACTIVE', 'INACTIVE'],
      subject_name_id_format: [
        'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
        'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        'urn:oasis:names:tc:SAML:1.1:nameid-format:x509SubjectName',
        'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
        'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
      ],
    },
    // Update calls tryCreateCertificate only on HasChange("key_name") (key_years_valid alone
    // does nothing); the read that follows sets the new key_id, certificate, metadata and keys.
    // There is no CustomizeDiff: the real plan shows the old values and the apply changes them.
    changedOnApplyBy: {
      certificate: ['key_name'],
      key_id: ['key_name'],
      metadata: ['key_name'],
      keys: ['key_name'],
    },
    fakes: {
      id: { kind: 'prefixed', prefix: '0oa', length: 20 },
      name: { kind: 'template', template: 'example_{hash}_1' },
      sign_on_mode: { kind: 'constant', value: 'SAML_2_0' },
      certificate: { kind: 'certificate-base64' },
      // An app signing key's kid is a 43-character base64url string.
      key_id: { kind: 'prefixed', prefix: '', length: 43 },
      entity_key: { kind: 'prefixed', prefix: 'exk', length: 20 },
      entity_url: { kind: 'template', template: 'http://www.okta.com/{entity_key}' },
      http_post_binding: { kind: 'template', template: `${ORG_URL}/app/{name}/{entity_key}/sso/saml` },
      http_redirect_binding: { kind: 'template', template: `${ORG_URL}/app/{name}/{entity_key}/sso/saml` },
      metadata_url: { kind: 'template', template: `${ORG_URL}/api/v1/apps/{id}/sso/saml/metadata` },
      embed_url: { kind: 'template', template: `${ORG_URL}/home/{name}/{id}/{hash}` },
      metadata: {
        kind: 'template',
        template:
          '<?xml version="1.0" encoding="UTF-8"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{entity_url}">' +
          '<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">' +
          '<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>' +
          '<ds:X509Certificate>{certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>' +
          '<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat>' +
          '<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>' +
          '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{http_post_binding}"/>' +
          '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="{http_redirect_binding}"/>' +
          '</md:IDPSSODescriptor></md:EntityDescriptor>',
      },
    },
  },
  'resource.okta_app_group_assignment': {
    source: `${TAG} okta/resource_okta_app_group_assignment.go`,
    defaults: { retain_assignment: false },
    requiresReplace: ['app_id', 'group_id'],
    // The Apps API names a group assignment by the group's id.
    fakes: { id: { kind: 'template', template: '{group_id}' } },
  },
  'resource.okta_app_signon_policy': {
    // A plugin-framework resource: id and default_rule_id keep their state (UseStateForUnknown).
    source: `${TAG} okta/resource_okta_app_signon_policy.go`,
    defaults: { catch_all: true, priority: 1 },
    fakes: {
      id: { kind: 'prefixed', prefix: 'rst', length: 20 },
      default_rule_id: { kind: 'prefixed', prefix: '0pr', length: 20 },
    },
  },
  'resource.okta_app_signon_policy_rule': {
    source: `${TAG} okta/resource_okta_app_signon_policy_rule.go`,
    defaults: {
      status: 'ACTIVE',
      network_connection: 'ANYWHERE',
      access: 'ALLOW',
      factor_mode: '2FA',
      type: 'ASSURANCE',
      re_authentication_frequency: 'PT2H',
      inactivity_period: 'PT1H',
    },
    requiresReplace: ['policy_id'],
    conflicts: [['network_includes', 'network_excludes']],
    requiredWith: { device_is_managed: ['device_is_registered'] },
    // From the attribute descriptions; the provider does not check them.
    apiAllowedValues: {
      access: ['ALLOW', 'DENY'],
      network_connection: ['ANYWHERE', 'ZONE', 'ON_NETWORK', 'OFF_NETWORK'],
      status: ['ACTIVE', 'INACTIVE'],
    },
    fakes: {
      id: { kind: 'prefixed', prefix: '0pr', length: 20 },
      system: { kind: 'constant', value: false },
    },
  },
  'data.okta_group': {
    source: `${TAG} okta/data_source_okta_group.go`,
    defaults: { include_users: false },
    conflicts: [
      ['id', 'name'],
      ['id', 'type'],
    ],
    fakes: {
      id: { kind: 'prefixed', prefix: '00g', length: 20 },
      description: { kind: 'constant', value: '' },
    },
  },
  'data.okta_app_metadata_saml': {
    source: `${TAG} okta/data_source_okta_app_saml_metadata.go`,
    // The metadata of the app's key: certificate = the first KeyDescriptor's X509Certificate.
    fakes: {
      id: { kind: 'template', template: '{app_id}/{key_id}_metadata' },
      certificate: { kind: 'certificate-base64' },
      entity_id: { kind: 'template', template: 'http://www.okta.com/{hash}' },
      http_post_binding: { kind: 'template', template: 'https://example.okta.com/app/{app_id}/sso/saml' },
      http_redirect_binding: { kind: 'template', template: 'https://example.okta.com/app/{app_id}/sso/saml' },
      want_authn_requests_signed: { kind: 'constant', value: false },
    },
  },
};
