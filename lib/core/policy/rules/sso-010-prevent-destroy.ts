import { accountAdmins, workspaceAdmins } from '../admin-grants';
import { samlApps } from '../idp';
import { type TerraformBlock } from '../terraform';
import { asObject } from '../../terraform/json';
import type { PolicyRule, Violation } from '../types';

export const preventDestroy: PolicyRule = {
  id: 'SSO-010',
  title: "Production's IdP app, ADMIN assignments and account_admin roles carry prevent_destroy",
  level: 'error',
  explanation:
    'Keep lifecycle.prevent_destroy = true on the IdP app and on every ADMIN assignment and account_admin role ' +
    'of a production environment (tier "production" does this); remove any override that drops it. Destroying or ' +
    'replacing them signs every user, or every administrator, out.',
  check({ declaration, terraform }) {
    if (declaration.tier !== 'production') return [];
    const { apps, applications } = samlApps(terraform);
    const guarded: { readonly block: TerraformBlock; readonly what: string }[] = [
      ...[...apps, ...applications].map((block) => ({ block, what: 'the IdP app' })),
      ...workspaceAdmins(terraform).map((g) => ({ block: g.block, what: 'workspace ADMIN assignments' })),
      ...accountAdmins(terraform).map((g) => ({ block: g.block, what: 'account_admin roles' })),
    ];
    // One finding per block, not per for_each instance: the lifecycle belongs to the block.
    const blocks = new Map(guarded.map((g) => [g.block, g.what]));
    return [...blocks]
      .filter(([block]) => asObject(block.body.lifecycle).prevent_destroy !== true)
      .map(([block, what]): Violation => ({
        path: block.path,
        message: `${what} (${block.address}) can be destroyed: lifecycle.prevent_destroy is not true`,
      }));
  },
};
