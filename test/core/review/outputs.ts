import * as fs from 'fs';
import * as path from 'path';
import {
  outputFromStacks,
  reviewOutputs,
  type Finding,
  type SynthesizedOutput,
} from '../../../lib/core/review';

/*
 * Hand-built synthesized stacks with the shapes `sso synth` writes (for_each over literal maps,
 * workspace-level provider aliases, `local.group_ids`), small enough to read in a test.
 */

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface GroupSpec {
  readonly workspaces: Readonly<Record<string, 'USER' | 'ADMIN'>>;
  readonly entitlements?: readonly string[];
  readonly accountAdmin?: boolean;
  readonly source?: 'scim' | 'terraform';
}

export interface EnvironmentSpec {
  readonly environment: string;
  readonly accountId: string;
  /** Workspace name -> id. */
  readonly workspaces: Readonly<Record<string, string>>;
  readonly groups: Readonly<Record<string, GroupSpec>>;
  readonly keyName?: string;
  readonly idle?: string;
  readonly lifetime?: string;
  readonly tokenLifetimeDays?: number;
}

const ENTITLEMENT_FIELDS = [
  'workspace_access',
  'databricks_sql_access',
  'allow_cluster_create',
  'allow_instance_pool_create',
];

export function stackJson(spec: EnvironmentSpec): Json {
  const groups = Object.keys(spec.groups).sort();
  const acs = `https://accounts.cloud.databricks.com/oidc/accounts/${spec.accountId}/v1/saml/callback`;
  const assignments = (permission: 'USER' | 'ADMIN') =>
    Object.fromEntries(
      groups.flatMap((group) =>
        Object.entries(spec.groups[group]?.workspaces ?? {})
          .filter(([, p]) => p === permission)
          .map(([workspace]) => [
            `${group}/${workspace}`,
            { group, workspace_id: spec.workspaces[workspace] },
          ]),
      ),
    );
  const bySource = (source: 'scim' | 'terraform') =>
    Object.fromEntries(
      groups.filter((g) => (spec.groups[g]?.source ?? 'scim') === source).map((g) => [g, g]),
    );
  const resource: Json = {
    databricks_mws_permission_assignment: {},
    databricks_workspace_conf: {},
    databricks_entitlements: {},
    okta_app_saml: {
      databricks: {
        assertion_signed: true,
        attribute_statements: [
          {
            name: 'email',
            namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified',
            type: 'EXPRESSION',
            values: ['user.email'],
          },
          { filter_type: 'REGEX', filter_value: `^(${groups.join('|')})$`, name: 'groups', type: 'GROUP' },
        ],
        audience: acs,
        authentication_policy: '${okta_app_signon_policy.databricks.id}',
        destination: acs,
        digest_algorithm: 'SHA256',
        key_name: spec.keyName ?? '2026-q4',
        key_years_valid: 2,
        label: `Databricks (${spec.environment})`,
        lifecycle: { prevent_destroy: true },
        provider: 'okta',
        recipient: acs,
        response_signed: true,
        signature_algorithm: 'RSA_SHA256',
        sso_url: acs,
        subject_name_id_format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        subject_name_id_template: '$${user.email}',
      },
    },
    okta_app_group_assignment: {
      databricks: {
        app_id: '${okta_app_saml.databricks.id}',
        for_each: '${data.okta_group.mapped}',
        group_id: '${each.value.id}',
        provider: 'okta',
      },
    },
    okta_app_signon_policy_rule: {
      session: {
        access: 'ALLOW',
        factor_mode: '2FA',
        inactivity_period: spec.idle ?? 'PT30M',
        policy_id: '${okta_app_signon_policy.databricks.id}',
        provider: 'okta',
        re_authentication_frequency: spec.lifetime ?? 'PT8H',
      },
    },
    terraform_data: {
      databricks_sso_settings: {
        triggers_replace: {
          idp_entity_id: '${okta_app_saml.databricks.entity_url}',
          sso_url: '${okta_app_saml.databricks.http_post_binding}',
          x509_certificate: '${okta_app_saml.databricks.certificate}',
        },
      },
    },
  };
  for (const permission of ['USER', 'ADMIN'] as const) {
    const forEach = assignments(permission);
    if (Object.keys(forEach).length === 0) continue;
    resource.databricks_mws_permission_assignment[`${permission.toLowerCase()}_assignment`] = {
      for_each: forEach,
      permissions: [permission],
      principal_id: '${local.group_ids[each.value.group]}',
      provider: 'databricks.account',
      workspace_id: '${each.value.workspace_id}',
    };
  }
  const admins = groups.filter((g) => spec.groups[g]?.accountAdmin);
  if (admins.length > 0) {
    resource.databricks_group_role = {
      account_admin: {
        for_each: Object.fromEntries(admins.map((g) => [g, g])),
        group_id: '${local.group_ids[each.key]}',
        provider: 'databricks.account',
        role: 'account_admin',
      },
    };
  }
  if (Object.keys(bySource('terraform')).length > 0) {
    resource.databricks_group = {
      managed: {
        display_name: '${each.value}',
        for_each: bySource('terraform'),
        provider: 'databricks.account',
      },
    };
  }
  for (const workspace of Object.keys(spec.workspaces).sort()) {
    const provider = `databricks.workspace_${workspace.replace(/-/g, '_')}`;
    const entitled = groups.filter(
      (g) =>
        spec.groups[g]?.workspaces[workspace] !== undefined &&
        (spec.groups[g]?.entitlements ?? []).length > 0,
    );
    if (entitled.length > 0) {
      resource.databricks_entitlements[`entitlements_${workspace}`] = {
        ...Object.fromEntries(ENTITLEMENT_FIELDS.map((f) => [f, `\${each.value.${f}}`])),
        for_each: Object.fromEntries(
          entitled.map((g) => [
            g,
            Object.fromEntries(
              ENTITLEMENT_FIELDS.map((f) => [
                f,
                (spec.groups[g]?.entitlements ?? []).includes(f.replace(/_/g, '-')),
              ]),
            ),
          ]),
        ),
        group_id: '${local.group_ids[each.key]}',
        provider,
      };
    }
    resource.databricks_workspace_conf[`token_policy_${workspace}`] = {
      custom_config: {
        enableTokensConfig: 'true',
        maxTokenLifetimeDays: String(spec.tokenLifetimeDays ?? 30),
      },
      provider,
    };
  }
  return {
    '//': { metadata: { backend: 'local', stackName: spec.environment, version: '0.21.0' } },
    data: {
      databricks_group: {
        scim: { display_name: '${each.value}', for_each: bySource('scim'), provider: 'databricks.account' },
      },
      okta_group: {
        mapped: { for_each: `\${toset(${JSON.stringify(groups)})}`, name: '${each.value}', provider: 'okta' },
      },
    },
    locals: {
      group_ids:
        '${merge({ for name, group in data.databricks_group.scim : name => group.id }, { for name, group in databricks_group.managed : name => group.id })}',
    },
    output: {
      databricks_redirect_url: { value: acs },
      databricks_sso_x509_certificate: { value: '${okta_app_saml.databricks.certificate}' },
    },
    provider: {
      databricks: [
        { account_id: spec.accountId, alias: 'account', host: 'https://accounts.cloud.databricks.com' },
        ...Object.keys(spec.workspaces)
          .sort()
          .map((w) => ({
            alias: `workspace_${w.replace(/-/g, '_')}`,
            host: `https://acme-${w}.cloud.databricks.com`,
          })),
      ],
      okta: [{ base_url: 'okta.com', org_name: 'acme' }],
    },
    resource,
    terraform: {
      backend: { local: { path: `terraform.${spec.environment}.tfstate` } },
      required_providers: {
        databricks: { source: 'databricks/databricks', version: '1.99.0' },
        okta: { source: 'okta/okta', version: '4.20.0' },
      },
      required_version: '>= 1.5.0',
    },
  };
}

