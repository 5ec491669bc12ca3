import { accountAdmins, workspaceAdmins } from '../admin-grants';
import type { PolicyRule, Violation } from '../types';

export const privilegedAdmins: PolicyRule = {
  id: 'SSO-005',
  title: 'ADMIN and account_admin go only to groups declared privileged',
  level: 'error',
  explanation:
    'Give workspace ADMIN and the account_admin role only to groups marked privileged: true, or grant USER ' +
    'instead; marking a group privileged is the reviewed, auditable decision that its members administer Databricks.',
  check({ declaration, terraform }) {
    const privileged = (group: string | undefined) =>
      group !== undefined && declaration.groups[group]?.privileged === true;
    const grants = [
      ...workspaceAdmins(terraform).map((g) => ({ ...g, what: 'workspace ADMIN' })),
      ...accountAdmins(terraform).map((g) => ({ ...g, what: 'the account_admin role' })),
    ];
    return grants
      .filter((g) => !privileged(g.group))
      .map((g): Violation => ({
        path: g.path,
        message:
          g.group === undefined
            ? `${g.what} goes to a principal that is not a declared group`
            : `${g.what} goes to ${JSON.stringify(g.group)}, which is not declared privileged`,
      }));
  },
};
