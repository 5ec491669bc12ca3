import { App, Testing } from 'cdktf';
import { syntheticOrganisation } from '../../bench/synthetic-organisation';
import { checkStackIntegrity } from '../../lib/core/terraform/integrity';
import { addEnvironments } from '../../stacks/sso-app';

type Stack = {
  resource?: Record<string, Record<string, { for_each?: Record<string, unknown> }>>;
  terraform: { backend: unknown };
};

function synthesizeSharded(groups: number, shards: number) {
  const app = Testing.app();
  const declaration = syntheticOrganisation({
    workspaces: 6,
    groups,
    workspacesPerGroup: 3,
    mappingShards: shards,
  });
  const stacks = addEnvironments(app as App, [{ input: declaration, source: 'sharded' }]);
  return stacks.map((stack) => ({ stack, json: JSON.parse(Testing.synth(stack, true)) as Stack }));
}

/** Every `<block>["<key>"]` instance of a resource type in a stack. */
const instances = (json: Stack, type: string) =>
  Object.entries(json.resource?.[type] ?? {}).flatMap(([block, body]) =>
    Object.keys(body.for_each ?? {}).map((key) => `${block}[${JSON.stringify(key)}]`),
  );

describe('mapping shards', () => {
  const result = synthesizeSharded(60, 3);

  test('GIVEN three shards WHEN synthesized THEN the environment gets a main stack and three mapping stacks', () => {
    expect(result.map((r) => r.stack.node.id)).toEqual([
      'bench',
      'bench-mappings-1',
      'bench-mappings-2',
      'bench-mappings-3',
    ]);
  });

  test('GIVEN shards THEN each deploys after the main stack, with its own state', () => {
    for (const { stack, json } of result.slice(1)) {
      expect(stack.dependencies.map((d) => d.node.id)).toEqual(['bench']);
      expect(json.terraform.backend).toEqual({
        local: { path: `../../../terraform.${stack.node.id}.tfstate` },
      });
    }
  });

  test('GIVEN shards THEN the main stack keeps the IdP app and workspace settings but no assignment', () => {
    const main = result[0]!.json;
    expect(main.resource?.okta_app_saml).toBeDefined();
    expect(main.resource?.databricks_workspace_conf).toBeDefined();
    expect(main.resource?.databricks_mws_permission_assignment).toBeUndefined();
  });

  test('GIVEN shards THEN together they hold every assignment exactly once', () => {
    const unsharded = synthesizeSharded(60, 0)[0]!.json;
    const all = result
      .slice(1)
      .flatMap(({ json }) => instances(json, 'databricks_mws_permission_assignment'));
    // 59 teams on 3 workspaces each, platform-admins on all 6.
    expect(all).toHaveLength(59 * 3 + 6);
    expect(all.sort()).toEqual(instances(unsharded, 'databricks_mws_permission_assignment').sort());
  });

  test('GIVEN more groups WHEN re-synthesized THEN no existing group changes shard', () => {
    const shardOfGroup = (r: typeof result) =>
      Object.fromEntries(
        r
          .slice(1)
          .flatMap(({ stack, json }) =>
            instances(json, 'databricks_mws_permission_assignment').map((k) => [k, stack.node.id]),
          ),
      );
    const before = shardOfGroup(result);
    const after = shardOfGroup(synthesizeSharded(90, 3));
    for (const [key, stack] of Object.entries(before)) expect(after[key]).toBe(stack);
  });

  test('GIVEN shards THEN every stack passes the integrity checker', () => {
    for (const { json } of result) expect(checkStackIntegrity(json)).toEqual([]);
  });
});