const PLATFORM = 'databricks-platform-admins';

/** Staging and prod shaped like the built-in example: prod promotes after staging. */
export function example(): { staging: Json; prod: Json } {
  return {
    staging: stackJson({
      environment: 'staging',
      accountId: '3f1c2b7e-8d4a-4e5b-9c6f-0a1b2c3d4e5f',
      workspaces: { 'ml-staging': '1122334455667788', 'analytics-staging': '2233445566778899' },
      groups: {
        [PLATFORM]: {
          workspaces: { 'ml-staging': 'ADMIN', 'analytics-staging': 'ADMIN' },
          entitlements: ['workspace-access', 'databricks-sql-access', 'allow-cluster-create'],
          accountAdmin: true,
        },
        'data-scientists': { workspaces: { 'ml-staging': 'USER' }, entitlements: ['workspace-access'] },
        analysts: { workspaces: { 'analytics-staging': 'USER' }, entitlements: ['databricks-sql-access'] },
      },
    }),
    prod: stackJson({
      environment: 'prod',
      accountId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      workspaces: {
        'ml-prod': '3344556677889900',
        'analytics-prod': '4455667788990011',
        'ml-sandbox': '5566778899001122',
      },
      groups: {
        [PLATFORM]: {
          workspaces: { 'ml-prod': 'ADMIN', 'analytics-prod': 'ADMIN', 'ml-sandbox': 'ADMIN' },
          entitlements: ['workspace-access', 'databricks-sql-access', 'allow-cluster-create'],
          accountAdmin: true,
        },
        'data-scientists': {
          workspaces: { 'ml-prod': 'USER', 'ml-sandbox': 'USER' },
          entitlements: ['workspace-access'],
        },
        analysts: { workspaces: { 'analytics-prod': 'USER' }, entitlements: ['databricks-sql-access'] },
      },
    }),
  };
}

