import * as path from 'path';
import fc from 'fast-check';
import {
  ENTITLEMENTS,
  MINIMAL_ATTRIBUTES,
  type EnvironmentDeclaration,
} from '../../lib/core/declaration/schema';

/** The day generated signing keys are judged on: set as SSO_CLOCK while the properties run. */
export const CLOCK = '2026-11-25';
const METADATA_FILE = path.resolve(__dirname, '../../examples/pingfederate-metadata.xml');

const slug = (max: number) => fc.stringMatching(new RegExp(`^[a-z][a-z0-9-]{0,${max - 1}}$`));
const email = fc
  .tuple(fc.stringMatching(/^[a-z0-9._+-]{1,20}$/), fc.stringMatching(/^[a-z0-9-]{1,20}\.[a-z]{2,6}$/))
  .map(([user, domain]) => `${user}@${domain}`);
// Group names as IdPs spell them, including the punctuation and non-ASCII letters the schema allows.
const groupName = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._@()&+,'-]{0,30}$/),
  fc.constantFrom('Ärzte & Pflege', 'データ分析', 'équipe (paris)', "o'brien-team"),
);
const label = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ()._-]{0,40}$/);
const dayIn2026 = (from: number, to: number) =>
  fc
    .integer({ min: from, max: to })
    .map((day) => new Date(Date.UTC(2026, 0, day)).toISOString().slice(0, 10));

const workspaces = fc
  .uniqueArray(fc.record({ name: slug(20), id: fc.bigInt({ min: 1n, max: 10n ** 19n - 1n }).map(String) }), {
    selector: (w) => w.name,
    minLength: 1,
    maxLength: 4,
  })
  .filter((list) => new Set(list.map((w) => w.id)).size === list.length);

type Cloud = 'aws' | 'gcp' | 'azure';
const samlIdp = fc.oneof(
  fc.record(
    {
      kind: fc.constant('okta' as const),
      orgName: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/),
      baseUrl: fc.constantFrom('okta.com', 'oktapreview.com', 'okta-emea.com'),
      appLabel: label,
    },
    { requiredKeys: ['kind', 'orgName'] },
  ),
  fc.record(
    {
      kind: fc.constant('entra' as const),
      tenantId: fc.uuid(),
      // SSO-011 wants someone told before the signing certificate expires.
      notificationEmails: fc.uniqueArray(email, { minLength: 1, maxLength: 2 }),
      appName: label,
    },
    { requiredKeys: ['kind', 'tenantId', 'notificationEmails'] },
  ),
  fc.record(
    { kind: fc.constant('metadata' as const), file: fc.constant(METADATA_FILE), vendor: label },
    { requiredKeys: ['kind', 'file'] },
  ),
);
const azureIdp = fc.record(
  {
    kind: fc.constant('entra' as const),
    tenantId: fc.uuid(),
    appName: label,
    scim: fc.record({ enabled: fc.boolean() }),
  },
  { requiredKeys: ['kind', 'tenantId'] },
);

const backend = fc.oneof(
  fc.record(
    { type: fc.constant('local'), path: fc.stringMatching(/^[a-z0-9_-]{1,20}\.tfstate$/) },
    { requiredKeys: ['type'] },
  ),
  fc.record({
    type: fc.constant('s3'),
    bucket: fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$/),
    key: fc.stringMatching(/^[a-z0-9/_-]{1,40}\.tfstate$/),
    region: fc.constantFrom('eu-west-1', 'us-east-2', 'ap-southeast-1'),
  }),
  fc.record({
    type: fc.constant('gcs'),
    bucket: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{1,30}[a-z0-9]$/),
    prefix: slug(30),
  }),
);

/**
 * Declarations the schema and the policy pack both accept: one privileged group administers every
 * workspace and the account (no lockout), ADMIN and account_admin go to privileged groups only,
 * sessions and token lifetimes stay within the declared limits, the signing key is fresh on CLOCK.
 */
