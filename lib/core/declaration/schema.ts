import { z } from 'zod';
import { isDay } from '../rotation/dates';

/*
 * The declaration of one environment's SSO wiring. Every value here is typed by a person, so
 * every value is checked at run time; `expected` texts become the "expected ..." half of the
 * error message, so they are phrased as what would have been accepted.
 */

const SLUG = /^[a-z][a-z0-9-]{0,39}$/;
// Group names flow into Terraform strings, map keys and readable addresses (`group/workspace`):
// no `/`, no `$` or `%` (Terraform template sequences), no control characters.
const GROUP_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._@()&+,'-]{0,127}$/u;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$/;

const slug = (what: string) =>
  z.string({ error: `${what} (lower-case letters, digits and dashes, starting with a letter)` }).regex(SLUG, {
    error: `${what} (lower-case letters, digits and dashes, starting with a letter, at most 40 characters)`,
  });

export function isHttpsUrl(value: string): boolean {
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (value.length > 2048 || /[\s\u0000-\u001f\u007f]/.test(value)) return false;
  try {
    const url = new URL(value);
    return (
      url.protocol === 'https:' && url.hostname.includes('.') && url.username === '' && url.password === ''
    );
  } catch {
    return false;
  }
}

const httpsUrl = z
  .string({ error: 'an https:// URL' })
  .refine(isHttpsUrl, { error: 'an https:// URL with a host name and no credentials or spaces' });

const calendarDate = z
  .string({ error: 'a date as YYYY-MM-DD' })
  .refine(isDay, { error: 'a real calendar date as YYYY-MM-DD' });

const keyGeneration = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, {
  error: 'a key generation name such as "2026-q4" (lower-case letters, digits and dashes, at most 40)',
});

/** Why an exception to a gate is acceptable, for reviewers and auditors. */
const reason = z.string().trim().min(10, { error: 'a written reason of at least 10 characters' }).max(500);

// Workspace ids are up to 19 digits; numbers past 2^53 lose digits in JSON, so strings are preferred.
const workspaceId = z
  .union([z.string(), z.number()], { error: 'a numeric workspace id (digits, as a string)' })
  .transform((value) => String(value))
  .refine((value) => /^[1-9][0-9]{0,18}$/.test(value), {
    error: 'a numeric workspace id (digits only, as shown in the workspace URL ?o=...)',
  });

const WORKSPACE_PERMISSIONS = ['USER', 'ADMIN'] as const;
/**
 * The entitlements a group can be granted (`entitlements` of a group mapping), in every workspace
 * it is assigned to; each is the Databricks entitlement of the same name with underscores.
 */
export const ENTITLEMENTS = [
  'workspace-access',
  'databricks-sql-access',
  'allow-cluster-create',
  'allow-instance-pool-create',
] as const;
const ACCOUNT_ROLES = ['account_admin'] as const;
/** Earlier layouts of the group mappings that `movedFrom` moves a state from. */
const MOVED_FROM = ['per-kind-maps'] as const;
/** Attributes the IdP constructs know how to emit; the policy pack decides which are acceptable. */
export const ASSERTION_ATTRIBUTES = [
  'email',
  'name',
  'groups',
  'firstName',
  'lastName',
  'displayName',
  'department',
  'employeeNumber',
] as const;
/**
 * The attributes SSO-001 allows in the SAML assertion, and the default of `assertion.attributes`:
 * what Databricks uses, and no more personal data than that.
 */
export const MINIMAL_ATTRIBUTES = ['email', 'name', 'groups'] as const;

const oktaIdp = z
  .strictObject({
    kind: z.literal('okta'),
    orgName: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'an Okta org name such as "acme"' })
      .describe("The org's subdomain: `acme` for acme.okta.com."),
    baseUrl: z
      .enum(
        ['okta.com', 'oktapreview.com', 'okta-emea.com', 'okta-gov.com', 'okta.mil', 'okta-miltest.com'],
        {
          error: 'one of okta.com, oktapreview.com, okta-emea.com, okta-gov.com, okta.mil, okta-miltest.com',
        },
      )
      .default('okta.com')
      .describe('The Okta domain the org lives under.'),
    appLabel: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('The label users see on their Okta dashboard. Default: `"Databricks (<environment>)"`.'),
  })
  .describe('Okta: the stack creates the SAML app in the Okta org.');

