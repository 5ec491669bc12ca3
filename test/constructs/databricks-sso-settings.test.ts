import { Testing, TerraformStack } from 'cdktf';
import { DatabricksSsoSettings, SSO_OUTPUTS } from '../../lib/constructs/databricks-sso-settings';
import type { SamlIdentityProviderFacts } from '../../lib/constructs/identity-provider';

const IDP: SamlIdentityProviderFacts = {
  kind: 'metadata',
  ssoUrl: 'https://idp.example.com/sso',
  entityId: 'https://idp.example.com/entity',
  certificateBase64: 'MIIB',
  certificateSha256: 'AB:CD',
  signingKey: 'AB:CD',
};
const REDIRECT = 'https://accounts.cloud.databricks.com/saml';

type Json = {
  resource: { terraform_data: Record<string, { triggers_replace: Record<string, string> }> };
  output: Record<string, { value: string }>;
};
const synth = (idp: SamlIdentityProviderFacts = IDP): Json =>
  JSON.parse(
    Testing.synthScope((s) => new DatabricksSsoSettings(s, 'sso', { idp, redirectUrl: REDIRECT })),
  ) as Json;

describe('DatabricksSsoSettings', () => {
  test('GIVEN IdP facts WHEN synthesized THEN the marker is keyed on URL, entity ID and signing key', () => {
    expect(synth().resource.terraform_data.databricks_sso_settings?.triggers_replace).toEqual({
      sso_url: IDP.ssoUrl,
      idp_entity_id: IDP.entityId,
      signing_key: 'AB:CD',
    });
  });

  test('GIVEN a different signing key WHEN synthesized THEN the marker changes', () => {
    const before = synth().resource.terraform_data;
    const after = synth({ ...IDP, signingKey: 'EF:01' }).resource.terraform_data;
    expect(after).not.toEqual(before);
  });

  test('GIVEN IdP facts WHEN synthesized THEN the console values are outputs', () => {
    const out = synth().output;
    expect(out[SSO_OUTPUTS.ssoUrl]?.value).toBe(IDP.ssoUrl);
    expect(out[SSO_OUTPUTS.entityId]?.value).toBe(IDP.entityId);
    expect(out[SSO_OUTPUTS.certificateSha256]?.value).toBe('AB:CD');
    expect(out[SSO_OUTPUTS.certificatePem]?.value).toContain('-----BEGIN CERTIFICATE-----');
    expect(out[SSO_OUTPUTS.redirectUrl]?.value).toBe(REDIRECT);
  });

  test('GIVEN a certificate generated at apply WHEN synthesized THEN no fingerprint output pretends to know it', () => {
    const { certificateSha256: _, ...generated } = IDP;
    expect(synth(generated).output[SSO_OUTPUTS.certificateSha256]).toBeUndefined();
  });

  test('GIVEN an http redirect URL THEN construction fails', () => {
    expect(
      () =>
        new DatabricksSsoSettings(new TerraformStack(Testing.app(), 's'), 'x', {
          idp: IDP,
          redirectUrl: 'http://a.b',
        }),
    ).toThrow(/DatabricksSsoSettings\.redirectUrl: expected an https:\/\/ URL/);
  });
});
