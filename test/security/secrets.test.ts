import * as fs from 'fs';
import * as path from 'path';
import { SCIM_TOKEN_VARIABLE } from '../../lib/constructs/entra-scim-provisioning';
import { ROOT } from '../cli/sso';
import { tempDir } from './cli';
import { harOf, ISSUER, makeKey, signedResponse } from '../core/saml/fixtures';
import { type Artifact, failures, fromExamples, leaks, runPlanted, synthesizedStacks } from './planted';

const work = tempDir('secrets');
const builtIn = path.join(work, 'built-in');
const examples = path.join(work, 'examples');
const certificate = path.join(work, 'okta-signing.cer');
/** A captured login as a HAR, for `sso diagnose --saml-response`. */
const samlCapture = path.join(work, 'login.har');
const samlCertificate = path.join(work, 'okta-stand-in.pem');

/** Every command of `sso --help`, run the way a user would; a command missing here runs with --help. */
const INVOCATIONS: Record<string, readonly (readonly string[])[]> = {
  synth: [
    ['synth', '--out', builtIn],
    ['synth', ...fromExamples, '--out', examples],
  ],
  validate: [['validate'], ['validate', '--json', ...fromExamples]],
  declaration: [
    ['declaration', '--env', 'staging'],
    ['declaration', '--env', 'prod'],
  ],
  schema: [['schema']],
  metadata: [['metadata', path.join(ROOT, 'test/fixtures/metadata/okta.xml'), '--json']],
  fingerprint: [['fingerprint', certificate]],
  rotation: [['rotation'], ['rotation', '--format', 'ics', ...fromExamples]],
  runbook: [
    ['runbook', '--env', 'prod', '--change', 'rotation'],
    ['runbook', '--env', 'entra-staging', ...fromExamples],
  ],
  diagnose: [
    ['diagnose', 'saml_invalid_idp_settings', '--env', 'staging', '--out', builtIn],
    // prettier-ignore
    ['diagnose', '--saml-response', samlCapture, '--env', 'staging', '--out', builtIn, '--certificate', samlCertificate, '--entity-id', ISSUER, '--json'],
  ],
  'test-login': [
    ['test-login', '--out', builtIn],
    ['test-login', ...fromExamples, '--json'],
  ],
  // Terraform runs on these outputs, secrets planted, in secrets.terraform.test.ts.
  preflight: [['preflight', '--help']],
  review: [
    ['review', '--base-out', builtIn, '--head-out', examples],
    ['review', '--base-out', examples, '--head-out', builtIn, '--format', 'json'],
  ],
  access: [
    ['access', '--out', builtIn],
    ['access', '--format', 'csv', ...fromExamples],
  ],
  // This repository's own history: HEAD synthesized by its own code, in process or in a worktree.
  history: [['history', '--since', 'HEAD', '--format', 'json']],
  evidence: [['evidence', '--out', path.join(work, 'evidence'), '--since', 'HEAD']],
  'audit-query': [
    ['audit-query', '--env', 'prod'],
    ['audit-query', '--env', 'azure-staging', ...fromExamples],
  ],
};

const artifacts: Artifact[] = [];
let listed: string[] = [];

beforeAll(async () => {
  const okta = fs.readFileSync(path.join(ROOT, 'test/fixtures/metadata/okta.xml'), 'utf8');
  fs.writeFileSync(certificate, /<ds:X509Certificate>([^<]+)</.exec(okta)?.[1] ?? '');
  const samlKey = makeKey('Okta stand-in');
  fs.writeFileSync(samlCapture, harOf(signedResponse(samlKey)));
  fs.writeFileSync(samlCertificate, samlKey.certificatePem);
  const overview = await runPlanted(['--help'], artifacts);
  listed = [...overview.stdout.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((m) => m[1] as string);
  for (const command of listed) {
    for (const argv of INVOCATIONS[command] ?? [[command, '--help']]) await runPlanted(argv, artifacts);
  }
}, 180_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Resource types whose attributes are credentials: anything read from them is sensitive. */
const SECRET_RESOURCES = [
  'azuread_synchronization_secret',
  'azuread_application_password',
  'azuread_service_principal_password',
  'databricks_token',
  'databricks_service_principal_secret',
];

describe('planted secrets', () => {
  test('GIVEN every command of `sso --help` THEN each ran with real arguments and succeeded', () => {
    expect(listed.filter((command) => INVOCATIONS[command] === undefined)).toEqual([]);
    expect(failures(artifacts)).toEqual([]);
  });

  test('GIVEN a secret in every provider variable and TF_VAR_ WHEN every command runs THEN no stdout, stderr or written file holds it', () => {
    expect(leaks(artifacts, work)).toEqual([]);
    // The scan covered the stacks of every IdP kind, Azure's SCIM provisioning included.
    expect(Object.keys(synthesizedStacks([builtIn, examples])).sort()).toEqual([
      'azure-staging',
      'entra-staging',
      'ping-staging',
      'prod',
      'staging',
    ]);
  });

  test('GIVEN the Azure example WHEN synthesized THEN the SCIM token is a sensitive variable without a default', () => {
    const token = synthesizedStacks([builtIn, examples])['azure-staging']?.variable?.[SCIM_TOKEN_VARIABLE];

    expect(token).toEqual(expect.objectContaining({ sensitive: true }));
    expect(token).not.toHaveProperty('default');
  });

  test('GIVEN every synthesized stack THEN an output reading a sensitive variable or a credential resource is sensitive', () => {
    const unmarked: string[] = [];
    for (const [env, stack] of Object.entries(synthesizedStacks([builtIn, examples]))) {
      const secretVariables = Object.entries(stack.variable ?? {})
        .filter(([, v]) => v.sensitive === true)
        .map(([name]) => `var.${name}`);
      const carriesSecret = new RegExp(
        `\\$\\{[^}]*\\b(${[...secretVariables, ...SECRET_RESOURCES].map((s) => s.replace('.', '\\.')).join('|')})\\b`,
      );
      for (const [name, output] of Object.entries(stack.output ?? {})) {
        if (carriesSecret.test(JSON.stringify(output.value)) && output.sensitive !== true) {
          unmarked.push(`${env}: output.${name}`);
        }
      }
    }
    expect(unmarked).toEqual([]);
  });
});
