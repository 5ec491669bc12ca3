import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import { declarationSources } from '../../lib/cli/declarations';
import { validateDeclaration } from '../../lib/core/declaration/validate';
import { checkStackIntegrity } from '../../lib/core/terraform/integrity';
import { addEnvironments } from '../../stacks/sso-app';
import { ROOT, sso } from '../cli/sso';
import type { SynthesizedJson } from '../helpers';

const EXAMPLES = {
  entra: path.join(ROOT, 'examples/entra-aws.yaml'),
  azure: path.join(ROOT, 'examples/azure.yaml'),
  metadata: path.join(ROOT, 'examples/pingfederate-gcp.yaml'),
} as const;
const PLANTED_TOKEN = 'dapi-PLANTED-SCIM-TOKEN-7f3a9c2e1b';
const SAML_OUTPUTS = /databricks_sso_|databricks_redirect_url/;

type Example = Record<string, unknown> & {
  idp: Record<string, unknown>;
  databricks: Record<string, unknown>;
  groups: Record<string, Record<string, unknown>>;
};

/** An example declaration as read by the command line (metadata file resolved), mutable. */
function example(kind: keyof typeof EXAMPLES): Example {
  const [source] = declarationSources([EXAMPLES[kind]]);
  return structuredClone(source?.input) as Example;
}

function synthesizeText(declaration: unknown): string {
  const [stack] = addEnvironments(Testing.app() as App, [{ input: declaration, source: 'test' }]);
  return Testing.synth(stack as NonNullable<typeof stack>, true);
}

function synthesizeJson(declaration: unknown): SynthesizedJson {
  return JSON.parse(synthesizeText(declaration)) as SynthesizedJson;
}

function withEnv<T>(name: string, value: string, action: () => T): T {
  const before = process.env[name];
  process.env[name] = value;
  try {
    return action();
  } finally {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  }
}

function rejection(declaration: unknown): string {
  try {
    validateDeclaration(declaration);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the declaration to be rejected');
}

describe('one declaration per IdP kind', () => {
  test.each(Object.keys(EXAMPLES) as (keyof typeof EXAMPLES)[])(
    'GIVEN the %s example WHEN synthesized THEN the plan matches the reviewed snapshot',
    (kind) => {
      expect(synthesizeJson(example(kind))).toMatchSnapshot();
    },
  );

  test.each(Object.keys(EXAMPLES) as (keyof typeof EXAMPLES)[])(
    'GIVEN the %s example WHEN synthesized THEN every reference, escape, provider and pin is sound',
    (kind) => {
      expect(checkStackIntegrity(synthesizeJson(example(kind)))).toEqual([]);
    },
  );
});

describe('Entra ID on Databricks on AWS', () => {
  test('GIVEN the Entra example WHEN synthesized THEN the console gets the tenant SSO URL, issuer and app certificate', () => {
    const { output } = synthesizeJson(example('entra'));
    expect(output?.databricks_sso_url?.value).toBe(
      'https://login.microsoftonline.com/6f2d1a8c-3b4e-4f5a-9c7d-2e8b1a0f4c3d/saml2',
    );
    expect(output?.databricks_sso_idp_entity_id?.value).toBe(
      'https://sts.windows.net/6f2d1a8c-3b4e-4f5a-9c7d-2e8b1a0f4c3d/',
    );
    expect(output?.databricks_sso_x509_certificate?.value).toContain(
      'azuread_service_principal_token_signing_certificate.databricks.value',
    );
  });

  test('GIVEN a production Entra environment WHEN synthesized THEN the app and service principal are guarded', () => {
    const d = example('entra');
    d.tier = 'production';
    const { resource } = synthesizeJson(d);
    expect(resource.azuread_application?.databricks?.lifecycle).toEqual({ prevent_destroy: true });
    expect(resource.azuread_service_principal?.databricks?.lifecycle).toEqual({ prevent_destroy: true });
  });
});

describe('Azure Databricks', () => {
  test('GIVEN the Azure example WHEN synthesized THEN no SAML app, signing certificate or SSO handoff exists', () => {
    const json = synthesizeJson(example('azure'));
    const types = Object.keys(json.resource);
    expect(types.filter((t) => t.startsWith('okta_'))).toEqual([]);
    expect(types).not.toContain('azuread_service_principal_token_signing_certificate');
    expect(types).not.toContain('azuread_claims_mapping_policy');
    expect(json.resource.terraform_data).toBeUndefined();
    expect(JSON.stringify(json)).not.toContain('8adf8e6e-67b2-4cf2-a259-e3dc5476c621');
    expect(Object.keys(json.output ?? {}).filter((name) => SAML_OUTPUTS.test(name))).toEqual([]);
  });

  test('GIVEN a SCIM token in the environment WHEN synthesized THEN it appears nowhere and the secret reads the variable', () => {
    const text = withEnv('TF_VAR_databricks_scim_token', PLANTED_TOKEN, () =>
      synthesizeText(example('azure')),
    );
    expect(text).not.toContain(PLANTED_TOKEN);
    const secret = (JSON.parse(text) as SynthesizedJson).resource.azuread_synchronization_secret
      ?.databricks_scim as { credential: { key: string; value: string }[] };
    expect(secret.credential.find((c) => c.key === 'SecretToken')?.value).toBe(
      '${var.databricks_scim_token}',
    );
  });

  test('GIVEN scim and terraform groups WHEN synthesized THEN only the scim groups are provisioned by Entra', () => {
    const { data } = synthesizeJson(example('azure'));
    expect(Object.values(data?.azuread_group ?? {}).map((group) => group.display_name)).toEqual([
      'data-scientists',
      'databricks-platform-admins',
    ]);
  });

  test('GIVEN SCIM turned off WHEN synthesized THEN nothing is created in Entra', () => {
    const d = example('azure');
    d.idp.scim = { enabled: false };
    const json = synthesizeJson(d);
    expect(Object.keys(json.resource).filter((t) => t.startsWith('azuread_'))).toEqual([]);
    expect(Object.keys(json.provider ?? {})).toEqual(['databricks']);
  });

  test('GIVEN the Azure example WHEN `sso synth` writes cdktf.out with a token in the environment THEN no file or log line holds it', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-azure-'));
    const result = sso(['synth', '--declaration', EXAMPLES.azure, '--out', out], {
      TF_VAR_databricks_scim_token: PLANTED_TOKEN,
      DATABRICKS_SCIM_TOKEN: PLANTED_TOKEN,
    });
    expect(result.code).toBe(0);
    const files = fs.readdirSync(out, { recursive: true, encoding: 'utf8' });
    const written = files
      .map((f) => path.join(out, f))
      .filter((f) => fs.statSync(f).isFile())
      .map((f) => fs.readFileSync(f, 'utf8'));
    expect(written.some((text) => text.includes('azuread_synchronization_job'))).toBe(true);
    expect([...written, result.stdout, result.stderr].filter((text) => text.includes(PLANTED_TOKEN))).toEqual(
      [],
    );
  });
});

