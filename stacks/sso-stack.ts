import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
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
  ACCOUNT_LEVEL_BLOCKS,
  AccountGroupAdoption,
  AccountLevelRelease,
} from '../lib/constructs/shared-account-migration';
import { synthesizePlainBlocks } from '../lib/constructs/plain-blocks';
import { localStatePath, shardBackend, shardStackName } from '../lib/core/declaration/shards';
import { isAccountMember } from '../lib/core/declaration/account';

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
    if (d.databricks.sharedAccount?.migrating) {
      if (member && shard) {
        new AccountLevelRelease(this, 'account-level-release', { blocks: ACCOUNT_LEVEL_BLOCKS.databricks });
      } else if (member) {
        this.releaseAccountLevel(d);
      } else {
        new AccountGroupAdoption(this, 'account-group-adoption', {
          provider: mappings.accountProvider,
          groups: Object.keys(mapped).filter((name) => mapped[name]?.source === 'terraform'),
        });
      }
    }
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
   * The migration into a shared account, in the stack of an environment that does not own it: its
   * state may still hold the IdP app, SSO settings, SCIM connector, account groups and roles it
   * managed on its own; Terraform forgets them instead of destroying them. Their providers stay
   * configured meanwhile, under the IDs the owning constructs give them, so the state's provider
   * addresses resolve.
   */
  private releaseAccountLevel(d: Declaration): void {
    const blocks: string[] = [...ACCOUNT_LEVEL_BLOCKS.databricks];
    const idp = d.idp;
    if (d.databricks.cloud !== 'azure') blocks.push(...ACCOUNT_LEVEL_BLOCKS.ssoSettings);
    if (idp.kind === 'okta') {
      new OktaProvider(this, 'okta-provider', { orgName: idp.orgName, baseUrl: idp.baseUrl });
      blocks.push(...ACCOUNT_LEVEL_BLOCKS.okta);
    } else if (idp.kind === 'entra') {
      new AzureadProvider(this, 'azuread-provider', { tenantId: idp.tenantId });
      blocks.push(
        ...(d.databricks.cloud === 'azure' ? ACCOUNT_LEVEL_BLOCKS.scim : ACCOUNT_LEVEL_BLOCKS.entra),
      );
    }
    new AccountLevelRelease(this, 'account-level-release', { blocks });
  }

  // The per-group blocks are plain data: writing them once instead of resolving them three times
  // keeps a 40,000-instance environment fast. cdktf 0.21 is the final release, so these hooks are stable.
  override prepareStack(): void {
    synthesizePlainBlocks(this, () => super.prepareStack());
  }

  override toTerraform(): unknown {
    return synthesizePlainBlocks(this, () => super.toTerraform());
  }
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