const entraIdp = z
  .strictObject({
    kind: z.literal('entra'),
    tenantId: z
      .string()
      .regex(UUID, { error: 'an Entra tenant id (a lower-case UUID)' })
      .describe('The Entra ID (Azure AD) tenant that signs users in.'),
    // The policy pack (SSO-011), not the schema, flags an empty list: the finding says why it matters.
    notificationEmails: z
      .array(z.string().regex(EMAIL, { error: 'an email address' }))
      .default([])
      .describe('Who Entra emails before the signing certificate expires.'),
    appName: z
      .string()
      .min(1)
      .max(120)
      .optional()
      .describe('The enterprise application\'s name in Entra. Default: `"Databricks (<environment>)"`.'),
    activateCertificate: z
      .boolean({ error: 'true or false' })
      .default(false)
      .describe(
        'Makes a new signing certificate the active one through Microsoft Graph (`az rest`, run where ' +
          'Terraform runs): the azuread provider cannot. Off: activate it in the Entra admin center.',
      ),
    scim: z
      .strictObject({
        enabled: z.boolean({ error: 'true or false' }).describe('Whether the SCIM connector is created.'),
      })
      .optional()
      .describe(
        "Provisions the mapped `scim` groups into the Databricks account through Entra's Azure " +
          'Databricks SCIM connector (Azure Databricks only). Default: `{ enabled: true }` on Azure.',
      ),
  })
  .describe('Microsoft Entra ID: a SAML application on AWS and GCP, SCIM provisioning only on Azure.');

const metadataIdp = z
  .strictObject({
    kind: z.literal('metadata'),
    file: z
      .string()
      .min(1)
      .max(1024)
      .describe(
        'The SAML 2.0 federation metadata XML the IdP exports (Ping, ADFS, Keycloak, Google...), relative ' +
          'to the declaration file. Its entity ID, SSO URL and signing certificate are read at synth time.',
      ),
    entityId: z
      .string()
      .min(1)
      .max(1024)
      .optional()
      .describe('Which identity provider to read when the file lists several. Default: the only one.'),
    vendor: z
      .string()
      .min(1)
      .max(60)
      .optional()
      .describe(
        'The product, for people reading outputs: "PingFederate", "ADFS"... Default: `"the identity provider"`.',
      ),
  })
  .describe(
    'Any SAML 2.0 IdP from its metadata (Ping, ADFS, Keycloak, Google, OneLogin...): nothing is created at the IdP.',
  );

const idp = z.discriminatedUnion('kind', [oktaIdp, entraIdp, metadataIdp], {
  error: 'an IdP kind: "okta", "entra" or "metadata"',
});

const workspace = z.strictObject({
  id: workspaceId.describe(
    'The numeric workspace id (digits, as a string), as shown in the workspace URL `?o=...`.',
  ),
  url: httpsUrl.describe("The workspace's URL."),
});

const groupMapping = z.strictObject({
  source: z
    .enum(['scim', 'terraform'], { error: '"scim" or "terraform"' })
    .default('scim')
    .describe(
      '`scim`: the IdP provisions the group, so it is looked up; `terraform`: this stack creates it.',
    ),
  workspaces: z
    .record(slug('a workspace name'), z.enum(WORKSPACE_PERMISSIONS, { error: '"USER" or "ADMIN"' }))
    .default({})
    .describe('Workspace name -> permission.'),
  entitlements: z
    .array(z.enum(ENTITLEMENTS, { error: `one of ${ENTITLEMENTS.join(', ')}` }))
    .default([])
    .describe('Granted in every workspace the group is assigned to.'),
  accountRoles: z
    .array(z.enum(ACCOUNT_ROLES, { error: `one of ${ACCOUNT_ROLES.join(', ')}` }))
    .default([])
    .describe('Account-level roles of the group.'),
  privileged: z
    .boolean({ error: 'true or false' })
    .default(false)
    .describe('Only privileged groups may hold ADMIN or account_admin.'),
});