describe('SAML IdP from federation metadata', () => {
  test('GIVEN the PingFederate example WHEN synthesized THEN the certificate fingerprint is known at plan time', () => {
    expect(synthesizeJson(example('metadata')).output?.databricks_sso_certificate_sha256?.value).toBe(
      '13:FA:07:06:F8:EC:CD:13:B3:47:94:3F:F7:94:CD:41:8A:0D:D3:68:B4:03:FE:F5:DC:69:6F:AD:24:35:0F:34',
    );
  });

  test('GIVEN SSO_CLOCK after the metadata certificate expired WHEN synthesized THEN the environment is refused', () => {
    const file = path.join(ROOT, 'examples/pingfederate-metadata.xml');
    expect(() => withEnv('SSO_CLOCK', '2039-01-01', () => synthesizeText(example('metadata')))).toThrow(
      `ping-staging: idp.file ${file}: expected metadata with a signing certificate valid on 2039-01-01, ` +
        'got only expired signing certificates (the last expired 2038-02-16T00:00:00.000Z)',
    );
  });

  test('GIVEN a relative metadata path WHEN the declaration is read from elsewhere THEN it resolves next to the declaration', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-metadata-'));
    fs.copyFileSync(path.join(ROOT, 'examples/pingfederate-metadata.xml'), path.join(dir, 'idp.xml'));
    fs.writeFileSync(
      path.join(dir, 'ping.yaml'),
      fs.readFileSync(EXAMPLES.metadata, 'utf8').replace('file: pingfederate-metadata.xml', 'file: idp.xml'),
    );
    const [source] = declarationSources([path.join(dir, 'ping.yaml')]);
    expect((source?.input as Example).idp.file).toBe(path.join(dir, 'idp.xml'));
  });
});

describe('cloud and IdP combinations', () => {
  test('GIVEN an Okta IdP on Azure THEN it is rejected: Azure signs in through Entra ID', () => {
    const d = example('azure');
    d.idp = { kind: 'okta', orgName: 'acme' };
    expect(rejection(d)).toMatch(/^azure-staging: idp\.kind: expected "entra" on cloud "azure"/);
  });

  test.each([
    [
      'databricks.redirectUrl',
      (d: Example) => (d.databricks.redirectUrl = 'https://accounts.example.com/saml'),
    ],
    ['signingKey', (d: Example) => (d.signingKey = { generation: '2026-q4', issued: '2026-10-05' })],
    ['idp.activateCertificate', (d: Example) => (d.idp.activateCertificate = true)],
  ])('GIVEN the SAML-only setting %s on Azure THEN it is rejected saying why', (field, mutate) => {
    const d = example('azure');
    mutate(d);
    expect(rejection(d)).toMatch(
      new RegExp(
        `^azure-staging: ${field.replace('.', '\\.')}: expected .*Azure Databricks signs users in through Entra ID natively`,
      ),
    );
  });

  test.each([
    ['databricks.redirectUrl', (d: Example) => delete d.databricks.redirectUrl],
    ['signingKey', (d: Example) => delete d.signingKey],
  ])('GIVEN no %s on AWS THEN it is rejected as required', (field, remove) => {
    const d = example('entra');
    remove(d);
    expect(rejection(d)).toMatch(
      new RegExp(`^entra-staging: ${field.replace('.', '\\.')}: expected .*required on cloud "aws"`),
    );
  });

  test('GIVEN SCIM asked for on AWS THEN it is rejected: this stack provisions SCIM on Azure only', () => {
    const d = example('entra');
    d.idp.scim = { enabled: true };
    expect(rejection(d)).toMatch(
      /^entra-staging: idp\.scim\.enabled: expected false or no scim field on cloud "aws"/,
    );
  });
});
