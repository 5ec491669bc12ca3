import type { AccessRow, EnvironmentAccess, GroupPath } from './derive';
import type { AccessQuery } from './select';

/*
 * The access report in three forms: Markdown for people, CSV for the spreadsheets auditors work in,
 * JSON for tools. Every form lists the same rows in the same order, so they agree line for line.
 */

export interface AccessSource {
  /** Where the synthesized output came from, one phrase: `commit 1a2b3c4 (v1.4.0)`. */
  readonly origin: string;
}

/** `{"environments": [{environment, rows, accountRoles, privilegedGroups, emergencyAccess, ...}]}` */
export function renderAccessJson(environments: readonly EnvironmentAccess[]): string {
  const doc = {
    environments: environments.map((e) => ({
      environment: e.environment,
      rows: e.rows.map((r) => ({
        group: r.group,
        workspace: r.workspace,
        permission: r.permission,
        entitlements: r.entitlements,
      })),
      accountRoles: e.accountRoles.map((r) => ({ group: r.group, role: r.role })),
      privilegedGroups: e.privilegedGroups,
      emergencyAccess: e.emergencyAccess,
      workspaces: e.workspaces,
      groups: e.groups,
      idpGroups: e.idpGroups,
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export const CSV_HEADER = ['environment', 'group', 'workspace', 'permission', 'entitlements'] as const;

/** One row per grant (group x workspace), entitlements joined by `;`. RFC 4180, CRLF-free. */
export function renderAccessCsv(environments: readonly EnvironmentAccess[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const e of environments) {
    for (const r of e.rows) {
      lines.push(
        [e.environment, r.group, r.workspace, r.permission ?? '', r.entitlements.join(';')]
          .map(csvField)
          .join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A field as a spreadsheet must read it: quoted when it holds a separator or quote, and a leading
 * `=`, `+`, `-` or `@` neutralised so a name from an output file cannot run as a formula.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A matrix per environment, privileged access first; or, for a query, the answer with its paths. */
export function renderAccessMarkdown(
  environments: readonly EnvironmentAccess[],
  source: AccessSource,
  query: AccessQuery = {},
): string {
  const asked = query.group !== undefined || query.workspace !== undefined;
  const lines = [
    `# ${asked ? title(query) : 'Effective Databricks access'}`,
    '',
    `Derived from the synthesized Terraform JSON of ${text(source.origin)}: what Terraform applies, read by the review engine.`,
  ];
  for (const e of environments) {
    lines.push('', `## ${text(e.environment)}`, '');
    lines.push(...(asked ? answer(e, query) : matrixReport(e)));
  }
  return `${lines.join('\n')}\n`;
}

function title(query: AccessQuery): string {
  if (query.group !== undefined && query.workspace !== undefined) {
    return `What ${text(query.group)} can do on ${text(query.workspace)}`;
  }
  return query.group !== undefined
    ? `What ${text(query.group)} can do`
    : `Who can reach ${text(query.workspace ?? '')}`;
}

/** Privileged access, then the group x workspace matrix, account roles and IdP reach. */
function matrixReport(e: EnvironmentAccess): string[] {
  return [
    ...privilegedSection(e),
    '',
    '### Workspace access',
    '',
    ...matrix(e),
    '',
    '### Account roles',
    '',
    ...(e.accountRoles.length === 0
      ? ['None.']
      : [
          '| group | role |',
          '| --- | --- |',
          ...e.accountRoles.map((r) => `| ${text(r.group)} | ${text(r.role)} |`),
        ]),
    '',
    ...idpSection(e),
  ];
}

/** The privileged groups with what makes them privileged, and the break-glass users. */
export function privilegedSection(e: EnvironmentAccess): string[] {
  const lines = ['### Privileged access', ''];
  if (e.privilegedGroups.length === 0) lines.push('No group holds ADMIN or account_admin.');
  else {
    lines.push('| group | holds |', '| --- | --- |');
    for (const group of e.privilegedGroups) {
      const holds = [
        ...e.accountRoles.filter((r) => r.group === group).map((r) => r.role),
        ...e.rows
          .filter((r) => r.group === group && r.permission === 'ADMIN')
          .map((r) => `ADMIN on ${r.workspace}`),
      ];
      lines.push(`| ${text(group)} | ${text(holds.join('; '))} |`);
    }
  }
  lines.push('', `Emergency access (password sign-in when SSO is broken): ${emergency(e)}`);
  return lines;
}

function emergency(e: EnvironmentAccess): string {
  if (e.emergencyAccess === null) return 'not recorded in this output (synthesized by an older version).';
  return e.emergencyAccess.length === 0 ? 'none declared.' : `${e.emergencyAccess.map(text).join(', ')}.`;
}

function matrix(e: EnvironmentAccess): string[] {
  if (e.rows.length === 0) return ['No group is granted any workspace.'];
  const workspaces = e.workspaces.filter((w) => e.rows.some((r) => r.workspace === w));
  const privileged = new Set(e.privilegedGroups);
  const groups = [...new Set(e.rows.map((r) => r.group))].sort(
    (a, b) => Number(privileged.has(b)) - Number(privileged.has(a)) || (a < b ? -1 : a > b ? 1 : 0),
  );
  const lines = [
    `| group | ${workspaces.map(text).join(' | ')} |`,
    `| --- |${' --- |'.repeat(workspaces.length)}`,
  ];
  for (const group of groups) {
    const cells = workspaces.map((w) => {
      const row = e.rows.find((r) => r.group === group && r.workspace === w);
      return row === undefined ? '-' : grant(row);
    });
    lines.push(`| ${text(group)} | ${cells.map(text).join(' | ')} |`);
  }
  return lines;
}

/** `ADMIN: workspace-access, databricks-sql-access`, the permission in bold when it is ADMIN. */
function grant(row: AccessRow): string {
  const permission =
    row.permission === null ? 'no assignment' : row.permission === 'ADMIN' ? '**ADMIN**' : row.permission;
  return row.entitlements.length === 0 ? permission : `${permission}: ${row.entitlements.join(', ')}`;
}

function idpSection(e: EnvironmentAccess): string[] {
  const { reaching, notReaching, managedHere } = e.idpGroups;
  const lines = ['### IdP groups', ''];
  if (!managedHere) {
    lines.push(
      'Group assignments at the IdP are configured outside this stack (metadata IdP): the groups below are those Databricks grants.',
      '',
    );
  }
  lines.push(`Reach Databricks: ${reaching.length === 0 ? 'none' : reaching.map(text).join(', ')}.`, '');
  if (notReaching.length === 0) lines.push('Every group that is declared reaches Databricks.');
  else {
    lines.push('Do not reach Databricks:', '');
    for (const g of notReaching) lines.push(`- ${text(g.group)}: ${text(g.reason)}`);
  }
  return lines;
}

/** The rows a query matched, each with the path it goes through, then roles and break-glass users. */
function answer(e: EnvironmentAccess, query: AccessQuery): string[] {
  const lines: string[] = [];
  if (e.rows.length === 0) lines.push('No workspace access.');
  else {
    lines.push(
      '| group | workspace | permission | entitlements | through |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const r of e.rows) {
      const path = e.groups.find((g) => g.group === r.group);
      lines.push(
        `| ${text(r.group)} | ${text(r.workspace)} | ${r.permission ?? 'no assignment'} | ${text(r.entitlements.join(', ') || '-')} | ${text(through(path, r))} |`,
      );
    }
  }
  lines.push('');
  if (e.accountRoles.length > 0) {
    const note =
      query.workspace !== undefined ? ' (administers the account, so can grant itself this workspace)' : '';
    for (const r of e.accountRoles) lines.push(`- ${text(r.group)}: account role ${text(r.role)}${note}`);
  } else {
    lines.push('No account role.');
  }
  for (const g of e.idpGroups.notReaching)
    lines.push(`- ${text(g.group)} does not reach Databricks: ${text(g.reason)}`);
  if (query.workspace !== undefined)
    lines.push('', `Emergency access (password sign-in when SSO is broken): ${emergency(e)}`);
  return lines;
}

/** IdP group -> account group -> permission: the mapping a grant goes through. */
function through(path: GroupPath | undefined, row: AccessRow): string {
  const idp =
    path === undefined || path.idpAssignments.length === 0
      ? `IdP group ${row.group}`
      : `IdP group ${row.group} (assigned to ${path.idpAssignments.join(', ')})`;
  const account =
    path === undefined || path.accountGroup === null
      ? `account group ${row.group}`
      : `account group ${row.group} (${path.accountGroup})`;
  return `${idp} -> ${account} -> ${row.permission ?? 'entitlements only'} on ${row.workspace}`;
}

/** Text for a table cell or line: one line, pipes escaped. */
function text(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|');
}
