import { isAccountMember } from '../../declaration/account';
import { accountAdmins, workspaceAdmins } from '../admin-grants';
import { formatPath } from '../../declaration/validate';
import type { PolicyRule, Violation } from '../types';

export const adminLockout: PolicyRule = {
  id: 'SSO-012',
  title: 'No admin lockout: every workspace keeps an ADMIN group, the account an account_admin group',
  level: 'error',
  explanation:
    'Keep at least one privileged group with ADMIN in every workspace and one with the account_admin role; ' +
    'to remove the last one on purpose (handing administration to another mechanism), suppress this rule ' +
    'with a reason. Removing the last administrators leaves nobody able to repair SSO from the inside.',
  check({ declaration, terraform }) {
    const violations: Violation[] = [];
    const adminWorkspaces = new Set(workspaceAdmins(terraform).map((g) => g.workspaceId));
    for (const [name, workspace] of Object.entries(declaration.databricks.workspaces)) {
      if (!adminWorkspaces.has(workspace.id)) {
        violations.push({
          path: formatPath(['databricks', 'workspaces', name]),
          message: `workspace ${name} has no ADMIN group`,
        });
      }
    }
    // In a shared account the owner's stack grants the account's roles, for every environment of it.
    if (!isAccountMember(declaration) && accountAdmins(terraform).length === 0) {
      violations.push({ path: 'groups', message: 'no group holds the account_admin role' });
    }
    return violations;
  },
};