const backend = z.discriminatedUnion(
  'type',
  [
    z
      .strictObject({
        type: z.literal('local'),
        path: z
          .string()
          .regex(/^(?!\/)(?!.*\.\.)[A-Za-z0-9._/-]{1,200}$/, { error: 'a relative path without ".."' })
          .optional()
          .describe(
            'The state file, relative to the directory that holds the output directory (the project root ' +
              'for `cdktf.out`), so synthesis never touches it. Default: `"terraform.<environment>.tfstate"`.',
          ),
      })
      .describe('A local state file: for trials, not for anything shared.'),
    z
      .strictObject({
        type: z.literal('s3'),
        bucket: z
          .string()
          .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'an S3 bucket name' })
          .describe('The S3 bucket that holds the state.'),
        key: z.string().min(1).max(1024).describe('The state object key in the bucket.'),
        region: z
          .string()
          .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'an AWS region such as eu-west-1' })
          .describe("The bucket's AWS region."),
        encrypt: z.boolean().default(true).describe('Server-side encryption of the state object.'),
        useLockfile: z.boolean().default(true).describe('S3-native state locking.'),
        kmsKeyId: z.string().min(1).optional().describe('The KMS key that encrypts the state.'),
      })
      .describe("An S3 bucket (Terraform's `s3` backend)."),
    z
      .strictObject({
        type: z.literal('azurerm'),
        resourceGroupName: z.string().min(1).max(90).describe("The storage account's resource group."),
        storageAccountName: z
          .string()
          .regex(/^[a-z0-9]{3,24}$/, { error: 'a storage account name' })
          .describe('The Azure storage account that holds the state.'),
        containerName: z
          .string()
          .regex(/^[a-z0-9-]{3,63}$/, { error: 'a container name' })
          .describe('The blob container in that account.'),
        key: z.string().min(1).max(1024).describe('The state blob name.'),
      })
      .describe("An Azure storage account (Terraform's `azurerm` backend)."),
    z
      .strictObject({
        type: z.literal('gcs'),
        bucket: z
          .string()
          .regex(/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/, { error: 'a GCS bucket name' })
          .describe('The Google Cloud Storage bucket that holds the state.'),
        prefix: z.string().min(1).max(1024).describe('The state path prefix in the bucket.'),
      })
      .describe("A Google Cloud Storage bucket (Terraform's `gcs` backend)."),
    z
      .strictObject({
        type: z.literal('cloud'),
        organization: z.string().min(1).max(100).describe('The HCP Terraform organization.'),
        workspace: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,90}$/, { error: 'an HCP Terraform workspace name' })
          .describe('The HCP Terraform workspace that holds the state.'),
        hostname: z
          .string()
          .min(1)
          .max(253)
          .optional()
          .describe('The HCP Terraform or Terraform Enterprise host. Default: `"app.terraform.io"`.'),
      })
      .describe("HCP Terraform or Terraform Enterprise (Terraform's `cloud` block)."),
  ],
  { error: 'a backend type: "local", "s3", "azurerm", "gcs" or "cloud"' },
);

const suppression = z.strictObject({
  rule: z
    .string()
    .regex(/^SSO-\d{3}$/, { error: 'a rule id such as "SSO-003"' })
    .describe('A policy rule id such as "SSO-003".'),
  reason: reason.describe('Why the finding is acceptable, for reviewers and auditors.'),
  path: z
    .string()
    .min(1)
    .max(300)
    .optional()
    .describe(
      'A construct path within the stack: the finding there and everything under it. Default: the whole environment.',
    ),
});

/**
 * The zod schema of one environment's declaration: it checks an {@link EnvironmentDeclaration} and
 * fills in its defaults, and its `.describe()` texts become the JSON Schema `sso schema` prints.
 * Prefer {@link validateDeclaration}: the schema alone checks no field against another, and its
 * messages do not name the environment.
 */
