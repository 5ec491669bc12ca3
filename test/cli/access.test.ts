import { ENTITLEMENTS } from '../../lib/core/declaration/schema';
import { validateDeclarations } from '../../lib/core/declaration/validate';
import { BUILT_IN_ENVIRONMENTS } from '../../stacks/environments';
import { ssoInProcess } from './in-process';

/*
 * `sso access` on the built-in example (the repository's cdktf.json names stacks/staging.ts and
 * stacks/prod.ts). Its answer comes from the synthesized Terraform JSON through the review
 * engine; the expectations here come from the declarations alone, by a different road.
 */

interface Row {
  group: string;
  workspace: string;
  permission: string | null;
  entitlements: string[];
}
interface AccessJson {
  environments: {
    environment: string;
    rows: Row[];
    accountRoles: { group: string; role: string }[];
    privilegedGroups: string[];
    emergencyAccess: string[] | null;
    idpGroups: { reaching: string[]; notReaching: { group: string }[] };
  }[];
}

/** What the declarations grant, read straight from them. */
function declaredGrants() {
  return validateDeclarations(
    BUILT_IN_ENVIRONMENTS.map((input) => ({ input, source: String(input.environment) })),
  ).map((d) => {
    const groups = Object.entries(d.groups);
    const rows = groups.flatMap(([group, mapping]) =>
      Object.entries(mapping.workspaces).map(([workspace, permission]) => ({
        group,
        workspace,
        permission,
        entitlements: ENTITLEMENTS.filter((e) => mapping.entitlements.includes(e)).sort(),
      })),
    );
    return {
      environment: d.environment,
      rows: rows.sort((a, b) => `${a.group}/${a.workspace}`.localeCompare(`${b.group}/${b.workspace}`)),
      accountRoles: groups.flatMap(([group, m]) => m.accountRoles.map((role) => ({ group, role }))),
      privilegedGroups: groups
        .filter(
          ([, m]) =>
            Object.values(m.workspaces).includes('ADMIN') || m.accountRoles.includes('account_admin'),
        )
        .map(([group]) => group)
        .sort(),
      emergencyAccess: d.emergencyAccess,
    };
  });
}

async function access(...args: string[]) {
  const result = await ssoInProcess(['access', ...args]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

function normalised(json: AccessJson) {
  return json.environments.map((e) => ({
    environment: e.environment,
    rows: e.rows
      .map((r) => ({ ...r, entitlements: [...r.entitlements].sort() }))
      .sort((a, b) => `${a.group}/${a.workspace}`.localeCompare(`${b.group}/${b.workspace}`)),
    accountRoles: e.accountRoles,
    privilegedGroups: [...e.privilegedGroups].sort(),
    emergencyAccess: e.emergencyAccess,
  }));
}

describe('sso access', () => {
  test('GIVEN the built-in example WHEN --format json THEN it lists exactly the grants the declarations make', async () => {
    const json = JSON.parse(await access('--format', 'json')) as AccessJson;

    expect(normalised(json)).toEqual(declaredGrants());
  });

  test('GIVEN the built-in example WHEN --format csv THEN it has the same rows as the JSON', async () => {
    const json = JSON.parse(await access('--format', 'json')) as AccessJson;
    const [header, ...lines] = (await access('--format', 'csv')).trimEnd().split('\n');

    expect(header).toBe('environment,group,workspace,permission,entitlements');
    expect(lines).toEqual(
      json.environments.flatMap((e) =>
        e.rows.map((r) =>
          [e.environment, r.group, r.workspace, r.permission ?? '', r.entitlements.join(';')].join(','),
        ),
      ),
    );
  });

  test('GIVEN the built-in example WHEN --format md THEN each environment starts with its privileged access', async () => {
    const md = await access();

    expect(md).toMatch(
      /## staging\n\n### Privileged access\n\n\| group \| holds \|\n\| --- \| --- \|\n\| databricks-platform-admins \| account_admin; ADMIN on analytics-staging; ADMIN on ml-staging \|/,
    );
    expect(md.indexOf('### Privileged access')).toBeLessThan(md.indexOf('### Workspace access'));
  });

  test('GIVEN --group WHEN asked in another letter case THEN it answers with that group only, through its mapping', async () => {
    const md = await access('--group', 'Data-Scientists');

    expect(md).toContain(
      '| data-scientists | ml-prod | USER | workspace-access, databricks-sql-access | IdP group data-scientists (assigned to okta_app_saml.databricks) -> account group data-scientists (synced by SCIM) -> USER on ml-prod |',
    );
    expect(md).not.toContain('| analysts |');
  });

  test('GIVEN --workspace WHEN json THEN it lists every group reaching that workspace and the account admins', async () => {
    const json = JSON.parse(await access('--workspace', 'ml-prod', '--format', 'json')) as AccessJson;
    const prod = json.environments.find((e) => e.environment === 'prod');

    expect(prod?.rows.map((r) => `${r.group}: ${r.permission}`)).toEqual([
      'data-scientists: USER',
      'databricks-platform-admins: ADMIN',
      'ml-engineers: USER',
    ]);
    expect(prod?.accountRoles).toEqual([{ group: 'databricks-platform-admins', role: 'account_admin' }]);
  });

  test('GIVEN a group no environment knows WHEN --group THEN it is refused naming the known groups', async () => {
    const result = await ssoInProcess(['access', '--group', 'data-scientist']);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: --group: expected a group an environment assigns or grants \(analysts, /,
    );
  });

  test('GIVEN --out and --at together THEN it is a usage error', async () => {
    const result = await ssoInProcess(['access', '--out', 'x', '--at', 'HEAD']);

    expect(result.code).toBe(2);
  });
});
