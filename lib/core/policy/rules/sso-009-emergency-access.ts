import type { PolicyRule, Violation } from '../types';

/** Databricks' limit on emergency-access (password sign-in) users per account. */
const MAX_EMERGENCY_USERS = 20;

export const emergencyAccess: PolicyRule = {
  id: 'SSO-009',
  title: 'Production names 1 to 20 emergency-access users',
  level: 'error',
  explanation:
    'List in emergencyAccess the break-glass users who keep password sign-in when SSO is broken (at least one ' +
    'for production, at most 20, the Databricks limit), and enable emergency access for them in the account ' +
    'console; without them a broken IdP or certificate locks everyone out.',
  check({ declaration }) {
    const count = declaration.emergencyAccess.length;
    const violations: Violation[] = [];
    if (count === 0 && declaration.tier === 'production') {
      violations.push({
        path: 'emergencyAccess',
        level: 'warning',
        message: 'no emergency-access user is named: an SSO failure would lock every administrator out',
      });
    }
    if (count > MAX_EMERGENCY_USERS) {
      violations.push({
        path: 'emergencyAccess',
        message: `${count} emergency-access users are named; Databricks allows at most ${MAX_EMERGENCY_USERS}`,
      });
    }
    return violations;
  },
};
