import * as path from 'path';
import { Testing, TerraformStack } from 'cdktf';
import {
  METADATA_OUTPUTS,
  MetadataIdentityProvider,
  MetadataIdentityProviderProps,
} from '../../lib/constructs/metadata-identity-provider';
import { ValidationError } from '../../lib/core/errors';
import type { SynthesizedJson } from '../helpers';

const FIXTURES = path.resolve(__dirname, '../fixtures/metadata');
const PING = path.join(FIXTURES, 'pingfederate.xml');
const AT = new Date('2026-11-01T00:00:00Z');

function build(props: Partial<MetadataIdentityProviderProps> = {}): MetadataIdentityProvider {
  const stack = new TerraformStack(Testing.app(), 'test');
  return new MetadataIdentityProvider(stack, 'idp', { file: PING, at: AT, ...props });
}

function synthJson(props: Partial<MetadataIdentityProviderProps> = {}): SynthesizedJson {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new MetadataIdentityProvider(scope, 'idp', { file: PING, at: AT, ...props });
    }),
  ) as SynthesizedJson;
}

describe('MetadataIdentityProvider', () => {
  test('GIVEN PingFederate metadata WHEN built THEN the console facts come from the file, fingerprint included', () => {
    expect(build().samlFacts).toEqual({
      kind: 'metadata',
      ssoUrl: 'https://sso.example.com/idp/SSO.saml2',
      entityId: 'https://sso.example.com',
      certificateBase64: expect.stringMatching(/^MIID[A-Za-z0-9+/]+=*$/),
      certificateSha256:
        '13:FA:07:06:F8:EC:CD:13:B3:47:94:3F:F7:94:CD:41:8A:0D:D3:68:B4:03:FE:F5:DC:69:6F:AD:24:35:0F:34',
      signingKey:
        '13:FA:07:06:F8:EC:CD:13:B3:47:94:3F:F7:94:CD:41:8A:0D:D3:68:B4:03:FE:F5:DC:69:6F:AD:24:35:0F:34',
    });
  });

  test('GIVEN metadata during a rotation overlap WHEN the first certificate has expired THEN the next one is used', () => {
    const idp = build({
      file: path.join(FIXTURES, 'rotation-overlap.xml'),
      at: new Date('2037-01-01T00:00:00Z'),
    });
    expect(idp.samlFacts.certificateSha256).toBe(
      '71:E0:04:43:7B:E3:0B:96:59:E4:F7:DD:23:73:7A:29:38:BB:51:7C:4C:82:15:DD:C7:66:5F:9A:D6:7A:C8:E7',
    );
  });

  test('GIVEN metadata during a rotation overlap WHEN both are valid THEN the first in the file is used', () => {
    expect(build({ file: path.join(FIXTURES, 'rotation-overlap.xml') }).samlFacts.certificateSha256).toMatch(
      /^B7:8B:A3/,
    );
  });

  test('GIVEN a file listing two IdPs and an entity ID WHEN built THEN that IdP is read', () => {
    const idp = build({
      file: path.join(FIXTURES, 'two-idps.xml'),
      entityId: 'https://idp.university-b.edu/idp/shibboleth',
    });
    expect(idp.samlFacts.ssoUrl).toBe('https://idp.university-b.edu/idp/profile/SAML2/Redirect/SSO');
  });

  test('GIVEN metadata whose only signing certificate expired WHEN built THEN it is refused naming the file and the expiry', () => {
    const file = path.join(FIXTURES, 'expired.xml');
    expect(() => build({ file })).toThrow(ValidationError);
    expect(() => build({ file })).toThrow(
      `${file}: expected metadata with a signing certificate valid on 2026-11-01, ` +
        'got only expired signing certificates (the last expired 2021-01-02T17:40:59.000Z)',
    );
  });

  test('GIVEN service-provider metadata WHEN built THEN the reader refuses it', () => {
    expect(() => build({ file: path.join(FIXTURES, 'sp-only.xml') })).toThrow(/SPSSODescriptor only/);
  });

  test('GIVEN any metadata WHEN synthesized THEN no resource is created and the outputs say the IdP side is manual', () => {
    const json = synthJson({ vendor: 'PingFederate' });
    expect(json.resource).toBeUndefined();
    expect(json.output?.[METADATA_OUTPUTS.setup]?.value).toMatch(
      /^Nothing is created in PingFederate by Terraform: .*ACS URL and entity ID: output databricks_redirect_url/,
    );
    expect(json.output?.[METADATA_OUTPUTS.certificateNotAfter]?.value).toBe('2038-02-16T00:00:00.000Z');
  });

  test('GIVEN a metadata file WHEN synthesized THEN its path appears nowhere in the output', () => {
    expect(JSON.stringify(synthJson())).not.toContain(FIXTURES);
  });
});