/** An output of the given stacks; `prod` deploys after `staging` when both are present. */
export function output(stacks: Readonly<Record<string, Json>>): SynthesizedOutput {
  return outputFromStacks(
    Object.entries(stacks).map(([name, json]) => ({
      name,
      json,
      dependencies: name === 'prod' && 'staging' in stacks ? ['staging'] : [],
    })),
  );
}

/** Writes stacks in cdktf's layout (DIR/manifest.json, DIR/stacks/<name>/cdk.tf.json). */
export function writeOutput(dir: string, stacks: Readonly<Record<string, Json>>): void {
  const manifest: Json = { stacks: {}, version: '0.21.0' };
  for (const [name, json] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(dir, 'stacks', name), { recursive: true });
    fs.writeFileSync(path.join(dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(json, null, 2));
    manifest.stacks[name] = {
      name,
      dependencies: name === 'prod' && 'staging' in stacks ? ['staging'] : [],
      synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
    };
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
}

/** Reviews base against head, where head is base changed by `change` (on a deep copy). */
export function reviewChange(
  change: (head: { staging: Json; prod: Json }) => void,
  base: { staging: Json; prod: Json } = example(),
): Finding[] {
  const head = structuredClone(base);
  change(head);
  return [...reviewOutputs(output(base), output(head)).findings];
}

/** Findings without the promotion gate's, for tests about one kind of change. */
export function withoutPromotion(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.kind !== 'promotion');
}

/** Moves a permission cell between the USER and ADMIN blocks (or removes it), as synthesis would. */
export function setPermission(
  stack: Json,
  group: string,
  workspace: string,
  permission: 'USER' | 'ADMIN' | null,
): void {
  const blocks: Record<string, Json> = stack.resource.databricks_mws_permission_assignment;
  const key = `${group}/${workspace}`;
  const id = workspaceId(stack, workspace);
  for (const block of Object.values(blocks)) delete block.for_each[key];
  if (permission === null) return;
  const name = `${permission.toLowerCase()}_assignment`;
  blocks[name] ??= {
    for_each: {},
    permissions: [permission],
    principal_id: '${local.group_ids[each.value.group]}',
    provider: 'databricks.account',
    workspace_id: '${each.value.workspace_id}',
  };
  (blocks[name] as Json).for_each[key] = { group, workspace_id: id };
}

function workspaceId(stack: Json, workspace: string): string {
  for (const block of Object.values(stack.resource.databricks_mws_permission_assignment) as Json[]) {
    for (const [key, value] of Object.entries(block.for_each) as [string, Json][]) {
      if (key.endsWith(`/${workspace}`)) return value.workspace_id;
    }
  }
  throw new Error(`no workspace ${workspace} in this stack`);
}