export const validDeclaration: fc.Arbitrary<EnvironmentDeclaration> = fc
  .record({
    environment: slug(20),
    tier: fc.constantFrom('staging' as const, 'production' as const),
    cloud: fc.constantFrom<Cloud>('aws', 'gcp', 'azure'),
    accountId: fc.uuid(),
    workspaces,
    admins: groupName,
    others: fc.uniqueArray(
      fc.record({
        name: groupName,
        source: fc.constantFrom('scim' as const, 'terraform' as const),
        privileged: fc.boolean(),
        grants: fc.array(fc.tuple(fc.nat(), fc.boolean())),
        entitlements: fc.subarray([...ENTITLEMENTS]),
      }),
      { selector: (g) => g.name.toLowerCase(), maxLength: 5 },
    ),
    attributes: fc.shuffledSubarray([...MINIMAL_ATTRIBUTES], { minLength: 1 }),
    limits: fc.record({
      maxIdleMinutes: fc.integer({ min: 5, max: 1440 }),
      maxLifetimeHours: fc.integer({ min: 1, max: 168 }),
      maxTokenLifetimeDays: fc.integer({ min: 1, max: 730 }),
    }),
    fractions: fc.tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
    ),
    tokenFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    signingKey: fc.record({
      generation: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,39}$/),
      // Within the last 60 days of CLOCK: never overdue, whatever the tier.
      issued: dayIn2026(270, 329),
    }),
    samlIdp,
    azureIdp,
    emergencyAccess: fc.uniqueArray(email, { minLength: 1, maxLength: 3, selector: (e) => e.toLowerCase() }),
    backend,
    mappingShards: fc.integer({ min: 0, max: 2 }),
  })
  .filter((r) => r.others.every((g) => g.name.toLowerCase() !== r.admins.toLowerCase()))
  .map((r): EnvironmentDeclaration => {
    const names = r.workspaces.map((w) => w.name);
    const within = (fraction: number, max: number, min: number) =>
      Math.max(min, Math.min(max, Math.round(min + fraction * (max - min))));
    const groups: NonNullable<EnvironmentDeclaration['groups']> = {
      [r.admins]: {
        privileged: true,
        workspaces: Object.fromEntries(names.map((n) => [n, 'ADMIN' as const])),
        accountRoles: ['account_admin'],
      },
    };
    for (const g of r.others) {
      const granted = Object.fromEntries(
        g.grants.map(([i, admin]) => [
          names[i % names.length] as string,
          admin && g.privileged ? ('ADMIN' as const) : ('USER' as const),
        ]),
      );
      groups[g.name] = {
        source: g.source,
        privileged: g.privileged,
        workspaces: granted,
        // Entitlements are granted per workspace: a group without one gets none.
        entitlements: Object.keys(granted).length > 0 ? g.entitlements : [],
      };
    }
    const cloud = r.cloud;
    const azure = cloud === 'azure';
    const host = cloud === 'gcp' ? 'gcp.databricks.com' : 'cloud.databricks.com';
    return {
      environment: r.environment,
      tier: r.tier,
      idp: azure ? r.azureIdp : r.samlIdp,
      databricks: {
        cloud,
        accountId: r.accountId,
        ...(azure
          ? {}
          : { redirectUrl: `https://accounts.${host}/oidc/accounts/${r.accountId}/v1/saml/callback` }),
        workspaces: Object.fromEntries(
          r.workspaces.map((w) => [
            w.name,
            {
              id: w.id,
              url: azure ? `https://adb-${w.id}.1.azuredatabricks.net` : `https://${w.name}.${host}`,
            },
          ]),
        ),
        tokenLifetimeDays: within(r.tokenFraction, r.limits.maxTokenLifetimeDays, 1),
      },
      groups,
      assertion: { attributes: r.attributes },
      session: {
        idleMinutes: within(r.fractions[0], r.limits.maxIdleMinutes, 5),
        lifetimeHours: within(r.fractions[1], r.limits.maxLifetimeHours, 1),
      },
      ...(azure ? {} : { signingKey: r.signingKey }),
      emergencyAccess: r.emergencyAccess,
      backend: r.backend,
      limits: r.limits,
      mappingShards: r.mappingShards,
    };
  });
