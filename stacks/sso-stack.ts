import { OktaProvider } from '@cdktf/provider-okta/lib/provider';
import {
  AzurermBackend,
  CloudBackend,
  GcsBackend,
  LocalBackend,
  NamedCloudWorkspace,
  S3Backend,
  TerraformStack,
} from 'cdktf';
import { Construct } from 'constructs';
import type { Backend, Declaration } from '../lib/core/declaration/schema';
import { DatabricksGroupMappings } from '../lib/constructs/databricks-group-mappings';
import { DatabricksSsoSettings } from '../lib/constructs/databricks-sso-settings';
import type { ISamlIdentityProvider } from '../lib/constructs/identity-provider';
import { OktaDatabricksApp } from '../lib/constructs/okta-databricks-app';
import { synthesizeLiteralForEach } from '../lib/constructs/literal-for-each';

export interface SsoStackProps {
  /** A declaration that passed `validateDeclaration`. */
  readonly declaration: Declaration;
}

/**
 * One environment's SSO wiring: the IdP app, the Databricks group mappings, and the SSO
 * settings handoff. Environment-agnostic: everything that differs lives in the declaration.
 * Credentials come from the providers' usual environment variables, never from here.
 */
export class SsoStack extends TerraformStack {
  readonly declaration: Declaration;
  readonly identityProvider: ISamlIdentityProvider;

  constructor(scope: Construct, id: string, props: SsoStackProps) {
    super(scope, id);
    const d = props.declaration;
    this.declaration = d;
    configureBackend(this, d.environment, d.backend);
    // Check blocks (rotation warnings) and the import of plan-time checks need Terraform 1.5.
    this.addOverride('terraform.required_version', '>= 1.5.0');
    const production = d.tier === 'production';

    this.identityProvider = this.addIdentityProvider(d, production);

    new DatabricksGroupMappings(this, 'databricks', {
      cloud: d.databricks.cloud,
      accountId: d.databricks.accountId,
      workspaces: d.databricks.workspaces,
      groups: d.groups,
      tokenLifetimeDays: d.databricks.tokenLifetimeDays,
      preventDestroy: production,
    });

    new DatabricksSsoSettings(this, 'sso-settings', {
      idp: this.identityProvider.samlFacts,
      redirectUrl: d.databricks.redirectUrl,
    });
  }

  private addIdentityProvider(d: Declaration, production: boolean): ISamlIdentityProvider {
    const idp = d.idp;
    // OKTA_API_TOKEN (or OKTA_ACCESS_TOKEN / private key) is read by the provider at deploy time.
    const provider = new OktaProvider(this, 'okta-provider', { orgName: idp.orgName, baseUrl: idp.baseUrl });
    return new OktaDatabricksApp(this, 'okta-app', {
      provider,
      label: idp.appLabel ?? `Databricks (${d.environment})`,
      redirectUrl: d.databricks.redirectUrl,
      groups: Object.keys(d.groups),
      attributes: d.assertion.attributes,
      idleMinutes: d.session.idleMinutes,
      lifetimeHours: d.session.lifetimeHours,
      signingKeyGeneration: d.signingKey.generation,
      preventDestroy: production,
    });
  }

  // The mapping tables are plain data: resolving them once instead of three times keeps a
  // 40,000-instance environment fast. cdktf 0.21 is the final release, so these hooks are stable.
  override prepareStack(): void {
    synthesizeLiteralForEach(this, () => super.prepareStack());
  }

  override toTerraform(): unknown {
    return synthesizeLiteralForEach(this, () => super.toTerraform());
  }
}

function configureBackend(stack: TerraformStack, environment: string, backend: Backend): void {
  switch (backend.type) {
    case 'local':
      // Relative, so the synthesized JSON is the same on every machine.
      new LocalBackend(stack, { path: backend.path ?? `terraform.${environment}.tfstate` });
      return;
    case 's3': {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        key: backend.key,
        region: backend.region,
        encrypt: backend.encrypt,
        kmsKeyId: backend.kmsKeyId,
      });
      if (backend.useLockfile) s3.addOverride('use_lockfile', true);
      return;
    }
    case 'azurerm':
      new AzurermBackend(stack, {
        resourceGroupName: backend.resourceGroupName,
        storageAccountName: backend.storageAccountName,
        containerName: backend.containerName,
        key: backend.key,
      });
      return;
    case 'gcs':
      new GcsBackend(stack, { bucket: backend.bucket, prefix: backend.prefix });
      return;
    case 'cloud':
      new CloudBackend(stack, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces: new NamedCloudWorkspace(backend.workspace),
      });
      return;
  }
}
