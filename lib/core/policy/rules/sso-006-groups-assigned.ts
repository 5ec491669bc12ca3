import { samlApps } from '../idp';
import type { PolicyRule, Violation } from '../types';

export const groupsAssigned: PolicyRule = {
  id: 'SSO-006',
  title: 'Every mapped Databricks group is assigned to the IdP app',
  level: 'error',
  explanation:
    'Assign every group under groups to the IdP app (the IdP constructs do so for each declared group); ' +
    'a group Databricks grants access to but the IdP never lets sign in is a silent lockout for its members.',
  check({ declaration, terraform }) {
    const { apps, assignments } = samlApps(terraform);
    // A metadata-based IdP is configured outside this stack: its assignments cannot be seen.
    const app = apps[0];
    if (app === undefined) return [];
    const assigned = new Set<string>();
    const violations: Violation[] = [];
    for (const block of assignments) {
      const group = terraform.groupOf(
        block,
        block.type === 'okta_app_group_assignment' ? 'group_id' : 'principal_object_id',
      );
      if (group === undefined) {
        violations.push({
          path: block.path,
          message:
            'which group this assignment covers cannot be read before apply (refer to a group data source of this stack)',
        });
        continue;
      }
      assigned.add(group);
    }
    const databricksGroups = [
      ...terraform.data('databricks_group'),
      ...terraform.resources('databricks_group'),
    ];
    const mapped = new Set([
      ...Object.keys(declaration.groups),
      ...databricksGroups
        .map((block) => block.body.display_name)
        .filter((name): name is string => typeof name === 'string' && !name.includes('${')),
    ]);
    const where = assignments[0]?.path ?? app.path;
    return [
      ...violations,
      ...[...mapped]
        .filter((group) => !assigned.has(group))
        .sort()
        .map((group): Violation => ({
          path: where,
          message: `group ${JSON.stringify(group)} is mapped in Databricks but not assigned to the IdP app, so its members cannot sign in`,
        })),
    ];
  },
};
