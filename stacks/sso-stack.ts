import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { OktaProvider } from '@cdktf/provider-okta/lib/provider';
import type { DatabricksProvider } from '@cdktf/provider-databricks/lib/provider';
import {
  App,
  AzurermBackend,
  CloudBackend,
  GcsBackend,
  LocalBackend,
  NamedCloudWorkspace,
  S3Backend,
  TerraformStack,
} from 'cdktf';
import { Construct } from 'constructs';
import type { Backend, Declaration, GroupMapping } from '../lib/core/declaration/schema';
import { ValidationError } from '../lib/core/errors';
import { resolveClock } from '../lib/core/rotation/calendar';
import { DatabricksGroupMappings } from '../lib/constructs/databricks-group-mappings';
import { DatabricksSsoSettings } from '../lib/constructs/databricks-sso-settings';
import { DatabricksSignInAudit } from '../lib/constructs/databricks-sign-in-audit';
import { EntraDatabricksApp } from '../lib/constructs/entra-databricks-app';
import { EntraScimProvisioning } from '../lib/constructs/entra-scim-provisioning';
import type { ISamlIdentityProvider } from '../lib/constructs/identity-provider';
import { MetadataIdentityProvider } from '../lib/constructs/metadata-identity-provider';
import { OktaDatabricksApp } from '../lib/constructs/okta-databricks-app';
import { RotationCheck } from '../lib/constructs/rotation-check';
import {
  AccountGroupAdoption,
  AccountLevelRelease,
  type CreatedGroup,
} from '../lib/constructs/shared-account-migration';
import { synthesizePlainBlocks } from '../lib/constructs/plain-blocks';
import { localStatePath, shardBackend, shardStackName } from '../lib/core/declaration/shards';
import { isAccountMember } from '../lib/core/declaration/account';
import { asObject, isObject, type JsonObject } from '../lib/core/terraform/json';

/** Properties of an {@link SsoStack}. */
export interface SsoStackProps {
  /** A declaration that passed `validateDeclaration`. */
  readonly declaration: Declaration;
  /**
   * Makes this stack shard `index` of the environment's group mappings, holding `groups`, with its
   * own state and nothing else. @default the environment's main stack
   */
  readonly shard?: { readonly index: number; readonly groups: Readonly<Record<string, GroupMapping>> };
  /**
   * In the owner of a shared account: every group the environments of the account map
   * (`accountGroups`), for what exists once per account: the IdP app's assignments, SCIM, and the
   * account groups created by Terraform. @default the environment's own groups
   */
  readonly accountGroups?: Readonly<Record<string, GroupMapping>>;
}

/**
 * One environment's SSO wiring: the IdP app, the Databricks group mappings, and the SSO
 * settings handoff. Environment-agnostic: everything that differs lives in the declaration.
 * Credentials come from the providers' usual environment variables, never from here.
 */
export class SsoStack extends TerraformStack {
  /** The validated declaration the stack was built from, as given in its props. */
  readonly declaration: Declaration;
  /** The SAML IdP; undefined on Azure Databricks, which signs users in through Entra ID natively. */
  readonly identityProvider: ISamlIdentityProvider | undefined;
  /** How many groups' mappings this stack holds (none in a main stack whose mappings are sharded). */
  readonly mappedGroups: number;

