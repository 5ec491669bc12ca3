import type { EnvironmentAccess } from './derive';

/** "What can this group do" (`group`), "who can reach this workspace" (`workspace`), or both. */
export interface AccessQuery {
  readonly group?: string;
  readonly workspace?: string;
}

/** Databricks group names are case-insensitive; workspace names are compared the same way. */
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The part of each environment's access a query asks about, in the same shape. Asked about a
 * workspace, the account roles stay: an account admin can grant itself any workspace.
 */
export function selectAccess(
  environments: readonly EnvironmentAccess[],
  query: AccessQuery,
): EnvironmentAccess[] {
  const { group, workspace } = query;
  if (group === undefined && workspace === undefined) return [...environments];
  return environments.map((e) => {
    const ofGroup = (name: string) => group === undefined || same(name, group);
    const rows = e.rows.filter(
      (r) => ofGroup(r.group) && (workspace === undefined || same(r.workspace, workspace)),
    );
    const accountRoles = e.accountRoles.filter((r) => ofGroup(r.group));
    const involved = new Set([...rows.map((r) => r.group), ...accountRoles.map((r) => r.group)]);
    if (group !== undefined) for (const g of e.groups) if (same(g.group, group)) involved.add(g.group);
    return {
      ...e,
      workspaces: e.workspaces.filter((w) => workspace === undefined || same(w, workspace)),
      rows,
      accountRoles,
      privilegedGroups: e.privilegedGroups.filter((g) => involved.has(g)),
      groups: e.groups.filter((g) => involved.has(g.group)),
      idpGroups: {
        ...e.idpGroups,
        reaching: e.idpGroups.reaching.filter((g) => involved.has(g)),
        notReaching: e.idpGroups.notReaching.filter((g) => involved.has(g.group)),
      },
    };
  });
}

/** Whether any environment knows the group (or workspace) a query names: a typo answers nothing. */
export function knownNames(environments: readonly EnvironmentAccess[]): {
  groups: string[];
  workspaces: string[];
} {
  const groups = new Set<string>();
  const workspaces = new Set<string>();
  for (const e of environments) {
    for (const g of e.groups) groups.add(g.group);
    for (const w of e.workspaces) workspaces.add(w);
  }
  return { groups: [...groups].sort(), workspaces: [...workspaces].sort() };
}

export function isKnown(names: readonly string[], name: string): boolean {
  return names.some((n) => same(n, name));
}
