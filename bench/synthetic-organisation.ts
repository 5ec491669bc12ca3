import type { EnvironmentDeclaration } from '../lib/core/declaration/schema';

export interface OrganisationShape {
  /** @default "bench" */
  readonly environment?: string;
  readonly workspaces: number;
  readonly groups: number;
  /** Workspaces each group is mapped to. @default 5 */
  readonly workspacesPerGroup?: number;
  /** @default 0 */
  readonly mappingShards?: number;
}

const ENTITLEMENT_SETS = [
  ['workspace-access', 'databricks-sql-access'],
  ['workspace-access', 'databricks-sql-access', 'allow-cluster-create'],
  ['databricks-sql-access'],
] as const;

/**
 * A synthetic organisation of W workspaces and G groups, each group mapped to k workspaces with
 * entitlements: deterministic (no randomness), so two runs synthesize the same bytes.
 */
export function syntheticOrganisation(shape: OrganisationShape): EnvironmentDeclaration {
  const k = Math.min(shape.workspacesPerGroup ?? 5, shape.workspaces);
  const environment = shape.environment ?? 'bench';
  const workspaceName = (i: number) => `ws-${String(i).padStart(3, '0')}`;
  const workspaces = Object.fromEntries(
    Array.from({ length: shape.workspaces }, (_, i) => [
      workspaceName(i),
      {
        id: String(1_000_000_000_000_000 + i * 7919),
        url: `https://acme-${workspaceName(i)}.cloud.databricks.com`,
      },
    ]),
  );
  const groups: NonNullable<EnvironmentDeclaration['groups']> = {
    'platform-admins': {
      privileged: true,
      workspaces: Object.fromEntries(Object.keys(workspaces).map((w) => [w, 'ADMIN' as const])),
      entitlements: ['workspace-access', 'databricks-sql-access', 'allow-cluster-create'],
      accountRoles: ['account_admin'],
    },
  };
  for (let g = 1; g < shape.groups; g++) {
    const mapped: Record<string, 'USER'> = {};
    for (let j = 0; j < k; j++) mapped[workspaceName((g * 7 + j * 13) % shape.workspaces)] = 'USER';
    groups[`team-${String(g).padStart(5, '0')}`] = {
      source: g % 10 === 0 ? 'terraform' : 'scim',
      workspaces: mapped,
      entitlements: [...(ENTITLEMENT_SETS[g % ENTITLEMENT_SETS.length] ?? [])],
    };
  }
  return {
    environment,
    tier: 'staging',
    idp: { kind: 'okta', orgName: 'acme-analytics' },
    databricks: {
      cloud: 'aws',
      accountId: '3f1c2b7e-8d4a-4e5b-9c6f-0a1b2c3d4e5f',
      redirectUrl:
        'https://accounts.cloud.databricks.com/oidc/accounts/3f1c2b7e-8d4a-4e5b-9c6f-0a1b2c3d4e5f/v1/saml/callback',
      workspaces,
      tokenLifetimeDays: 30,
    },
    groups,
    session: { idleMinutes: 60, lifetimeHours: 12 },
    signingKey: { generation: '2026-q4', issued: '2026-10-05' },
    emergencyAccess: ['breakglass@acme-analytics.com'],
    mappingShards: shape.mappingShards ?? 0,
  };
}

/** `tsx bench/synthetic-organisation.ts W G [k]` prints the declaration as JSON. */
if (require.main === module) {
  const [w, g, k] = process.argv.slice(2).map(Number);
  if (!w || !g) {
    process.stderr.write(
      'usage: tsx bench/synthetic-organisation.ts WORKSPACES GROUPS [WORKSPACES_PER_GROUP]\n',
    );
    process.exit(2);
  }
  process.stdout.write(
    `${JSON.stringify(syntheticOrganisation({ workspaces: w, groups: g, workspacesPerGroup: k }), null, 1)}\n`,
  );
}