  constructor(scope: Construct, id: string, props: SsoStackProps) {
    super(scope, id);
    const d = props.declaration;
    this.declaration = d;
    const shard = props.shard;
    if (shard) {
      const name = shardStackName(d.environment, shard.index);
      configureBackend(this, name, shardBackend(d.backend, d.environment, shard.index));
    } else {
      configureBackend(this, d.environment, d.backend);
    }
    // Check blocks (rotation warnings) and the import of plan-time checks need Terraform 1.5.
    this.addOverride('terraform.required_version', '>= 1.5.0');
    // With shards, the mappings live in `<env>-mappings-<i>`; the workspace settings stay here.
    const groups = shard ? shard.groups : d.mappingShards > 0 ? {} : d.groups;
    this.mappedGroups = Object.keys(groups).length;
    // In a shared account, one stack owns the account-level pieces; the others hold workspace pieces only.
    const member = isAccountMember(d);
    const accountGroups = props.accountGroups ?? d.groups;
    const mapped = shard || member ? groups : { ...createdForOthers(accountGroups, d.groups), ...groups };
    const mappings = new DatabricksGroupMappings(this, 'databricks', {
      cloud: d.databricks.cloud,
      accountId: d.databricks.accountId,
      workspaces: d.databricks.workspaces,
      groups: mapped,
      tokenLifetimeDays: d.databricks.tokenLifetimeDays,
      preventDestroy: d.tier === 'production',
      workspaceSettings: shard === undefined,
      accountLevel: !member,
      movedFrom: d.movedFrom,
    });
    if (d.databricks.sharedAccount?.migrating) this.migrate(props, mappings.accountProvider);
    if (shard) {
      this.identityProvider = undefined;
      return;
    }
    // `sso review` reads it: account-level changes in a shared account reach every environment at once.
    if (d.databricks.sharedAccount) {
      const { owner, environments } = d.databricks.sharedAccount;
      this.addOverride('//.sso.sharedAccount', { accountId: d.databricks.accountId, owner, environments });
    }

    // `sso review` reads it: the prod-only hotfix it covers passes the staging-first gate, and is reported.
    if (d.promotionOverride) this.addOverride('//.sso.promotionOverride', d.promotionOverride);
    // Recorded for reviewers and auditors: this generation skipped the staging lead, and why.
    if (d.emergencyRotation) this.addOverride('//.sso.emergencyRotation', d.emergencyRotation);
    // Recorded for auditors (`sso access`, `sso history`): who keeps password sign-in, which key signs.
    this.addOverride('//.sso.emergencyAccess', d.emergencyAccess);
    if (d.signingKey) this.addOverride('//.sso.signingKey', d.signingKey);
    const production = d.tier === 'production';

    if (member) {
      this.identityProvider = undefined;
    } else if (d.databricks.cloud === 'azure') {
      this.identityProvider = undefined;
      this.addAzureProvisioning(d, accountGroups, production);
    } else {
      this.identityProvider = this.addIdentityProvider(d, accountGroups, production);
    }

    if (this.identityProvider !== undefined) {
      new DatabricksSsoSettings(this, 'sso-settings', {
        idp: this.identityProvider.samlFacts,
        redirectUrl: samlInputs(d).redirectUrl,
      });
    }

    // Azure Databricks signs in through Entra ID natively: no SAML key to rotate there; a shared
    // account's one key is checked in its owner's stack.
    if (d.signingKey && !member) {
      new RotationCheck(this, 'rotation-check', {
        environment: d.environment,
        ...d.signingKey,
        policy: d.rotation,
      });
    }

    if (d.signInAudit) {
      const { workspaces } = d.databricks;
      new DatabricksSignInAudit(this, 'sign-in-audit', {
        // Validation made sure each name is a declared workspace.
        workspaces: Object.fromEntries(
          d.signInAudit.workspaces.flatMap((name) => {
            const workspace = workspaces[name];
            return workspace === undefined ? [] : [[name, workspace]];
          }),
        ),
        preventDestroy: production,
      });
    }
  }

