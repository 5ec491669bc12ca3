import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { preflight, type PreflightStack, type StackPreflight } from '../../lib/preflight/preflight';
import { writeScratchStack } from '../../lib/preflight/scratch';
import { ensureStandins } from '../../lib/preflight/standins';
import { runTerraform, type TerraformResult } from '../../lib/preflight/terraform';
import type { JsonObject } from '../../lib/core/terraform/json';
import { describeWithTerraform } from '../terraform';
import { synthesizeStacks } from './stacks';

/*
 * States written by the per-kind layout (one for_each per permission kind, before the per-group
 * layout) must move, not be destroyed. The fixture holds the stacks that layout synthesized, at
 * commit ea5cd4b, from the declarations beside them: Okta staging and prod (prod with a group
 * Terraform creates whose name needs escaping), Entra on AWS, and Entra SCIM on Azure.
 */
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'per-kind-layout');

function declaration(name: string, movedFrom?: 'per-kind-maps'): Record<string, unknown> {
  const parsed = JSON.parse(
    fs.readFileSync(path.join(FIXTURE, 'declarations', `${name}.json`), 'utf8'),
  ) as Record<string, unknown>;
  return movedFrom === undefined ? parsed : { ...parsed, movedFrom };
}

function perKindStacks(...names: string[]): PreflightStack[] {
  return names.map((name) => ({
    name,
    json: JSON.parse(fs.readFileSync(path.join(FIXTURE, 'stacks', `${name}.tf.json`), 'utf8')) as JsonObject,
  }));
}

/** The per-group layout of the fixture's declarations, one synthesis per account. */
function perGroupStacks(movedFrom?: 'per-kind-maps'): PreflightStack[] {
  return [
    ...synthesizeStacks(declaration('staging', movedFrom), declaration('prod', movedFrom)),
    ...synthesizeStacks(declaration('entra', movedFrom)),
    ...synthesizeStacks(declaration('azure', movedFrom)),
  ];
}

const STACKS = ['staging', 'prod', 'entra-staging', 'azure-staging'];

describeWithTerraform('upgrading a state of the per-kind layout', () => {
  let cliConfigFile: string;
  let base: PreflightStack[];

  beforeAll(async () => {
    cliConfigFile = await ensureStandins();
    base = perKindStacks(...STACKS);
  }, 120_000);

  test('GIVEN every stack applied with the per-kind layout WHEN the per-group layout with movedFrom is planned against it THEN Terraform adds, changes and destroys nothing', async () => {
    const head = perGroupStacks('per-kind-maps');
    expect(head.map((s) => s.name).sort()).toEqual([...STACKS].sort());

    const results = await preflight(head, { cliConfigFile, base });

    for (const result of results) {
      expect({
        stack: result.stack,
        diagnostics: result.diagnostics.filter((d) => d.severity === 'error'),
      }).toEqual({ stack: result.stack, diagnostics: [] });
      expect(result).toMatchObject({ planned: true, add: 0, change: 0, destroy: 0 });
      // Moves are no-ops in the saved plan; what is left are data sources read again.
      expect(result.actions.filter((a) => a.action !== 'read')).toEqual([]);
    }
  }, 600_000);

  test('GIVEN the same state WHEN the per-group layout is planned without movedFrom THEN Terraform would destroy and create the grants: the moved blocks are what keeps them', async () => {
    const [staging] = await preflight(
      perGroupStacks().filter((s) => s.name === 'staging'),
      { cliConfigFile, base },
    );

    expect((staging as StackPreflight).destroy).toBeGreaterThan(10);
    expect((staging as StackPreflight).actions).toContainEqual({
      address: 'databricks_mws_permission_assignment.user_assignment["analysts/analytics-staging"]',
      action: 'delete',
    });
  }, 300_000);
});

/*
 * The upgrade applied, movedFrom comes out of the declaration again: the moved blocks cost
 * Terraform time in every plan, and the state no longer needs them.
 */
describeWithTerraform('after the upgrade is applied', () => {
  let dir: string;
  let tf: (args: string[]) => Promise<TerraformResult>;

  beforeAll(async () => {
    const cliConfigFile = await ensureStandins();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-layout-upgrade-'));
    tf = (args) => runTerraform(dir, args, { TF_CLI_CONFIG_FILE: cliConfigFile }, 300_000);
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('GIVEN staging moved to the per-group layout WHEN planned without movedFrom THEN there is nothing to do', async () => {
    const staging = (stacks: PreflightStack[]) =>
      (stacks.find((s) => s.name === 'staging') as PreflightStack).json;
    writeScratchStack(staging(perKindStacks('staging')), dir);
    expect((await tf(['init', '-input=false'])).code).toBe(0);
    expect((await tf(['apply', '-auto-approve', '-input=false'])).code).toBe(0);
    writeScratchStack(staging(perGroupStacks('per-kind-maps')), dir);
    const upgraded = await tf(['apply', '-auto-approve', '-input=false', '-no-color']);
    writeScratchStack(staging(perGroupStacks()), dir);

    const replanned = await tf(['plan', '-detailed-exitcode', '-input=false', '-no-color']);

    expect(upgraded.stdout).toMatch(/Apply complete! Resources: 0 added, 0 changed, 0 destroyed\./);
    expect(replanned.stdout).toMatch(/No changes\./);
    expect(replanned.code).toBe(0);
  }, 600_000);
});
