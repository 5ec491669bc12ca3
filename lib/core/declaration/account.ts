import type { Declaration, GroupMapping } from './schema';

/**
 * Account topology: which stack owns a Databricks account's account-level pieces (the IdP app,
 * the SSO settings and signing key, account groups created by Terraform, account roles, SCIM).
 * An account used by one environment is owned by it; an account several environments share
 * (`databricks.sharedAccount`) is owned by its `owner`, and the others hold only workspace pieces.
 */

/** The fields an environment sharing an account it does not own takes from the owner: they are the account's. */
export const ACCOUNT_LEVEL_FIELDS = [
  ['idp'],
  ['databricks', 'redirectUrl'],
  ['signingKey'],
  ['session'],
  ['assertion'],
  ['emergencyAccess'],
  ['rotation'],
] as const;

/**
 * The block name of the owner's lookups of the account groups it imports in a migration
 * (`data.databricks_group.adopt_by_name`): it holds `_` followed by a lower-case letter, which no
 * per-group block name does (`groupBlockName`), so it cannot meet a group's own lookup.
 */
export const ADOPTION_LOOKUP = 'adopt_by_name';

/** True for an environment of a shared account that does not own it: its stack holds workspace pieces only. */
export function isAccountMember(d: Pick<Declaration, 'environment' | 'databricks'>): boolean {
  const shared = d.databricks.sharedAccount;
  return shared !== undefined && shared.owner !== d.environment;
}

/** The other environments that use `d`'s account, in the order `sharedAccount.environments` lists them. */
export function accountPartners(d: Pick<Declaration, 'environment' | 'databricks'>): string[] {
  return (d.databricks.sharedAccount?.environments ?? []).filter((e) => e !== d.environment);
}

/**
 * Every group the environments of `owner`'s account map, for the owner's account-level pieces: the
 * IdP app signs all of their users in, SCIM provisions all of their groups, and the groups created
 * by Terraform exist once in the account. The owner's own mapping wins; a group only another
 * environment maps comes with its `source` and no grants (those stay in that environment's stack).
 */
export function accountGroups(
  owner: Declaration,
  declarations: readonly Declaration[],
): Record<string, GroupMapping> {
  const groups: Record<string, GroupMapping> = { ...owner.groups };
  for (const partner of accountPartners(owner)) {
    const d = declarations.find((candidate) => candidate.environment === partner);
    for (const [name, mapping] of Object.entries(d?.groups ?? {})) {
      groups[name] ??= {
        source: mapping.source,
        workspaces: {},
        entitlements: [],
        accountRoles: [],
        privileged: false,
      };
    }
  }
  return groups;
}

/**
 * The environment that rehearses `d`'s account-level changes (its signing key above all): the first
 * one along `promotesAfter` that uses another account. Environments of the same account cannot
 * rehearse them, the account holds one SSO configuration. Undefined when there is none.
 */
export function rehearsalEnvironment(
  d: Declaration,
  declarations: readonly Declaration[],
): string | undefined {
  const partners = new Set(accountPartners(d));
  const seen = new Set([d.environment]);
  for (let leader = d.promotesAfter; leader !== undefined && !seen.has(leader);) {
    if (!partners.has(leader)) return leader;
    seen.add(leader);
    leader = declarations.find((candidate) => candidate.environment === leader)?.promotesAfter;
  }
  return undefined;
}
