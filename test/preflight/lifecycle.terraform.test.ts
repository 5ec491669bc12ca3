import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { preflight, type PreflightStack, type StackPreflight } from '../../lib/preflight/preflight';
import { writeScratchStack } from '../../lib/preflight/scratch';
import { ensureStandins } from '../../lib/preflight/standins';
import { runTerraform, type TerraformResult } from '../../lib/preflight/terraform';
import { describeWithTerraform } from '../terraform';
import { example, exampleFile, synthesizeStacks } from './stacks';

type Declaration = ReturnType<typeof example>;

/** The built-in example with staging's signing key rotated (a new generation, issued later). */
function rotatedStaging(): Declaration {
  const staging = example('staging');
  staging.signingKey = { generation: '2027-q1', issued: '2026-11-20' };
  return staging;
}

/** Prod's data-scientists made privileged admins of ml-prod. */
function prodAdmin(): Declaration {
  const prod = example('prod');
  const groups = prod.groups as Record<string, { privileged?: boolean; workspaces: Record<string, string> }>;
  const scientists = groups['data-scientists'];
  if (scientists === undefined) throw new Error('no data-scientists in prod');
  scientists.privileged = true;
  scientists.workspaces['ml-prod'] = 'ADMIN';
  return prod;
}

/** Prod moved from Okta to Entra ID: the Okta app is destroyed. */
function prodOnEntra(): Declaration {
  const prod = example('prod');
  const entra = exampleFile('entra-aws.yaml');
  prod.idp = entra.idp as Declaration['idp'];
  return prod;
}

const byName = (results: readonly StackPreflight[], name: string) =>
  results.find((r) => r.stack === name) as StackPreflight;

describeWithTerraform('sso preflight against a base: the plan a reviewer needs', () => {
  let cliConfigFile: string;
  let base: PreflightStack[];

  beforeAll(async () => {
    cliConfigFile = await ensureStandins();
    base = synthesizeStacks(example('staging'), example('prod'));
  }, 120_000);

  test('GIVEN staging rotates its signing key WHEN planned against the deployed base THEN the app is updated and the SSO settings marker replaced, prod untouched', async () => {
    const head = synthesizeStacks(rotatedStaging(), example('prod'));

    const results = await preflight(head, { cliConfigFile, base });

    const staging = byName(results, 'staging');
    expect(staging.planned).toBe(true);
    expect(staging.actions).toEqual([
      // The console's certificate is read from the app's metadata after the new key exists.
      { address: 'data.okta_app_metadata_saml.databricks', action: 'read' },
      { address: 'okta_app_saml.databricks', action: 'update' },
      {
        address: 'terraform_data.databricks_sso_settings',
        action: 'replace',
        forcedBy: ['triggers_replace'],
      },
    ]);
    expect(byName(results, 'prod').actions).toEqual([]);
  }, 120_000);

  test('GIVEN a prod group raised from USER to ADMIN WHEN planned THEN Terraform destroys the USER assignment and creates the ADMIN one', async () => {
    const head = synthesizeStacks(example('staging'), prodAdmin());

    const prod = byName(await preflight(head, { cliConfigFile, base }), 'prod');

    expect(prod.planned).toBe(true);
    expect(prod.actions).toEqual([
      {
        address: 'databricks_mws_permission_assignment.admin_ml-prod["data-scientists"]',
        action: 'create',
      },
      {
        address: 'databricks_mws_permission_assignment.user_data-scientists["ml-prod"]',
        action: 'delete',
      },
    ]);
  }, 120_000);

  test('GIVEN a prod ADMIN grant lowered back to USER WHEN planned THEN Terraform refuses: the assignment has prevent_destroy, and the apply would fail', async () => {
    const withAdmin = synthesizeStacks(example('staging'), prodAdmin());

    const prod = byName(await preflight(base, { cliConfigFile, base: withAdmin }), 'prod');

    expect(prod.planned).toBe(false);
    expect(prod.diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          severity: 'error',
          summary: 'Instance cannot be destroyed',
          address: 'databricks_mws_permission_assignment.admin_ml-prod["data-scientists"]',
        }),
      ]),
    );
  }, 120_000);

  test('GIVEN prod moved from its Okta app to Entra ID WHEN planned THEN Terraform destroys the Okta app: prevent_destroy does not guard a block removed from the configuration', async () => {
    const head = synthesizeStacks(example('staging'), prodOnEntra());

    const prod = byName(await preflight(head, { cliConfigFile, base }), 'prod');

    expect(prod.planned).toBe(true);
    expect(prod.actions).toEqual(
      expect.arrayContaining([
        { address: 'okta_app_saml.databricks', action: 'delete' },
        { address: 'azuread_application.databricks', action: 'create' },
      ]),
    );
  }, 120_000);
});

/*
 * The Okta provider changes the certificate at apply without announcing it in the plan (the
 * stand-in does the same). The SSO settings marker must therefore key on what the plan knows: a
 * rotation applied and planned again shows no change, and the marker's replacement came in the
 * rotation's own plan (above), not one run later.
 */
describeWithTerraform('a signing-key rotation applied with the stand-ins', () => {
  let dir: string;
  let tf: (args: string[]) => Promise<TerraformResult>;

  beforeAll(async () => {
    const cliConfigFile = await ensureStandins();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-rotation-apply-'));
    tf = (args) => runTerraform(dir, args, { TF_CLI_CONFIG_FILE: cliConfigFile }, 120_000);
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('GIVEN the rotation applied WHEN planned again THEN Terraform has nothing left to do, and the output already holds the new certificate', async () => {
    const [before] = synthesizeStacks(example('staging'));
    const [after] = synthesizeStacks(rotatedStaging());
    writeScratchStack((before as PreflightStack).json, dir);
    expect((await tf(['init', '-input=false'])).code).toBe(0);
    expect((await tf(['apply', '-auto-approve', '-input=false'])).code).toBe(0);
    writeScratchStack((after as PreflightStack).json, dir);

    const applied = await tf(['apply', '-auto-approve', '-input=false', '-no-color']);
    const replanned = await tf(['plan', '-detailed-exitcode', '-input=false', '-no-color']);

    expect(applied.stderr).toBe('');
    expect(applied.stdout).toMatch(/Apply complete! Resources: 1 added, 1 changed, 1 destroyed\./);
    expect(replanned.stdout).toMatch(/No changes\./);
    expect(replanned.code).toBe(0);
    const state = JSON.parse(fs.readFileSync(path.join(dir, 'terraform.tfstate'), 'utf8')) as {
      outputs: Record<string, { value: string }>;
      resources: { type: string; mode: string; instances: { attributes: Record<string, string> }[] }[];
    };
    const metadata = state.resources.find((r) => r.mode === 'data' && r.type === 'okta_app_metadata_saml');
    const certificate = metadata?.instances[0]?.attributes.certificate ?? 'none';
    expect(state.outputs.databricks_sso_x509_certificate?.value.replace(/-----[A-Z ]+-----|\n/g, '')).toBe(
      certificate,
    );
  }, 180_000);
});
