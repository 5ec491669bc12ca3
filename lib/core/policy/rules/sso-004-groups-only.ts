import { isObject } from '../../terraform/json';
import { strings, type TerraformBlock } from '../terraform';
import type { PolicyRule, Violation } from '../types';

/** Resources that grant access: a user principal in any of them is a per-user grant. */
const GRANTS = new Set([
  'databricks_mws_permission_assignment',
  'databricks_entitlements',
  'databricks_group_role',
  'databricks_user_role',
  'databricks_permissions',
  'databricks_access_control_rule_set',
  'databricks_grants',
  'databricks_grant',
  'okta_app_user',
  'okta_app_group_assignment',
  'okta_app_group_assignments',
  'azuread_app_role_assignment',
]);
/** Resources that exist only to grant something to one user. */
const USER_GRANTS = new Set(['okta_app_user', 'databricks_user_role']);
const USER_ATTRIBUTES = new Set(['user_id', 'user_name']);
const USER_REFERENCE = /\$\{[^}]*\b(?:data\.)?(?:databricks_user|okta_user|azuread_user)\./;
/** Where workspace assignments get their principal: the stack's own group ids. */
const GROUP_REFERENCE = /\$\{[^}]*\b(?:data\.)?databricks_group\./;

export const groupsOnly: PolicyRule = {
  id: 'SSO-004',
  title: 'Access is granted to groups only, never to a user',
  level: 'error',
  explanation:
    'Grant workspace permissions, entitlements, account roles and IdP app assignments to IdP groups ' +
    '(declare them under groups) and put people in those groups; remove the per-user grant. Per-user ' +
    'grants bypass the IdP, survive offboarding and cannot be reviewed from the declaration.',
  check({ terraform }) {
    return terraform
      .resources()
      .filter((block) => GRANTS.has(block.type))
      .flatMap((block) => userPrincipals(block).map((message): Violation => ({ path: block.path, message })));
  },
};

function userPrincipals(block: TerraformBlock): string[] {
  if (USER_GRANTS.has(block.type)) return [`${block.type} grants access to a single user`];
  const found: string[] = [];
  for (const { attribute, value } of strings(block.body)) {
    const leaf = /([A-Za-z_]+)(?:\[\d+\])?$/.exec(attribute)?.[1] ?? '';
    if (USER_ATTRIBUTES.has(leaf) && value !== '') {
      found.push(`${attribute} names a user (${JSON.stringify(value)})`);
    } else if (USER_REFERENCE.test(value)) {
      found.push(`${attribute} refers to a user (${value})`);
    } else if (leaf === 'principals' && value.startsWith('users/')) {
      found.push(`${attribute} grants to the user ${JSON.stringify(value)}`);
    }
  }
  for (const [attribute, value] of Object.entries(block.body)) {
    if (USER_ATTRIBUTES.has(attribute) && typeof value === 'number') {
      found.push(`${attribute} names a user (${value})`);
    }
  }
  if (block.type === 'databricks_mws_permission_assignment') {
    const principal = block.body.principal_id;
    const forEach = block.body.for_each;
    // A workspace's ADMIN block takes each group's id from its for_each map.
    const principals =
      principal === '${each.value}' && isObject(forEach) ? Object.values(forEach) : [principal];
    for (const candidate of principals) {
      // A user reference is reported above; a literal id cannot be told apart from a user's.
      const known =
        typeof candidate === 'string' && (GROUP_REFERENCE.test(candidate) || USER_REFERENCE.test(candidate));
      if (!known) {
        found.push(
          `principal_id is ${JSON.stringify(candidate ?? null)}, not a group of this stack, so it may be a user`,
        );
      }
    }
  }
  return found;
}