export const declarationSchema = z.strictObject({
  environment: slug('an environment name').describe('Names the stack and every output; `staging`, `prod`.'),
  tier: z
    .enum(['staging', 'production'], { error: '"staging" or "production"' })
    .describe('Production environments get lockout guards and stricter policy.'),
  promotesAfter: slug('an environment name')
    .optional()
    .describe('The environment that must carry a change (and a signing key) first.'),
  idp: idp
    .optional()
    .describe(
      'The identity provider, picked by `kind`. Required unless the environment shares an account it ' +
        "does not own (the owner's is used).",
    ),
  databricks: z
    .strictObject({
      cloud: z
        .enum(['aws', 'gcp', 'azure'], { error: '"aws", "gcp" or "azure"' })
        .describe("The account's cloud. Azure Databricks signs users in through Entra ID natively."),
      accountId: z
        .string()
        .regex(UUID, { error: 'a Databricks account id (a lower-case UUID)' })
        .describe('The Databricks account id.'),
      redirectUrl: httpsUrl
        .optional()
        .describe(
          'The ACS URL shown in the account console (Settings > Single sign-on > Databricks Redirect URL). ' +
            'It names the account (`.../accounts/<accountId>/...`): one naming another account is refused. ' +
            "Required on AWS and GCP (in an environment sharing an account it does not own: the owner's); " +
            'Azure Databricks has no SAML settings.',
        ),
      workspaces: z.record(slug('a workspace name'), workspace).describe('Workspace name -> its id and URL.'),
      tokenLifetimeDays: z
        .number()
        .int()
        .min(1)
        .max(730)
        .default(90)
        .describe('Upper bound for personal access tokens in every workspace.'),
      sharedAccount: z
        .strictObject({
          owner: slug('an environment name').describe(
            'The environment whose stack owns the account-level pieces. Account-level changes reach ' +
              'every environment of the account at once with its deploy: none of them can be staged.',
          ),
          environments: z
            .array(slug('an environment name'))
            .min(2, { error: 'at least two environment names (the account is shared, the owner included)' })
            .describe('Every environment of the set that uses this account, the owner included.'),
          migrating: z
            .boolean({ error: 'true or false' })
            .default(false)
            .describe(
              'For the change that moves existing stacks into this shape, Terraform >= 1.7: the owner ' +
                'imports the account groups created by Terraform (looked up by name) that another ' +
                "environment's state may hold, and every other environment's stack forgets its " +
                'account-level pieces (`removed { lifecycle { destroy = false } }`) instead of destroying ' +
                'them. Remove it once applied.',
            ),
        })
        .optional()
        .describe(
          'This environment shares its Databricks account (`accountId`) with other environments of the ' +
            'set: the same block in each of them. The account-level pieces (the IdP app, the SSO settings ' +
            'and signing key, account groups created by Terraform, account roles, SCIM provisioning) exist ' +
            "once per account, so one environment's stack owns them; every other environment's stack holds " +
            "only its workspaces' assignments, entitlements and token policy. An environment that does not " +
            'own the account leaves out `idp`, `session`, `redirectUrl`, `signingKey`, `assertion`, ' +
            "`emergencyAccess` and `rotation` (they are the owner's) or repeats the owner's values. " +
            'Default: none, the account belongs to this environment alone.',
        ),
    })
    .describe('The Databricks account and workspaces this environment uses.'),
  groups: z
    .record(
      z.string().regex(GROUP_NAME, {
        error: "a group name (letters, digits, spaces and . _ @ ( ) & + , ' -, at most 128 characters)",
      }),
      groupMapping,
    )
    .describe('IdP group name -> what it grants in Databricks.'),
  assertion: z
    .strictObject({
      attributes: z
        .array(z.enum(ASSERTION_ATTRIBUTES, { error: `one of ${ASSERTION_ATTRIBUTES.join(', ')}` }))
        .min(1)
        .describe(
          'The attributes the SAML assertion carries; the policy pack (SSO-001) allows email, name, groups.',
        ),
    })
    .default({ attributes: [...MINIMAL_ATTRIBUTES] })
    .describe('What the IdP sends in each SAML assertion.'),
  session: z
    .strictObject({
      idleMinutes: z.number().int().min(5).max(1440).describe('Idle timeout, enforced by the IdP app.'),
      lifetimeHours: z
        .number()
        .int()
        .min(1)
        .max(168)
        .describe('Session lifetime before signing in again, enforced by the IdP app.'),
    })
    .optional()
    .describe(
      'Enforced at the IdP: Databricks has no browser session setting. Required unless the environment ' +
        "shares an account it does not own (the owner's IdP app holds the session policy).",
    ),
  signingKey: z
    .strictObject({
      generation: keyGeneration.describe('The signing-key generation name, e.g. "2026-q4".'),
      issued: calendarDate.describe(
        'The day the IdP started signing with this generation (UTC): never a day still to come.',
      ),
      adopted: calendarDate
        .optional()
        .describe(
          "The day this environment's signing key came under this declaration: a new SSO set-up, or an " +
            'IdP app adopted with the key it already had. A key issued on or before that day is the ' +
            "environment's first one here, with no previous key to keep signing while the environment it " +
            'promotes after rehearses, so it is not held to `rotation.leadDays`; every later key is. ' +
            'Default: none, every key is held to the lead.',
        ),
    })
    .optional()
    .describe(
      'The current signing-key generation; a rotation is a reviewed change of these two values. ' +
        "Required on AWS and GCP (in an environment sharing an account it does not own: the owner's, the " +
        "account's one key); Azure Databricks has no SAML signing key.",
    ),
  emergencyAccess: z
    .array(z.string().regex(EMAIL, { error: 'an email address' }))
    .default([])
    .describe('Break-glass accounts that can sign in with a password when SSO is broken.'),
  backend: backend.default({ type: 'local' }).describe('Where Terraform keeps the state, picked by `type`.'),
  rotation: z
    .strictObject({
      periodDays: z
        .number()
        .int()
        .min(7)
        .max(730)
        .default(90)
        .describe("Days from a key's `issued` day to its rotate-by date."),
      warnDays: z
        .number()
        .int()
        .min(0)
        .max(365)
        .default(14)
        .describe('Days before the rotate-by date from which the key is due.'),
      leadDays: z
        .number()
        .int()
        .min(0)
        .max(365)
        .default(7)
        .describe('Days the environment promoted after carries a generation before this one may take it.'),
    })
    .default({ periodDays: 90, warnDays: 14, leadDays: 7 })
    .describe('When signing keys rotate.'),
  limits: z
    .strictObject({
      maxIdleMinutes: z
        .number()
        .int()
        .min(5)
        .max(1440)
        .default(120)
        .describe('The longest `session.idleMinutes` SSO-008 accepts.'),
      maxLifetimeHours: z
        .number()
        .int()
        .min(1)
        .max(168)
        .default(24)
        .describe('The longest `session.lifetimeHours` SSO-008 accepts.'),
      maxTokenLifetimeDays: z
        .number()
        .int()
        .min(1)
        .max(730)
        .default(90)
        .describe('The longest `databricks.tokenLifetimeDays` SSO-008 accepts.'),
    })
    .default({ maxIdleMinutes: 120, maxLifetimeHours: 24, maxTokenLifetimeDays: 90 })
    .describe('Upper bounds the policy pack holds this environment to.'),
  suppressions: z
    .array(suppression)
    .default([])
    .describe('Acknowledged policy findings; each is recorded in the synthesized output.'),
  promotionOverride: z
    .strictObject({
      reason: reason.describe('Why the changes may skip the environment promoted after.'),
      covers: z
        .array(
          z.string().trim().min(1, { error: 'a change as `sso review` names it' }).max(300, {
            error: 'a change as `sso review` names it, at most 300 characters',
          }),
          { error: 'a list of the changes it lets through, as `sso review` names them' },
        )
        .min(1, { error: 'at least one change it lets through, as `sso review` names it' })
        .describe(
          'The changes it lets through, named as `sso review` names them: a group (`data-scientists`, ' +
            'every grant of the group), a group on a workspace (`data-scientists on ml-prod`, with its ' +
            'entitlements), or a resource (`okta_app_saml.databricks`).',
        ),
      expires: calendarDate
        .optional()
        .describe(
          'The last day (UTC) the override lets a change through; after it, every change is gated again. ' +
            'Default: none, until it is removed.',
        ),
    })
    .optional()
    .describe(
      'Lets the changes it names reach this environment before the one it promotes after: a prod-only ' +
        'hotfix. Anything it does not name is still gated. Reported by `sso review`; `sso validate` and ' +
        '`sso review` warn once it has expired, names nothing this environment has, or the environment it ' +
        'promotes after has caught up: then remove it. Default: none, every change goes through the ' +
        'environment it promotes after first.',
    ),
  emergencyRotation: z
    .strictObject({
      generation: keyGeneration.describe('The signing-key generation it lets in, e.g. "2027-q1".'),
      reason: reason.describe('Why the key cannot wait for the lead (an overdue or compromised key).'),
      expires: calendarDate.describe(
        'The last day (UTC) the environment may move to `generation` under this override.',
      ),
    })
    .optional()
    .describe(
      'An emergency rotation: lets this environment move to `generation` before the environment it ' +
        'promotes after has carried it for `rotation.leadDays` (an overdue or compromised key). Recorded ' +
        'in the synthesized stack and reported by `sso review`; keep it while the environment runs that ' +
        'generation (SSO-007 says when to remove it). Default: none, every rotation waits for the lead.',
    ),
  mappingShards: z
    .number()
    .int()
    .min(0)
    .max(64)
    .default(0)
    .describe(
      'Splits group mappings across this many extra stacks (`<env>-mappings-<i>`), each with its own ' +
        'state, so no state grows past a few thousand instances. 0: the mappings stay in the main stack.',
    ),
  movedFrom: z
    .enum(MOVED_FROM, { error: `one of ${MOVED_FROM.join(', ')}` })
    .optional()
    .describe(
      "The layout of the group mappings an existing state was written with, when it is not today's: " +
        '`per-kind-maps` (releases before the per-group layout: one `for_each` per permission kind, ' +
        '`user_assignment["group/workspace"]`). The stacks then carry `moved` blocks, so Terraform moves ' +
        'every assignment, entitlement, role and IdP group assignment to its new address instead of ' +
        'destroying and creating it. Remove it once every stack of the environment is applied: ' +
        "Terraform's plan time grows with the square of the number of `moved` blocks. " +
        "Default: none, the state, if any, has today's layout.",
    ),
  signInAudit: z
    .strictObject({
      workspaces: z
        .array(slug('a workspace name'))
        .min(1, { error: 'at least one workspace (one per Unity Catalog metastore)' })
        .describe('The workspaces to enable it through, one per Unity Catalog metastore.'),
    })
    .optional()
    .describe(
      'Sign-in traceability: enables the audit system schema (`system.access`, whose table ' +
        '`system.access.audit` records every sign-in) through the workspace-level provider of each ' +
        'workspace named. Databricks enables system schemas per Unity Catalog metastore, so name one ' +
        'workspace per metastore, and only in one environment when environments share a metastore. ' +
        '`sso audit-query --env ENV` prints the SQL that lists sign-ins and failed sign-ins. ' +
        'Default: none, system.access is not managed by this stack.',
    ),
});