  private addIdentityProvider(
    d: Declaration,
    accountGroups: Readonly<Record<string, GroupMapping>>,
    production: boolean,
  ): ISamlIdentityProvider {
    const idp = d.idp;
    const { redirectUrl, signingKey } = samlInputs(d);
    switch (idp.kind) {
      case 'okta': {
        // OKTA_API_TOKEN (or OKTA_ACCESS_TOKEN / private key) is read by the provider at deploy time.
        const provider = new OktaProvider(this, 'okta-provider', {
          orgName: idp.orgName,
          baseUrl: idp.baseUrl,
        });
        return new OktaDatabricksApp(this, 'okta-app', {
          provider,
          label: idp.appLabel ?? `Databricks (${d.environment})`,
          redirectUrl,
          groups: Object.keys(accountGroups),
          attributes: d.assertion.attributes,
          idleMinutes: d.session.idleMinutes,
          lifetimeHours: d.session.lifetimeHours,
          signingKeyGeneration: signingKey.generation,
          preventDestroy: production,
          movedFrom: d.movedFrom,
        });
      }
      case 'entra': {
        // ARM_CLIENT_ID with ARM_CLIENT_SECRET, ARM_USE_OIDC or the Azure CLI login are read at deploy time.
        const provider = new AzureadProvider(this, 'azuread-provider', { tenantId: idp.tenantId });
        return new EntraDatabricksApp(this, 'entra-app', {
          provider,
          tenantId: idp.tenantId,
          displayName: idp.appName ?? `Databricks (${d.environment})`,
          redirectUrl,
          groups: Object.keys(accountGroups),
          attributes: d.assertion.attributes,
          notificationEmails: idp.notificationEmails,
          signingKey,
          rotationPeriodDays: d.rotation.periodDays,
          activateCertificate: idp.activateCertificate,
          preventDestroy: production,
          movedFrom: d.movedFrom,
        });
      }
      case 'metadata':
        try {
          return new MetadataIdentityProvider(this, 'metadata-idp', {
            file: idp.file,
            entityId: idp.entityId,
            vendor: idp.vendor,
            at: resolveClock(undefined, process.env),
          });
        } catch (error) {
          if (!(error instanceof ValidationError) || error.field === 'SSO_CLOCK') throw error;
          throw new ValidationError(
            `${d.environment}: idp.file ${error.field}`,
            error.received,
            error.expected,
          );
        }
    }
  }

  /** Azure Databricks: Entra ID signs users in natively; this stack provisions groups by SCIM. */
  private addAzureProvisioning(
    d: Declaration,
    accountGroups: Readonly<Record<string, GroupMapping>>,
    production: boolean,
  ): void {
    const idp = d.idp;
    if (idp.kind !== 'entra' || idp.scim?.enabled === false) return;
    const provider = new AzureadProvider(this, 'azuread-provider', { tenantId: idp.tenantId });
    new EntraScimProvisioning(this, 'entra-scim', {
      provider,
      accountId: d.databricks.accountId,
      displayName: `Databricks SCIM (${d.environment})`,
      // Groups created by Terraform in Databricks must not also arrive by SCIM: they would fight.
      groups: Object.keys(accountGroups).filter((g) => accountGroups[g]?.source === 'scim'),
      preventDestroy: production,
      movedFrom: d.movedFrom,
    });
  }

  /**
   * The change that moves existing stacks into a shared account (`sharedAccount.migrating`). The owner
   * imports the account groups it creates, which another environment's stack may have created. Any
   * other stack forgets what its state may still hold from when it managed the account on its own:
   * the resource blocks a stack of this environment would have as its account's owner (every group
   * holding the account role, since which held it is not known any more) and does not have now.
   * Both come from throwaway syntheses, so they follow whatever addresses the constructs give.
   */
  private migrate(props: SsoStackProps, accountProvider: DatabricksProvider): void {
    const d = props.declaration;
    const shared = d.databricks.sharedAccount;
    if (shared === undefined) return;
    const settled = withAccount(props, { ...shared, migrating: false });
    if (!isAccountMember(d)) {
      new AccountGroupAdoption(this, 'account-group-adoption', {
        provider: accountProvider,
        groups: createdGroups(throwaway(settled)),
      });
      return;
    }
    const owning = withAccount(props, undefined);
    const alone = {
      ...owning,
      declaration: {
        ...owning.declaration,
        groups: Object.fromEntries(
          Object.entries(d.groups).map(([name, g]) => [
            name,
            { ...g, privileged: true, accountRoles: ['account_admin' as const] },
          ]),
        ),
      },
    };
    const now = new Set(resourceBlocks(throwaway(settled)));
    const blocks = resourceBlocks(throwaway(alone)).filter((block) => !now.has(block));
    // The state's IdP resources name these providers: they stay configured, under the same IDs.
    const idp = d.idp;
    if (props.shard === undefined && idp.kind === 'okta') {
      new OktaProvider(this, 'okta-provider', { orgName: idp.orgName, baseUrl: idp.baseUrl });
    } else if (props.shard === undefined && idp.kind === 'entra') {
      new AzureadProvider(this, 'azuread-provider', { tenantId: idp.tenantId });
    }
    new AccountLevelRelease(this, 'account-level-release', { blocks });
  }

