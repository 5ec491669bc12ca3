import { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import { SystemSchema } from '@cdktf/provider-databricks/lib/system-schema';
import { Construct } from 'constructs';
import type { Workspace } from '../core/declaration/schema';
import { describeValue, ValidationError } from '../core/errors';
import { fixAddress } from './addresses';

/**
 * The one system schema this construct enables. Databricks enables others by itself (the provider
 * docs at 1.99.0: "Certain system schemas (such as `billing`) may be auto-enabled once GA and should
 * not be manually declared in Terraform configurations"), so the schema is fixed, not a prop.
 */
export const AUDIT_SYSTEM_SCHEMA = 'access';

/** Properties of a {@link DatabricksSignInAudit}. */
export interface DatabricksSignInAuditProps {
  /**
   * The workspaces whose workspace-level provider enables `system.access`: one per Unity Catalog
   * metastore (system schemas are enabled per metastore, and `databricks_system_schema` works only
   * with a workspace-level provider).
   */
  readonly workspaces: Readonly<Record<string, Workspace>>;
  /**
   * Guards the schema against destroy: disabling it removes the audit table every sign-in
   * investigation reads, for every workspace of the metastore.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/**
 * Sign-in traceability: `databricks_system_schema.access_<workspace>` enables `system.access`
 * (table `system.access.audit`) on that workspace's metastore. Each workspace gets a provider of
 * its own (alias `audit_<workspace>`), so the resource does not depend on how the group mappings
 * lay out their providers.
 */
export class DatabricksSignInAudit extends Construct {
  /** Terraform addresses of the schema resources, by workspace name. */
  readonly addresses: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: DatabricksSignInAuditProps) {
    super(scope, id);
    validateProps(props);
    const addresses: Record<string, string> = {};
    for (const name of Object.keys(props.workspaces).sort()) {
      const workspace = props.workspaces[name] as Workspace;
      const suffix = name.replace(/-/g, '_');
      const provider = new DatabricksProvider(this, `provider-${name}`, {
        alias: `audit_${suffix}`,
        host: workspace.url,
      });
      const logicalId = `access_${suffix}`;
      fixAddress(
        new SystemSchema(this, `access-${name}`, {
          provider,
          schema: AUDIT_SYSTEM_SCHEMA,
          lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
        }),
        logicalId,
      );
      addresses[name] = `databricks_system_schema.${logicalId}`;
    }
    this.addresses = addresses;
  }
}

function validateProps(props: DatabricksSignInAuditProps): void {
  const names = Object.keys(props.workspaces);
  if (names.length === 0) {
    throw new ValidationError(
      'DatabricksSignInAudit.workspaces',
      'no workspace',
      'at least one workspace (one per Unity Catalog metastore)',
    );
  }
  for (const name of names) {
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(name)) {
      throw new ValidationError(
        'DatabricksSignInAudit.workspaces',
        describeValue(name),
        'a workspace name (lower-case letters, digits and dashes)',
      );
    }
  }
}
