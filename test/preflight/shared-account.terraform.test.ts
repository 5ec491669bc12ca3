import { preflight, type PreflightStack, type StackPreflight } from '../../lib/preflight/preflight';
import { ensureStandins } from '../../lib/preflight/standins';
import { sharedProd, sharedStaging, stagingInProdAccount } from '../shared-account';
import { describeWithTerraform } from '../terraform';
import { example, exampleFile, synthesizeStacks } from './stacks';

type Declaration = ReturnType<typeof example>;

/** Azure Databricks: azure-staging owns the account, azure-dev uses it for its own workspace. */
function azureShared(): PreflightStack[] {
  const owner = exampleFile('azure.yaml') as Declaration;
  const shared = { owner: 'azure-staging', environments: ['azure-dev', 'azure-staging'] };
  owner.databricks = { ...owner.databricks, sharedAccount: shared };
  const dev = {
    environment: 'azure-dev',
    tier: 'staging',
    databricks: {
      cloud: 'azure',
      accountId: owner.databricks.accountId,
      sharedAccount: shared,
      workspaces: {
        'ml-dev': { id: '6543210987654322', url: 'https://adb-6543210987654322.2.azuredatabricks.net' },
      },
    },
    groups: { 'data-scientists': { workspaces: { 'ml-dev': 'ADMIN' }, privileged: true } },
  };
  return synthesizeStacks(owner, dev);
}

/** Staging with a group created by Terraform that only it maps: its own stack created it before. */
function withTesters(staging: Declaration): Declaration {
  staging.groups['staging-testers'] = { source: 'terraform', workspaces: { 'ml-staging': 'USER' } };
  return staging;
}

/** What Terraform would do to an account-level resource: any destroy or replacement is a failure. */
const ACCOUNT_LEVEL =
  /^(okta_|azuread_|databricks_group\.|databricks_group_role\.|terraform_data\.databricks_sso_settings)/;

const byName = (results: readonly StackPreflight[], name: string) =>
  results.find((r) => r.stack === name) as StackPreflight;

describeWithTerraform('sso preflight of environments sharing one Databricks account', () => {
  let cliConfigFile: string;

  beforeAll(async () => {
    cliConfigFile = await ensureStandins();
  }, 120_000);

  test.each([
    [
      'Okta on AWS: prod owns the account, staging uses it',
      () => synthesizeStacks(sharedStaging(), sharedProd()),
    ],
    ['Azure Databricks with SCIM: azure-staging owns the account, azure-dev uses it', azureShared],
  ])(
    'GIVEN %s WHEN preflighted THEN Terraform initializes, validates and plans the owner and the workspace-only stack',
    async (_, stacks) => {
      const results = await preflight(stacks(), { cliConfigFile });

      expect(results).toHaveLength(2);
      for (const r of results) {
        expect({
          stack: r.stack,
          valid: r.valid,
          planned: r.planned,
          errors: r.diagnostics.filter((d) => d.severity === 'error'),
        }).toEqual({ stack: r.stack, valid: true, planned: true, errors: [] });
        expect(r.add).toBeGreaterThan(0);
        expect(r.destroy).toBe(0);
      }
    },
    300_000,
  );

  describe('the migration from two stacks in one account to the shared form', () => {
    let results: StackPreflight[];

    beforeAll(async () => {
      // Before: staging and prod each managed the account as if it were theirs (accepted before #16).
      const prodAlone = example('prod');
      delete prodAlone.promotesAfter;
      const base = [...synthesizeStacks(withTesters(stagingInProdAccount())), ...synthesizeStacks(prodAlone)];
      const head = synthesizeStacks(
        withTesters(sharedStaging({ migrating: true })),
        sharedProd({ migrating: true }),
      );
      results = await preflight(head, { cliConfigFile, base });
    }, 300_000);

    test('GIVEN the base applied WHEN the migration is planned THEN both stacks plan, and nothing account-level is destroyed or replaced', () => {
      for (const r of results) {
        expect({
          stack: r.stack,
          planned: r.planned,
          errors: r.diagnostics.filter((d) => d.severity === 'error'),
        }).toEqual({ stack: r.stack, planned: true, errors: [] });
        expect(
          r.actions.filter(
            (a) => ACCOUNT_LEVEL.test(a.address) && (a.action === 'delete' || a.action === 'replace'),
          ),
        ).toEqual([]);
      }
    });

    test("GIVEN the migration WHEN planned THEN staging's stack forgets its IdP app, SSO settings, account groups and roles", () => {
      const forgotten = byName(results, 'staging')
        .actions.filter((a) => a.action === 'forget')
        .map((a) => a.address);
      const count = (type: string) => forgotten.filter((address) => address.startsWith(`${type}.`)).length;

      expect({
        groups: count('databricks_group'),
        roles: count('databricks_group_role'),
        idpAssignments: count('okta_app_group_assignment'),
        idpApp: count('okta_app_saml'),
        sessionPolicy: count('okta_app_signon_policy') + count('okta_app_signon_policy_rule'),
      }).toEqual({ groups: 2, roles: 1, idpAssignments: 6, idpApp: 1, sessionPolicy: 2 });
      expect(forgotten).toContain('terraform_data.databricks_sso_settings');
    });

    test("GIVEN the migration WHEN planned THEN prod's stack imports the group staging's stack created, and keeps its own", () => {
      const groups = byName(results, 'prod').actions.filter((a) => a.address.startsWith('databricks_group.'));

      expect(groups).toEqual([{ address: expect.stringMatching(/staging-testers/), action: 'import' }]);
    });
  });
});
