import { ENTITLEMENTS } from '../declaration/schema';
import { collectFacts } from '../review/facts';
import type { EnvironmentOutput, SynthesizedOutput } from '../review/output';
import type { Fact } from '../review/rules';
import { ACCESS_KEY } from '../review/sink';
import { ssoRecords } from './records';

/*
 * Effective access, derived from the synthesized Terraform JSON through the review engine's facts
 * (`collectFacts`): what Terraform will apply, read by meaning, so a change of the mapping layout
 * (addresses, blocks, shards) changes nothing here as long as the review still reads it.
 */

/** The review engine's fact keys this reads, besides `ACCESS_KEY` (see lib/core/review/catalog.ts). */
const ENTITLEMENT_KEY = 'entitlement|';
const ROLE_KEY = 'role|';
const GROUP_KEY = 'group|';
const IDP_ASSIGNMENT_KEY = 'idp-assignment|';
/** How the review describes an account group this stack creates (not synced from the IdP). */
const CREATED_HERE = 'created by this stack';

/** Workspace permissions an auditor calls administrative, and the account role that is. */
const ADMIN_PERMISSION = 'ADMIN';
const ADMIN_ROLE = 'account_admin';

/** One grant: a group's permission on a workspace and its entitlements there. */
export interface AccessRow {
  readonly group: string;
  readonly workspace: string;
  /** `USER` or `ADMIN`; null when the group has entitlements there but no assignment. */
  readonly permission: string | null;
  /** Declaration names (`workspace-access`), in the schema's order. */
  readonly entitlements: readonly string[];
}

export interface AccountRoleGrant {
  readonly group: string;
  readonly role: string;
}

/** How a group reaches Databricks: the IdP side and the account group. */
export interface GroupPath {
  readonly group: string;
  /** How the account group exists (`synced by SCIM`, `created by this stack`); null when neither. */
  readonly accountGroup: string | null;
  /** The IdP apps the group is assigned to (`okta_app_saml.databricks`). */
  readonly idpAssignments: readonly string[];
}

export interface UnreachedGroup {
  readonly group: string;
  readonly reason: string;
}

export interface EnvironmentAccess {
  readonly environment: string;
  /** Every workspace the environment manages, granted or not. */
  readonly workspaces: readonly string[];
  readonly rows: readonly AccessRow[];
  readonly accountRoles: readonly AccountRoleGrant[];
  /** Groups holding ADMIN on a workspace or account_admin. */
  readonly privilegedGroups: readonly string[];
  /** Break-glass users; null when the output does not record them (synthesized by an older version). */
  readonly emergencyAccess: readonly string[] | null;
  readonly groups: readonly GroupPath[];
  readonly idpGroups: {
    /** Groups whose members can sign in and reach something. */
    readonly reaching: readonly string[];
    readonly notReaching: readonly UnreachedGroup[];
    /** The stack assigns groups at the IdP; false for a metadata IdP, configured outside it. */
    readonly managedHere: boolean;
  };
}

/** Every environment's effective access, leaders first (staging before prod). */
export function deriveAccess(output: SynthesizedOutput): EnvironmentAccess[] {
  return rolloutOrder(output).map((environment) => environmentAccess(environment));
}