  // The per-group blocks are plain data: writing them once instead of resolving them three times
  // keeps a 40,000-instance environment fast. cdktf 0.21 is the final release, so these hooks are stable.
  /**
   * cdktf's synthesis hook, overridden to write the stack's plain-data blocks once; called by
   * cdktf, not meant to be called directly.
   */
  override prepareStack(): void {
    synthesizePlainBlocks(this, () => super.prepareStack());
  }

  /**
   * The stack's Terraform JSON, with the plain-data blocks (the per-group mappings) included.
   * cdktf calls it during synthesis; {@link enforcePolicy} calls it to judge the stack before
   * anything is written.
   */
  override toTerraform(): unknown {
    return synthesizePlainBlocks(this, () => super.toTerraform());
  }
}

/** The same stack with another `sharedAccount` (none: as if the environment had the account to itself). */
function withAccount(
  props: SsoStackProps,
  sharedAccount: Declaration['databricks']['sharedAccount'],
): SsoStackProps {
  const d = props.declaration;
  return { ...props, declaration: { ...d, databricks: { ...d.databricks, sharedAccount } } };
}

/** A stack's Terraform JSON, synthesized in an app of its own and thrown away. */
function throwaway(props: SsoStackProps): JsonObject {
  const d = props.declaration;
  const name = props.shard ? shardStackName(d.environment, props.shard.index) : d.environment;
  return asObject(new SsoStack(new App(), name, props).toTerraform());
}

/** `type.name` of every resource block. */
function resourceBlocks(json: JsonObject): string[] {
  return Object.entries(asObject(json.resource)).flatMap(([type, blocks]) =>
    Object.keys(asObject(blocks)).map((name) => `${type}.${name}`),
  );
}

/** The account groups a stack creates, one per instance of its `databricks_group` blocks. */
function createdGroups(json: JsonObject): CreatedGroup[] {
  return Object.entries(asObject(asObject(json.resource).databricks_group)).flatMap(([block, raw]) => {
    const body = asObject(raw);
    const forEach = body.for_each;
    if (isObject(forEach)) {
      return Object.entries(forEach).map(([key, value]) => ({
        name: body.display_name === '${each.value}' && typeof value === 'string' ? value : key,
        address: `databricks_group.${block}[${JSON.stringify(key)}]`,
      }));
    }
    return typeof body.display_name === 'string'
      ? [{ name: body.display_name, address: `databricks_group.${block}` }]
      : [];
  });
}

/**
 * Groups of a shared account that only other environments map and that Terraform creates: the owner
 * creates them (once per account), with no grants of its own.
 */
function createdForOthers(
  accountGroups: Readonly<Record<string, GroupMapping>>,
  own: Readonly<Record<string, GroupMapping>>,
): Record<string, GroupMapping> {
  return Object.fromEntries(
    Object.entries(accountGroups).filter(([name, g]) => g.source === 'terraform' && own[name] === undefined),
  );
}

/** The SAML-only fields, present on AWS and GCP once `validateDeclaration` has passed. */
function samlInputs(d: Declaration): {
  redirectUrl: string;
  signingKey: NonNullable<Declaration['signingKey']>;
} {
  const { redirectUrl } = d.databricks;
  if (redirectUrl === undefined || d.signingKey === undefined) {
    throw new ValidationError(
      `${d.environment}: ${redirectUrl === undefined ? 'databricks.redirectUrl' : 'signingKey'}`,
      'nothing (the field is missing)',
      `a value on cloud "${d.databricks.cloud}"`,
    );
  }
  return { redirectUrl, signingKey: d.signingKey };
}

function configureBackend(stack: TerraformStack, environment: string, backend: Backend): void {
  switch (backend.type) {
    case 'local':
      new LocalBackend(stack, { path: localStatePath(backend.path, environment) });
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
