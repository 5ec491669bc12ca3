import * as fs from 'fs';
import * as path from 'path';
import { SCIM_TOKEN_VARIABLE } from '../../lib/constructs/entra-scim-provisioning';
import { ROOT } from '../cli/sso';
import { TERRAFORM_VERSION } from '../terraform';
import { CliRun, readTree, sso, tempDir } from './cli';
import { harOf, ISSUER, makeKey, signedResponse } from '../core/saml/fixtures';

/** Recognisable in any artifact; each channel appends its own name, so a leak says where it came from. */
const SECRET = 'SSO-PLANTED-SECRET-7f3a9c';
/** The environment variables the providers (and Terraform, for TF_VAR_) read credentials from. */
const CHANNELS = [
  'OKTA_API_TOKEN',
  'OKTA_ACCESS_TOKEN',
  'OKTA_API_PRIVATE_KEY',
  'DATABRICKS_CLIENT_SECRET',
  'DATABRICKS_TOKEN',
  'DATABRICKS_PASSWORD',
  'ARM_CLIENT_SECRET',
  'AZURE_CLIENT_SECRET',
  'GOOGLE_CREDENTIALS',
  `TF_VAR_${SCIM_TOKEN_VARIABLE}`,
];
const EXAMPLES = ['azure.yaml', 'entra-aws.yaml', 'pingfederate-gcp.yaml'].map((f) =>
  path.join(ROOT, 'examples', f),
);
const fromExamples = EXAMPLES.flatMap((file) => ['--declaration', file]);

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
  // Without terraform (a laptop; CI has it) preflight can only print its help.
  preflight:
    TERRAFORM_VERSION === undefined
      ? [['preflight', '--help']]
      : [
          ['preflight', '--out', builtIn],
          ['preflight', '--out', examples, '--json'],
        ],
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

interface Artifact {
  readonly invocation: string;
  readonly result: CliRun;
}

const artifacts: Artifact[] = [];
let listed: string[] = [];

beforeAll(async () => {
  const saved = { ...process.env };
  for (const name of CHANNELS) process.env[name] = `${SECRET}-${name}`;
  // A fixed day: `rotation` exits 1 once a key is overdue, which is not what this test is about.
  process.env.SSO_CLOCK = '2026-11-25';
  const okta = fs.readFileSync(path.join(ROOT, 'test/fixtures/metadata/okta.xml'), 'utf8');
  fs.writeFileSync(certificate, /<ds:X509Certificate>([^<]+)</.exec(okta)?.[1] ?? '');
  const samlKey = makeKey('Okta stand-in');
  fs.writeFileSync(samlCapture, harOf(signedResponse(samlKey)));
  fs.writeFileSync(samlCertificate, samlKey.certificatePem);
  try {
    const overview = await sso(['--help']);
    artifacts.push({ invocation: 'sso --help', result: overview });
    listed = [...overview.stdout.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((m) => m[1] as string);
    for (const command of listed) {
      for (const argv of INVOCATIONS[command] ?? [[command, '--help']]) {
        artifacts.push({ invocation: `sso ${argv.join(' ')}`, result: await sso(argv) });
      }
    }
  } finally {
    process.env = saved;
  }
  // preflight runs Terraform on every stack of both outputs.
}, 180_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function synthesizedStacks(): Record<string, SynthesizedStack> {
  const stacks: Record<string, SynthesizedStack> = {};
  for (const out of [builtIn, examples]) {
    for (const env of fs.readdirSync(path.join(out, 'stacks'))) {
      stacks[env] = JSON.parse(
        fs.readFileSync(path.join(out, 'stacks', env, 'cdk.tf.json'), 'utf8'),
      ) as SynthesizedStack;
    }
  }
  return stacks;
}

interface SynthesizedStack {
  readonly variable?: Record<string, { sensitive?: boolean; default?: unknown }>;
  readonly output?: Record<string, { value: unknown; sensitive?: boolean }>;
}

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
    expect(
      artifacts.filter((a) => a.result.code !== 0).map((a) => `${a.invocation}: ${a.result.stderr}`),
    ).toEqual([]);
  });

  test('GIVEN a secret in every provider variable and TF_VAR_ WHEN every command runs THEN no stdout, stderr or written file holds it', () => {
    const leaks = artifacts.flatMap(({ invocation, result }) =>
      [
        ['stdout', result.stdout],
        ['stderr', result.stderr],
      ]
        .filter(([, text]) => (text as string).includes(SECRET))
        .map(([where]) => `${invocation}: ${where}`),
    );
    for (const [file, text] of Object.entries(readTree(work))) {
      if (text.includes(SECRET)) leaks.push(file);
    }

    expect(leaks).toEqual([]);
    // The scan covered the stacks of every IdP kind, Azure's SCIM provisioning included.
    expect(Object.keys(synthesizedStacks()).sort()).toEqual([
      'azure-staging',
      'entra-staging',
      'ping-staging',
      'prod',
      'staging',
    ]);
  });

  test('GIVEN the Azure example WHEN synthesized THEN the SCIM token is a sensitive variable without a default', () => {
    const token = synthesizedStacks()['azure-staging']?.variable?.[SCIM_TOKEN_VARIABLE];

    expect(token).toEqual(expect.objectContaining({ sensitive: true }));
    expect(token).not.toHaveProperty('default');
  });

  test('GIVEN every synthesized stack THEN an output reading a sensitive variable or a credential resource is sensitive', () => {
    const unmarked: string[] = [];
    for (const [env, stack] of Object.entries(synthesizedStacks())) {
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
