import { example } from './helpers';

type Declaration = ReturnType<typeof example>;

/** Prod's account, which the built-in staging and prod share in the fixtures below. */
export const SHARED_ACCOUNT_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

const sharedAccount = (migrating?: boolean) => ({
  owner: 'prod',
  environments: ['staging', 'prod'],
  ...(migrating === undefined ? {} : { migrating }),
});

/**
 * The built-in prod, owner of the account it shares with staging (the account-level pieces need
 * production's guards, so the production environment owns them).
 */
export function sharedProd(options: { migrating?: boolean } = {}): Declaration {
  const prod = example('prod');
  prod.databricks = { ...prod.databricks, sharedAccount: sharedAccount(options.migrating) };
  return prod;
}

/**
 * The built-in staging moved into prod's account: its own workspaces and grants, and none of the
 * account-level fields (idp, session, signing key, Redirect URL...), which are prod's. Account
 * roles are granted once per account, by prod.
 */
export function sharedStaging(options: { migrating?: boolean } = {}): Declaration {
  const staging = example('staging');
  for (const field of ['idp', 'session', 'signingKey', 'assertion', 'emergencyAccess'] as const) {
    delete staging[field];
  }
  const { redirectUrl: _redirectUrl, ...databricks } = staging.databricks;
  staging.databricks = {
    ...databricks,
    accountId: SHARED_ACCOUNT_ID,
    sharedAccount: sharedAccount(options.migrating),
  };
  for (const group of Object.values(staging.groups)) delete group.accountRoles;
  return staging;
}

/** The built-in staging as a stack of its own in prod's account: what this project accepted before #16. */
export function stagingInProdAccount(): Declaration {
  const staging = example('staging');
  const prod = example('prod');
  staging.databricks = {
    ...staging.databricks,
    accountId: SHARED_ACCOUNT_ID,
    redirectUrl: prod.databricks.redirectUrl,
  };
  return staging;
}
