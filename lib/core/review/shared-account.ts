import { ADDRESS_KEY, finding, type Change } from './compare';
import type { Finding } from './findings';
import type { EnvironmentOutput } from './output';
import type { Fact } from './rules';
import { ADOPTION_LOOKUP } from '../declaration/account';
import { asObject } from '../terraform/json';

/** A shared account as each of its environments' main stacks records it (`"//".sso.sharedAccount`). */
export interface SharedAccountRecord {
  readonly accountId: string;
  readonly owner: string;
  readonly environments: readonly string[];
}

/** The shared account an environment's stacks record, if any. */
export function sharedAccountOf(environment: EnvironmentOutput | undefined): SharedAccountRecord | undefined {
  for (const { json } of environment?.stacks ?? []) {
    const { accountId, owner, environments } = asObject(asObject(asObject(json['//']).sso).sharedAccount);
    if (typeof accountId === 'string' && typeof owner === 'string' && Array.isArray(environments)) {
      return {
        accountId,
        owner,
        environments: environments.filter((e): e is string => typeof e === 'string'),
      };
    }
  }
  return undefined;
}

/**
 * Resource blocks that exist once per Databricks account: the IdP app and what belongs to it, the
 * SSO settings marker, the Entra activation, account groups and account roles.
 */
const ACCOUNT_LEVEL_BLOCK =
  /^(okta_|azuread_|databricks_group(_role)?\.|terraform_data\.(databricks_sso_settings|activate_signing_certificate)$)/;

/** The subject of the lockout finding a stack gives when its last account_admin group goes. */
const ACCOUNT_ADMIN_LOCKOUT = 'account role account_admin';

/** The resource block (`type.name`) a fact belongs to, as far as its key tells. */
function blockOf(fact: Fact): string | undefined {
  if (fact.key.startsWith(ADDRESS_KEY)) return fact.key.slice(ADDRESS_KEY.length);
  if (fact.key.startsWith('role|')) return 'databricks_group_role.';
  if (fact.key.startsWith('group|')) return 'databricks_group.';
  if (fact.key.startsWith('idp-assignment|')) return fact.key.split('|')[1];
  return fact.address;
}

/** A change to what the account holds once, for all its environments, rather than to one environment's workspaces. */
export function isAccountLevel(change: Change): boolean {
  const fact = change.after ?? change.before;
  if (fact === undefined) return change.finding.subject === ACCOUNT_ADMIN_LOCKOUT;
  return ACCOUNT_LEVEL_BLOCK.test(blockOf(fact) ?? '');
}

/**
 * The owner's account-level changes in a shared account, as one finding: they reach every
 * environment of the account with the owner's deploy, so none of those environments can carry them
 * first. High, as a change that skips staging is: only a reviewer's approval stands in for staging.
 */
export function sharedAccountFinding(
  environment: string,
  account: SharedAccountRecord,
  changes: readonly Change[],
): Finding | undefined {
  const accountLevel = changes.filter(isAccountLevel);
  if (accountLevel.length === 0) return undefined;
  const others = account.environments.filter((e) => e !== environment);
  const count =
    accountLevel.length === 1 ? '1 account-level change' : `${accountLevel.length} account-level changes`;
  return finding({
    environment,
    severity: 'high',
    kind: 'promotion',
    subject: `account ${account.accountId}`,
    before: null,
    after: `shared by ${account.environments.join(', ')}`,
    message:
      `${count} in account ${account.accountId}, shared by ${account.environments.join(' and ')}: ` +
      `${environment}'s deploy applies ${accountLevel.length === 1 ? 'it' : 'them'} to every environment of the ` +
      'account at once (one IdP app, one SSO configuration and signing key, one set of account groups and roles), ' +
      `so ${accountLevel.length === 1 ? 'it' : 'they'} cannot be staged in ${others.join(' or ')} first; review ` +
      `${accountLevel.length === 1 ? 'it' : 'them'} as a change to ${account.environments.join(' and ')}`,
    details: accountLevel.map((c) => c.finding.message),
  });
}

/**
 * In an environment that shares an account it does not own, the account-level pieces its state still
 * holds leave it in a migration (`sharedAccount.migrating`): blocks its stack forgets with
 * `removed { destroy = false }` are not destroyed, so their removals make one medium finding instead
 * of one deletion each; and its last account_admin group is the owner's now, not a lockout.
 */
export function handedOver(
  environment: string,
  account: SharedAccountRecord,
  forgotten: ReadonlySet<string>,
  changes: readonly Change[],
): Change[] {
  const kept: Change[] = [];
  const released: Change[] = [];
  for (const change of changes) {
    if (change.finding.subject === ACCOUNT_ADMIN_LOCKOUT && change.before === undefined) continue;
    if (change.after === undefined && isForgotten(change, forgotten)) released.push(change);
    else kept.push(change);
  }
  if (released.length === 0) return kept;
  const summary = finding({
    environment,
    severity: 'medium',
    kind: 'other',
    subject: `account ${account.accountId}: hand-over to ${account.owner}`,
    before: [...new Set(released.map((c) => c.finding.subject))].join(', '),
    after: null,
    message:
      `${released.length} account-level piece${released.length === 1 ? ' leaves' : 's leave'} ${environment}'s ` +
      'Terraform state without being destroyed (removed blocks with destroy = false): ' +
      `${account.owner} owns account ${account.accountId}'s account-level pieces now; what it does not manage ` +
      "(this environment's former IdP app) is deleted by hand once nothing uses it",
    details: released.map((c) => c.finding.message),
  });
  return [...kept, { finding: summary }];
}

function isForgotten(change: Change, forgotten: ReadonlySet<string>): boolean {
  if (forgotten.has(change.finding.subject)) return true;
  const block = change.before === undefined ? undefined : blockOf(change.before);
  if (block === undefined) return false;
  // Facts read by meaning know the block's type only (`databricks_group_role.`).
  return [...forgotten].some((from) => from === block || (block.endsWith('.') && from.startsWith(block)));
}

/**
 * The owner's side of a migration: a group it imports (`sharedAccount.migrating`) is looked up by
 * name only to find its id; the group is still created by this stack, so the lookup is no change.
 */
export function withoutAdoptionLookups(
  environment: EnvironmentOutput | undefined,
  changes: readonly Change[],
): Change[] {
  const adopted = new Set<string>();
  for (const { json } of environment?.stacks ?? []) {
    const lookup = asObject(asObject(asObject(json.data).databricks_group)[ADOPTION_LOOKUP]);
    for (const group of Object.keys(asObject(lookup.for_each))) adopted.add(`group|${group}`);
  }
  if (adopted.size === 0) return [...changes];
  return changes.filter((change) => !adopted.has((change.after ?? change.before)?.key ?? ''));
}

/** Resource blocks a stack forgets rather than destroys: `removed` blocks with `lifecycle.destroy = false`. */
export function forgottenBlocks(environment: EnvironmentOutput | undefined): Set<string> {
  const forgotten = new Set<string>();
  for (const { json } of environment?.stacks ?? []) {
    for (const block of Array.isArray(json.removed) ? json.removed : []) {
      const { from, lifecycle } = asObject(block);
      if (typeof from === 'string' && asObject(lifecycle).destroy === false) forgotten.add(from);
    }
  }
  return forgotten;
}
