/*
 * Terraform block names for per-group blocks. Terraform's plan cost grows with the size of a
 * `for_each` map (each instance re-evaluates the whole map), so every group gets blocks of its own
 * and a group's name becomes part of a block name; a block name is an identifier, while group
 * names carry spaces, dots, `@`, non-ASCII letters and may start with a digit.
 */

const KEPT = /^[A-Za-z0-9-]$/;

/**
 * A group's name as a Terraform block name. ASCII letters, digits and `-` stay as written (a
 * leading digit or `-` excepted, which Terraform refuses), `_` becomes `__`, and every other
 * character `_` followed by the upper-case hex of its UTF-8 bytes: `Data Scientists (EU)` ->
 * `Data_20Scientists_20_28EU_29`. Distinct groups never share a name, and the result never holds
 * `_` followed by a lower-case letter, so the suffixes written after it (`_on_<workspace>`,
 * `_scim`) never make one group's block name equal another's.
 */
export function groupBlockName(group: string): string {
  let name = '';
  for (const char of group) {
    if (char === '_') name += '__';
    else if (KEPT.test(char) && (name !== '' || /[A-Za-z]/.test(char))) name += char;
    else
      for (const byte of Buffer.from(char, 'utf8'))
        name += `_${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return name;
}

/**
 * The block name of a group's entitlements on one workspace: `data-scientists_on_ml-prod`.
 * Workspace names are slugs, valid in a block name as written.
 */
export function entitlementsBlockName(group: string, workspace: string): string {
  return `${groupBlockName(group)}_on_${workspace}`;
}

/** A group's USER assignments, one block over its workspaces: `user_data-scientists`. */
export function userAssignmentsBlockName(group: string): string {
  return `user_${groupBlockName(group)}`;
}

/** A workspace's ADMIN assignments, one block over its administering groups: `admin_ml-prod`. */
export function adminAssignmentsBlockName(workspace: string): string {
  return `${ADMIN_PREFIX}${workspace}`;
}

/** The workspace whose ADMIN assignments a block holds, by its name; undefined for any other block. */
export function workspaceOfAdminBlock(name: string): string | undefined {
  return name.startsWith(ADMIN_PREFIX) && /^[a-z][a-z0-9-]*$/.test(name.slice(ADMIN_PREFIX.length))
    ? name.slice(ADMIN_PREFIX.length)
    : undefined;
}

const ADMIN_PREFIX = 'admin_';