/** What a person writes: defaults may be left out. */
export type EnvironmentDeclaration = z.input<typeof declarationSchema>;
/**
 * What the schema itself yields: defaults filled in, before an environment that shares an account
 * it does not own is completed from the owner's declaration ({@link Declaration}).
 */
export type ParsedDeclaration = z.output<typeof declarationSchema>;
/**
 * What the constructs get: validated, defaults filled in, and the account-level fields an
 * environment sharing an account it does not own leaves out filled in from the owner's.
 */
export type Declaration = Omit<ParsedDeclaration, 'idp' | 'session'> & {
  readonly idp: NonNullable<ParsedDeclaration['idp']>;
  readonly session: NonNullable<ParsedDeclaration['session']>;
};
/** What one IdP group grants in Databricks: workspace permissions, entitlements and account roles. */
export type GroupMapping = Declaration['groups'][string];
/** An earlier layout of the group mappings that an existing state was written with (`movedFrom`). */
export type MovedFrom = NonNullable<Declaration['movedFrom']>;
/** A Databricks workspace: its numeric id as a string of digits, and its https URL. */
export type Workspace = Declaration['databricks']['workspaces'][string];
/** Where Terraform keeps an environment's state (local, s3, azurerm, gcs or cloud), picked by `type`. */
export type Backend = Declaration['backend'];
/** An acknowledged policy finding: the rule id, a written reason, and optionally the path it covers. */
export type Suppression = Declaration['suppressions'][number];
/**
 * A prod-only hotfix: the changes that may skip the environment promoted after, why, and the last
 * day it applies (`YYYY-MM-DD`, UTC; none: until it is removed).
 */
export type PromotionOverride = NonNullable<Declaration['promotionOverride']>;
/**
 * A signing-key generation an environment may take before the one it promotes after has carried it
 * for `rotation.leadDays`, why, and the last day it may (`YYYY-MM-DD`, UTC).
 */
export type EmergencyRotation = NonNullable<Declaration['emergencyRotation']>;
/** A workspace entitlement a group can be granted: one of {@link ENTITLEMENTS}. */
export type Entitlement = (typeof ENTITLEMENTS)[number];
/** An attribute the SAML assertion can carry: one of {@link ASSERTION_ATTRIBUTES}. */
export type AssertionAttribute = (typeof ASSERTION_ATTRIBUTES)[number];
