import { checkStackIntegrity, interpolations, references } from '../../../lib/core/terraform/integrity';
import { example, synthesize } from '../../helpers';

const PINNED = { required_providers: { okta: { source: 'okta/okta', version: '4.20.0' } } };
const stack = (resource: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  terraform: PINNED,
  provider: { okta: [{ org_name: 'acme' }] },
  resource,
  ...extra,
});

describe('checkStackIntegrity', () => {
  test('GIVEN the built-in stacks WHEN checked THEN there is no problem', () => {
    for (const json of Object.values(synthesize(example('staging'), example('prod')))) {
      expect(checkStackIntegrity(JSON.parse(json))).toEqual([]);
    }
  });

  test('GIVEN the built-in stacks with movedFrom WHEN checked THEN every moved block leads to a declared block', () => {
    const staging = example('staging');
    staging.movedFrom = 'per-kind-maps';
    const json = JSON.parse(synthesize(staging).staging as string) as { moved: unknown[] };
    expect(json.moved.length).toBeGreaterThan(10);
    expect(checkStackIntegrity(json)).toEqual([]);
  });

  test('GIVEN a block name Terraform refuses THEN it is reported', () => {
    expect(checkStackIntegrity(stack({ okta_app_saml: { 'Data Scientists': { label: 'x' } } }))).toEqual([
      {
        path: 'resource.okta_app_saml.Data Scientists',
        message: '"Data Scientists" is not a valid Terraform block name',
      },
    ]);
  });

  test('GIVEN depends_on naming a missing block or an instance THEN each is reported', () => {
    const problems = checkStackIntegrity(
      stack({
        okta_app_saml: { app: { label: 'x' } },
        okta_app_group_assignment: {
          a: { depends_on: ['okta_app_saml.app', 'okta_app_saml.gone', 'okta_app_saml.app["k"]'] },
        },
      }),
    );
    expect(problems.map((p) => p.path)).toEqual([
      'resource.okta_app_group_assignment.a.depends_on.1',
      'resource.okta_app_group_assignment.a.depends_on.2',
    ]);
  });

  test('GIVEN moved blocks to a missing block, from a declared block or twice from one address THEN each is reported', () => {
    const problems = checkStackIntegrity(
      stack(
        { okta_app_group_assignment: { analysts: {}, ops: {} } },
        {
          moved: [
            {
              from: 'okta_app_group_assignment.databricks["analysts"]',
              to: 'okta_app_group_assignment.analysts',
            },
            { from: 'okta_app_group_assignment.databricks["gone"]', to: 'okta_app_group_assignment.gone' },
            { from: 'okta_app_group_assignment.ops', to: 'okta_app_group_assignment.analysts' },
            { from: 'okta_app_group_assignment.databricks["analysts"]', to: 'okta_app_group_assignment.ops' },
            { from: 'data.okta_group.x', to: 'okta_app_group_assignment.ops' },
          ],
        },
      ),
    );
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'moved.1.to: moves okta_app_group_assignment.databricks["gone"] to okta_app_group_assignment.gone, which this stack does not declare: Terraform would destroy it',
      'moved.2.from: moves okta_app_group_assignment.ops, which this stack still declares',
      'moved.3.from: moves okta_app_group_assignment.databricks["analysts"] a second time',
      'moved.4: from and to must be resource addresses',
    ]);
  });

  test('GIVEN an Okta expression left unescaped THEN it is reported as an undeclared reference', () => {
    const problems = checkStackIntegrity(
      stack({ okta_app_saml: { app: { label: 'x', subject_name_id_template: '${user.email}' } } }),
    );
    expect(problems).toEqual([
      {
        path: 'resource.okta_app_saml.app.subject_name_id_template',
        message: '${user.email} refers to user.email, which this stack does not declare',
      },
    ]);
  });

  test('GIVEN an escaped Okta expression THEN it is a literal, not a reference', () => {
    expect(
      checkStackIntegrity(stack({ okta_app_saml: { app: { subject_name_id_template: '$${user.email}' } } })),
    ).toEqual([]);
  });

  test('GIVEN a reference to a missing resource THEN it is reported', () => {
    const problems = checkStackIntegrity(
      stack({ okta_app_group_assignment: { a: { app_id: '${okta_app_saml.gone.id}', group_id: '1' } } }),
    );
    expect(problems.map((p) => p.message)).toEqual([
      '${okta_app_saml.gone.id} refers to okta_app_saml.gone, which this stack does not declare',
    ]);
  });

  test('GIVEN each outside a for_each block THEN it is reported', () => {
    const problems = checkStackIntegrity(stack({ okta_app_saml: { app: { label: '${each.key}' } } }));
    expect(problems.map((p) => p.message)).toEqual(['uses each outside a block with for_each']);
  });

  test('GIVEN a for expression THEN its bound names are not references', () => {
    const s = stack(
      { okta_app_saml: { app: { label: 'x' } } },
      { locals: { ids: '${{ for name, g in okta_app_saml.app : name => g.id }}' } },
    );
    expect(checkStackIntegrity(s)).toEqual([]);
  });

  test('GIVEN a resource whose provider alias is not configured THEN it is reported', () => {
    const problems = checkStackIntegrity(stack({ okta_app_saml: { app: { provider: 'okta.other' } } }));
    expect(problems.map((p) => p.message)).toEqual([
      'uses provider okta.other, which this stack does not configure',
    ]);
  });

  test('GIVEN a provider version range THEN it is reported as not pinned', () => {
    const s = stack(
      {},
      { terraform: { required_providers: { okta: { source: 'okta/okta', version: '~> 4.0' } } } },
    );
    expect(checkStackIntegrity(s).map((p) => p.path)).toEqual(['terraform.required_providers.okta.version']);
  });

  test('GIVEN an unescaped template directive THEN it is reported', () => {
    expect(
      checkStackIntegrity(stack({ okta_app_saml: { app: { label: '%{if true}x%{endif}' } } })),
    ).toHaveLength(1);
  });
});

describe('interpolations and references', () => {
  test('GIVEN nested braces and strings THEN the whole expression is taken', () => {
    expect(interpolations('a ${merge({ for k, v in x.y : k => "}" })} b $${c}')).toEqual([
      'merge({ for k, v in x.y : k => "}" })',
    ]);
  });

  test('GIVEN function calls, literals and indexes THEN only references remain', () => {
    expect(references('lookup(local.group_ids, each.value.group, data.okta_group.mapped["a b"].id)')).toEqual(
      ['local.group_ids', 'each', 'data.okta_group.mapped'],
    );
  });
});
