import type { EnvironmentDeclaration } from '../lib/core/declaration/schema';

/**
 * Staging: the example organisation's first stop for every SSO change. It mirrors prod's
 * groups on its own workspaces and carries each signing-key generation before prod does.
 */
export const staging: EnvironmentDeclaration = {
  environment: 'staging',
  tier: 'staging',
  idp: { kind: 'okta', orgName: 'acme-analytics', baseUrl: 'okta.com', appLabel: 'Databricks (staging)' },
  databricks: {
    cloud: 'aws',
    accountId: '3f1c2b7e-8d4a-4e5b-9c6f-0a1b2c3d4e5f',
    // Copied from the account console: Settings > Authentication > Single sign-on.
    redirectUrl:
      'https://accounts.cloud.databricks.com/oidc/accounts/3f1c2b7e-8d4a-4e5b-9c6f-0a1b2c3d4e5f/v1/saml/callback',
    workspaces: {
      'ml-staging': { id: '1122334455667788', url: 'https://acme-ml-staging.cloud.databricks.com' },
      'analytics-staging': {
        id: '2233445566778899',
        url: 'https://acme-analytics-staging.cloud.databricks.com',
      },
    },
    tokenLifetimeDays: 30,
  },
  groups: {
    'databricks-platform-admins': {
      privileged: true,
      workspaces: { 'ml-staging': 'ADMIN', 'analytics-staging': 'ADMIN' },
      entitlements: [
        'workspace-access',
        'databricks-sql-access',
        'allow-cluster-create',
        'allow-instance-pool-create',
      ],
      accountRoles: ['account_admin'],
    },
    'data-scientists': {
      workspaces: { 'ml-staging': 'USER' },
      entitlements: ['workspace-access', 'databricks-sql-access'],
    },
    'ml-engineers': {
      workspaces: { 'ml-staging': 'USER', 'analytics-staging': 'USER' },
      entitlements: ['workspace-access', 'databricks-sql-access', 'allow-cluster-create'],
    },
    analysts: {
      workspaces: { 'analytics-staging': 'USER' },
      entitlements: ['databricks-sql-access'],
    },
    // Created here, not synced: the security team manages its members in Databricks.
    'audit-readers': {
      source: 'terraform',
      workspaces: { 'analytics-staging': 'USER' },
      entitlements: ['databricks-sql-access'],
    },
  },
  assertion: { attributes: ['email', 'name', 'groups'] },
  session: { idleMinutes: 60, lifetimeHours: 12 },
  signingKey: { generation: '2026-q4', issued: '2026-10-05' },
  emergencyAccess: ['breakglass-staging@acme-analytics.com'],
  backend: { type: 'local' },
};
