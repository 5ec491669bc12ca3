import { durationMinutes, SynthesizedEnvironment } from '../../../lib/core/policy/terraform';

const STACK = {
  data: {
    okta_group: {
      mapped: {
        for_each: '${toset(["analysts", "ops"])}',
        '//': { metadata: { path: 'prod/okta-app/group' } },
      },
    },
  },
  resource: {
    okta_app_group_assignment: {
      databricks: {
        for_each: '${data.okta_group.mapped}',
        '//': { metadata: { path: 'prod/okta-app/assignment' } },
      },
    },
    databricks_group_role: { from_variable: { for_each: '${var.admins}' } },
  },
};

describe('SynthesizedEnvironment', () => {
  const shard: unknown = JSON.parse(JSON.stringify(STACK).replace(/"prod\//g, '"prod-mappings-0/'));
  const env = new SynthesizedEnvironment('prod', { prod: STACK, 'prod-mappings-0': shard });

  test('GIVEN a for_each over a literal toset THEN each element is an instance with a keyed path', () => {
    expect(env.instances(env.data('okta_group')[0]!)?.map((i) => i.path)).toEqual([
      'okta-app/group["analysts"]',
      'okta-app/group["ops"]',
    ]);
  });

  test("GIVEN a for_each over another block of the stack THEN that block's keys are the instances", () => {
    expect(env.instances(env.resources('okta_app_group_assignment')[0]!)?.map((i) => i.key)).toEqual([
      'analysts',
      'ops',
    ]);
  });

  test('GIVEN a for_each known only at apply time THEN the instances are unknown', () => {
    expect(env.instances(env.resources('databricks_group_role')[0]!)).toBeUndefined();
  });

  test('GIVEN a block without construct metadata THEN its path is the Terraform address', () => {
    expect(env.resources('databricks_group_role')[0]?.path).toBe('databricks_group_role.from_variable');
  });

  test('GIVEN a second stack of the environment THEN its paths start with the stack name', () => {
    expect(env.resources('okta_app_group_assignment').map((b) => b.path)).toEqual([
      'okta-app/assignment',
      'prod-mappings-0/okta-app/assignment',
    ]);
  });
});

describe('durationMinutes', () => {
  test.each([
    ['PT30M', 30],
    ['PT8H', 480],
    ['P1D', 1440],
    ['PT1H30M', 90],
  ])('GIVEN %s THEN %d minutes', (value, minutes) => {
    expect(durationMinutes(value)).toBe(minutes);
  });

  test.each(['P', 'PT', '30M', 'PT1S', 42, undefined])('GIVEN %p THEN no duration', (value) => {
    expect(durationMinutes(value)).toBeUndefined();
  });
});
