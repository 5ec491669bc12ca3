import { exampleFile, synthesizeStacks } from '../preflight/stacks';
import { example, synthesize, type SynthesizedJson } from '../helpers';
import { SHARED_ACCOUNT_ID, sharedProd, sharedStaging } from '../shared-account';

type Declaration = ReturnType<typeof sharedStaging>;

const parse = (json: string | undefined) => JSON.parse(json ?? '{}') as SynthesizedJson;

/** `type.name` of every resource block of a stack. */
function resourceBlocks(stack: SynthesizedJson): string[] {
  return Object.entries(stack.resource ?? {})
    .flatMap(([type, blocks]) => Object.keys(blocks).map((name) => `${type}.${name}`))
    .sort();
}

/** The resource types of a stack: what it manages, whatever its blocks are named. */
const resourceTypes = (stack: SynthesizedJson) => Object.keys(stack.resource ?? {}).sort();

/** Blocks that exist once per account: IdP app, SSO settings marker, account groups and roles. */
const ACCOUNT_LEVEL =
  /^(okta_\w+|azuread_\w+|databricks_group|databricks_group_role|terraform_data\.databricks_sso_settings)(\.|$)/;

/** Staging with a group of its own, created by Terraform: prod creates it for the account. */
function stagingWithTesters(): Declaration {
  const staging = sharedStaging();
  staging.groups['staging-testers'] = { source: 'terraform', workspaces: { 'ml-staging': 'USER' } };
  return staging;
}

describe('environments sharing one Databricks account', () => {
  let staging: SynthesizedJson;
  let prod: SynthesizedJson;

  beforeAll(() => {
    const stacks = synthesize(stagingWithTesters(), sharedProd());
    staging = parse(stacks.staging);
    prod = parse(stacks.prod);
  });

  test('GIVEN the shared form WHEN synthesized THEN the owner holds every account-level piece', () => {
    expect(resourceTypes(prod)).toEqual(
      expect.arrayContaining([
        'databricks_group',
        'databricks_group_role',
        'okta_app_group_assignment',
        'okta_app_saml',
        'okta_app_signon_policy',
        'okta_app_signon_policy_rule',
      ]),
    );
    expect(resourceBlocks(prod)).toContain('terraform_data.databricks_sso_settings');
    expect(Object.keys(prod.check ?? {})).toEqual(['signing_key_rotation']);
  });

  test('GIVEN the shared form WHEN synthesized THEN the other stack holds only its workspaces: assignments, entitlements and token policy', () => {
    expect(resourceTypes(staging)).toEqual([
      'databricks_entitlements',
      'databricks_mws_permission_assignment',
      'databricks_workspace_conf',
    ]);
    expect(staging.check).toBeUndefined();
    expect(staging.output).toBeUndefined();
    expect(Object.keys(staging.provider ?? {})).toEqual(['databricks']);
  });

  test('GIVEN the shared form WHEN synthesized THEN the other stack looks up the groups the owner creates instead of creating them', () => {
    const lookups = JSON.stringify(staging.data?.databricks_group);

    expect(lookups).toContain('"audit-readers"');
    expect(lookups).toContain('"staging-testers"');
    expect(staging.resource.databricks_group).toBeUndefined();
  });

  test('GIVEN a group only staging maps WHEN synthesized THEN the owner creates it and assigns it to the IdP app, with no grant in its own workspaces', () => {
    const created = JSON.stringify(prod.resource.databricks_group);
    const assigned = JSON.stringify([prod.data?.okta_group, prod.resource.okta_app_group_assignment]);

    expect(created).toContain('"audit-readers"');
    expect(created).toContain('"staging-testers"');
    expect(assigned).toContain('staging-testers');
    expect(JSON.stringify(prod.resource.databricks_mws_permission_assignment)).not.toContain(
      'staging-testers',
    );
  });

  test('GIVEN the shared form WHEN synthesized with its metadata THEN each main stack records the account, its owner and its environments for sso review', () => {
    const stacks = synthesizeStacks(sharedStaging(), sharedProd());

    expect(
      stacks.map((s) => [s.name, (s.json['//'] as { sso: Record<string, unknown> }).sso.sharedAccount]),
    ).toEqual([
      ['prod', { accountId: SHARED_ACCOUNT_ID, owner: 'prod', environments: ['staging', 'prod'] }],
      ['staging', { accountId: SHARED_ACCOUNT_ID, owner: 'prod', environments: ['staging', 'prod'] }],
    ]);
  });

  test('GIVEN the environment that does not own the account has mapping shards WHEN synthesized THEN no shard creates a group or grants a role', () => {
    const sharded = sharedStaging();
    sharded.mappingShards = 2;

    const stacks = synthesize(sharded, sharedProd());

    for (const name of ['staging-mappings-1', 'staging-mappings-2']) {
      expect(resourceBlocks(parse(stacks[name])).filter((block) => ACCOUNT_LEVEL.test(block))).toEqual([]);
    }
  });
});

