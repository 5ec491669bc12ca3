import type { EnvironmentDeclaration } from '../lib/core/declaration/schema';

/** Prod: changes arrive here only after staging carried them; lockout guards are on. */
export const prod: EnvironmentDeclaration = {
  environment: 'prod',
  tier: 'production',
  promotesAfter: 'staging',
  idp: { kind: 'okta', orgName: 'acme-analytics', baseUrl: 'okta.com', appLabel: 'Databricks' },
  databricks: {
    cloud: 'aws',
    accountId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    // Copied from the account console: Settings > Authentication > Single sign-on.
    redirectUrl:
      'https://accounts.cloud.databricks.com/oidc/accounts/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/v1/saml/callback',
    workspaces: {
      'ml-prod': { id: '3344556677889900', url: 'https://acme-ml-prod.cloud.databricks.com' },
      'analytics-prod': { id: '4455667788990011', url: 'https://acme-analytics-prod.cloud.databricks.com' },
      'ml-sandbox': { id: '5566778899001122', url: 'https://acme-ml-sandbox.cloud.databricks.com' },
    },
    tokenLifetimeDays: 30,
  },
  groups: {
    'databricks-platform-admins': {
      privileged: true,
      workspaces: { 'ml-prod': 'ADMIN', 'analytics-prod': 'ADMIN', 'ml-sandbox': 'ADMIN' },
      entitlements: [
        'workspace-access',
        'databricks-sql-access',
        'allow-cluster-create',
        'allow-instance-pool-create',
      ],
      accountRoles: ['account_admin'],
    },
    'data-scientists': {
      workspaces: { 'ml-prod': 'USER', 'ml-sandbox': 'USER' },
      entitlements: ['workspace-access', 'databricks-sql-access'],
    },
    'ml-engineers': {
      workspaces: { 'ml-prod': 'USER', 'analytics-prod': 'USER', 'ml-sandbox': 'USER' },
      entitlements: ['workspace-access', 'databricks-sql-access', 'allow-cluster-create'],
    },
    analysts: {
      workspaces: { 'analytics-prod': 'USER' },
      entitlements: ['databricks-sql-access'],
    },
    // Created here, not synced: the security team manages its members in Databricks.
    'audit-readers': {
      source: 'terraform',
      workspaces: { 'analytics-prod': 'USER' },
      entitlements: ['databricks-sql-access'],
    },
  },
  assertion: { attributes: ['email', 'name', 'groups'] },
  session: { idleMinutes: 30, lifetimeHours: 8 },
  signingKey: { generation: '2026-q4', issued: '2026-10-14' },
  emergencyAccess: ['breakglass-1@acme-analytics.com', 'breakglass-2@acme-analytics.com'],
  backend: { type: 'local' },
};