function environmentAccess(environment: EnvironmentOutput): EnvironmentAccess {
  const { facts, workspaces } = collectFacts(environment);
  const cells = new Map<
    string,
    { group: string; workspace: string; permission: string | null; entitled: Set<string> }
  >();
  const cell = (group: string, workspace: string) => {
    const key = `${group}\u0000${workspace}`;
    let found = cells.get(key);
    if (found === undefined) {
      found = { group, workspace, permission: null, entitled: new Set() };
      cells.set(key, found);
    }
    return found;
  };
  const roles: AccountRoleGrant[] = [];
  const accountGroups = new Map<string, string>();
  const assignments = new Map<string, string[]>();

  for (const fact of facts.values()) {
    const { group, workspace } = fact;
    if (group === undefined) continue;
    if (fact.key.startsWith(ACCESS_KEY) && workspace !== undefined) {
      cell(group, workspace).permission = fact.value;
    } else if (fact.key.startsWith(ENTITLEMENT_KEY) && workspace !== undefined) {
      // Only grants are facts; a value other than true is an expression Terraform resolves later.
      if (fact.value === 'true') cell(group, workspace).entitled.add(entitlementName(fact));
    } else if (fact.key.startsWith(ROLE_KEY)) {
      roles.push({ group, role: fact.value });
    } else if (fact.key.startsWith(GROUP_KEY)) {
      accountGroups.set(group, fact.value.startsWith('looked up') ? 'synced by SCIM' : fact.value);
    } else if (fact.key.startsWith(IDP_ASSIGNMENT_KEY)) {
      const address = fact.key.slice(IDP_ASSIGNMENT_KEY.length, -(group.length + 1));
      assignments.set(group, [...(assignments.get(group) ?? []), address]);
    }
  }

  const rows = [...cells.values()]
    .map(({ group, workspace, permission, entitled }) => ({
      group,
      workspace,
      permission,
      entitlements: sortEntitlements(entitled),
    }))
    .sort((a, b) => compareText(a.group, b.group) || compareText(a.workspace, b.workspace));
  roles.sort((a, b) => compareText(a.group, b.group) || compareText(a.role, b.role));
  const privileged = new Set([
    ...rows.filter((r) => r.permission === ADMIN_PERMISSION).map((r) => r.group),
    ...roles.filter((r) => r.role === ADMIN_ROLE).map((r) => r.group),
  ]);
  const names = [
    ...new Set([...accountGroups.keys(), ...assignments.keys(), ...rows.map((r) => r.group)]),
  ].sort(compareText);
  const records = ssoRecords(environment);
  return {
    environment: environment.name,
    workspaces: [...workspaces].sort(compareText),
    rows,
    accountRoles: roles,
    privilegedGroups: [...privileged].sort(compareText),
    emergencyAccess: records.emergencyAccess ?? null,
    groups: names.map((group) => ({
      group,
      accountGroup: accountGroups.get(group) ?? null,
      idpAssignments: [...(assignments.get(group) ?? [])].sort(compareText),
    })),
    idpGroups: reach(names, rows, roles, assignments, accountGroups),
  };
}

/** Which groups' members can sign in and reach something, and why the others cannot. */
function reach(
  names: readonly string[],
  rows: readonly AccessRow[],
  roles: readonly AccountRoleGrant[],
  assignments: ReadonlyMap<string, readonly string[]>,
  accountGroups: ReadonlyMap<string, string>,
): EnvironmentAccess['idpGroups'] {
  const granted = new Set([
    ...rows.filter((r) => r.permission !== null).map((r) => r.group),
    ...roles.map((r) => r.group),
  ]);
  const managedHere = assignments.size > 0;
  const reaching: string[] = [];
  const notReaching: UnreachedGroup[] = [];
  for (const group of names) {
    const assigned = assignments.get(group);
    if (granted.has(group) && (!managedHere || assigned !== undefined)) reaching.push(group);
    else if (assigned !== undefined) {
      notReaching.push({
        group,
        reason: `assigned at the IdP (${assigned.join(', ')}) but granted nothing in Databricks: its members can sign in and reach no workspace`,
      });
    } else if (granted.has(group) && accountGroups.get(group) === CREATED_HERE) {
      // Azure provisions only SCIM groups: a group Terraform creates gets its members in Databricks.
      notReaching.push({
        group,
        reason: 'not an IdP group: created in Databricks by this stack, its members are added there',
      });
    } else if (granted.has(group)) {
      notReaching.push({
        group,
        reason: 'granted in Databricks but not assigned at the IdP: its members cannot sign in through SSO',
      });
    } else {
      notReaching.push({ group, reason: 'an account group with no grant and no IdP assignment' });
    }
  }
  return { reaching, notReaching, managedHere };
}

/** `entitlement|group|workspace|allow_cluster_create` -> `allow-cluster-create`. */
function entitlementName(fact: Fact): string {
  const field = fact.key.slice(fact.key.lastIndexOf('|') + 1);
  return field.replace(/_/g, '-');
}

function sortEntitlements(names: ReadonlySet<string>): string[] {
  const rank = (name: string) => {
    const i = (ENTITLEMENTS as readonly string[]).indexOf(name);
    return i === -1 ? ENTITLEMENTS.length : i;
  };
  return [...names].sort((a, b) => rank(a) - rank(b) || compareText(a, b));
}

/** Environments a change reaches first come first: staging before prod, then by name. */
function rolloutOrder(output: SynthesizedOutput): EnvironmentOutput[] {
  const ordered: EnvironmentOutput[] = [];
  const visit = (environment: EnvironmentOutput, path: Set<string>) => {
    if (ordered.includes(environment) || path.has(environment.name)) return;
    path.add(environment.name);
    for (const leader of environment.promotesAfter) {
      const found = output.environments.get(leader);
      if (found) visit(found, path);
    }
    ordered.push(environment);
  };
  for (const name of [...output.environments.keys()].sort(compareText)) {
    visit(output.environments.get(name) as EnvironmentOutput, new Set());
  }
  return ordered;
}

/** Code-unit order: the same input lists the same way on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