describe('moving existing stacks into one shared account (migrating: true)', () => {
  let staging: SynthesizedJson;
  let prod: SynthesizedJson;

  beforeAll(() => {
    const stacks = synthesize(sharedStaging({ migrating: true }), sharedProd({ migrating: true }));
    staging = parse(stacks.staging);
    prod = parse(stacks.prod);
  });

  test('GIVEN migrating WHEN synthesized THEN the other stack forgets account-level blocks (IdP app, SSO settings, groups, roles), destroying none', () => {
    const removed = staging.removed as { from: string; lifecycle: unknown }[];

    expect(removed.filter((r) => !ACCOUNT_LEVEL.test(r.from))).toEqual([]);
    expect(removed.filter((r) => JSON.stringify(r.lifecycle) !== '{"destroy":false}')).toEqual([]);
    expect([...new Set(removed.map((r) => r.from.split('.')[0]))]).toEqual(
      expect.arrayContaining([
        'databricks_group',
        'databricks_group_role',
        'okta_app_saml',
        'terraform_data',
      ]),
    );
    expect(staging.terraform.required_version).toBe('>= 1.7.0');
  });

  test('GIVEN migrating WHEN synthesized THEN the other stack keeps the Okta provider its state refers to, with no Okta resource', () => {
    expect(staging.provider?.okta).toEqual([{ org_name: 'acme-analytics', base_url: 'okta.com' }]);
    expect(resourceTypes(staging).filter((type) => type.startsWith('okta_'))).toEqual([]);
  });

  test('GIVEN migrating WHEN synthesized THEN the owner imports each account group it creates, found by name', () => {
    expect(prod.import).toEqual([
      {
        to: expect.stringMatching(/^databricks_group\.\S+$/),
        id: '${data.databricks_group.adopt_by_name["audit-readers"].id}',
        provider: 'databricks.account',
      },
    ]);
    expect(prod.data?.databricks_group?.adopt_by_name?.for_each).toEqual({
      'audit-readers': 'audit-readers',
    });
    expect(prod.terraform.required_version).toBe('>= 1.7.0');
  });

  test.each([
    ['Okta on AWS', () => example('staging')],
    ['Entra ID on AWS', () => exampleFile('entra-aws.yaml')],
    ['Azure Databricks with SCIM', () => exampleFile('azure.yaml')],
    ['PingFederate metadata on GCP', () => exampleFile('pingfederate-gcp.yaml')],
  ])(
    'GIVEN %s WHEN an environment that owned its account joins it as a member THEN its removed blocks cover every account-level block it had',
    (_, declaration) => {
      const alone = declaration() as Declaration;
      const shared = {
        owner: alone.environment,
        environments: [alone.environment, 'member'],
        migrating: true,
      };
      const owner = { ...alone, databricks: { ...alone.databricks, sharedAccount: shared } };
      const { redirectUrl: _redirectUrl, ...databricks } = alone.databricks;
      const member = {
        environment: 'member',
        tier: alone.tier,
        databricks: { ...databricks, sharedAccount: shared },
        groups: Object.fromEntries(
          Object.entries(alone.groups).map(([name, { accountRoles: _roles, ...mapping }]) => [name, mapping]),
        ),
      };

      const before = resourceBlocks(parse(Object.values(synthesize(alone))[0]));
      const after = parse(synthesize(owner, member).member);
      const gone = before.filter((b) => !resourceBlocks(after).includes(b));

      expect(gone.length).toBeGreaterThan(0);
      expect((after.removed as { from: string }[]).map((r) => r.from)).toEqual(expect.arrayContaining(gone));
    },
  );
});
