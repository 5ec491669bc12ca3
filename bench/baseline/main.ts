// The benchmark's baseline: the same declaration written the way a cdktf user would by hand,
// following cdktf's TypeScript template: one construct per mapping, provider classes from the
// package roots, run with `ts-node`. Deliberately not the project's style; see bench/README.md.
import { App, DataResource, LocalBackend, TerraformOutput, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import * as databricks from '@cdktf/provider-databricks';
import * as okta from '@cdktf/provider-okta';
import * as fs from 'fs';

interface Declaration {
  environment: string;
  idp: { orgName: string; baseUrl?: string };
  databricks: { accountId: string; redirectUrl: string; workspaces: Record<string, { id: string; url: string }>; tokenLifetimeDays?: number };
  groups: Record<string, { source?: string; workspaces?: Record<string, string>; entitlements?: string[]; accountRoles?: string[] }>;
  session: { idleMinutes: number; lifetimeHours: number };
  signingKey: { generation: string };
}

class SsoStack extends TerraformStack {
  constructor(scope: Construct, d: Declaration) {
    super(scope, d.environment);
    new LocalBackend(this, { path: `terraform.${d.environment}.tfstate` });
    const oktaProvider = new okta.provider.OktaProvider(this, 'okta', { orgName: d.idp.orgName, baseUrl: d.idp.baseUrl ?? 'okta.com' });
    const account = new databricks.provider.DatabricksProvider(this, 'account', {
      alias: 'account',
      host: 'https://accounts.cloud.databricks.com',
      accountId: d.databricks.accountId,
    });

    const app = new okta.appSaml.AppSaml(this, 'app', {
      provider: oktaProvider,
      label: `Databricks (${d.environment})`,
      ssoUrl: d.databricks.redirectUrl,
      recipient: d.databricks.redirectUrl,
      destination: d.databricks.redirectUrl,
      audience: d.databricks.redirectUrl,
      subjectNameIdTemplate: '$${user.email}',
      subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      responseSigned: true,
      assertionSigned: true,
      signatureAlgorithm: 'RSA_SHA256',
      digestAlgorithm: 'SHA256',
      keyName: d.signingKey.generation,
      keyYearsValid: 2,
    });

    const wsProviders: Record<string, databricks.provider.DatabricksProvider> = {};
    for (const [name, ws] of Object.entries(d.databricks.workspaces)) {
      wsProviders[name] = new databricks.provider.DatabricksProvider(this, `ws-${name}`, { alias: `ws_${name.replace(/-/g, '_')}`, host: ws.url });
      new databricks.workspaceConf.WorkspaceConf(this, `conf-${name}`, {
        provider: wsProviders[name],
        customConfig: { enableTokensConfig: 'true', maxTokenLifetimeDays: String(d.databricks.tokenLifetimeDays ?? 90) },
      });
    }

    for (const [groupName, g] of Object.entries(d.groups)) {
      const oktaGroup = new okta.dataOktaGroup.DataOktaGroup(this, `okta-group-${groupName}`, { provider: oktaProvider, name: groupName });
      new okta.appGroupAssignment.AppGroupAssignment(this, `assign-${groupName}`, { provider: oktaProvider, appId: app.id, groupId: oktaGroup.id });
      const groupId =
        g.source === 'terraform'
          ? new databricks.group.Group(this, `group-${groupName}`, { provider: account, displayName: groupName }).id
          : new databricks.dataDatabricksGroup.DataDatabricksGroup(this, `group-${groupName}`, { provider: account, displayName: groupName }).id;
      for (const [ws, permission] of Object.entries(g.workspaces ?? {})) {
        const assignment = new databricks.mwsPermissionAssignment.MwsPermissionAssignment(this, `assignment-${groupName}-${ws}`, {
          provider: account,
          workspaceId: Number(d.databricks.workspaces[ws].id),
          principalId: Token.asNumber(groupId),
          permissions: [permission],
        });
        if ((g.entitlements ?? []).length > 0) {
          new databricks.entitlements.Entitlements(this, `entitlements-${groupName}-${ws}`, {
            provider: wsProviders[ws],
            groupId,
            workspaceAccess: g.entitlements!.includes('workspace-access'),
            databricksSqlAccess: g.entitlements!.includes('databricks-sql-access'),
            allowClusterCreate: g.entitlements!.includes('allow-cluster-create'),
            allowInstancePoolCreate: g.entitlements!.includes('allow-instance-pool-create'),
            dependsOn: [assignment],
          });
        }
      }
      if ((g.accountRoles ?? []).includes('account_admin')) {
        new databricks.groupRole.GroupRole(this, `role-${groupName}`, { provider: account, groupId, role: 'account_admin' });
      }
    }

    new DataResource(this, 'sso-settings', {
      triggersReplace: { sso_url: app.httpPostBinding, entity_id: app.entityUrl, certificate: app.certificate },
    });
    new TerraformOutput(this, 'sso_url', { value: app.httpPostBinding });
  }
}

const app = new App();
const declaration = JSON.parse(fs.readFileSync(process.env.BENCH_DECLARATION as string, 'utf8')) as Declaration;
new SsoStack(app, declaration);
app.synth();
