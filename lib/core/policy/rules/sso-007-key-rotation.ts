import { checkPromotion, rotationCalendar } from '../../rotation/calendar';
import { keyGenerations } from '../../rotation/declarations';
import type { PolicyRule, Violation } from '../types';

export const keyRotation: PolicyRule = {
  id: 'SSO-007',
  title: 'The signing key is rotated on schedule, and prod only takes a key staging carried first',
  level: 'error',
  explanation:
    'Rotate by setting a new signingKey.generation and signingKey.issued (the day it goes live) in the ' +
    'environment the others promote after, then, rotation.leadDays later, in the next one; replace the ' +
    'x.509 certificate in the Databricks account console in the same change window ' +
    '(`sso rotation` shows the calendar). Overdue keys stop production; elsewhere they warn.',
  check({ declaration, declarations, at }) {
    const generations = keyGenerations(declarations);
    // Azure Databricks signs in through Entra ID natively: there is no SAML key to rotate.
    if (!generations.some((g) => g.environment === declaration.environment)) return [];
    const violations: Violation[] = [];
    const entry = rotationCalendar(generations, at).environments.find(
      (e) => e.environment === declaration.environment,
    );
    if (entry !== undefined && entry.status !== 'ok') {
      const key = `signing key generation ${entry.generation} (issued ${entry.issued})`;
      violations.push(
        entry.status === 'due'
          ? {
              path: 'signingKey.issued',
              level: 'warning',
              message: `${key} is due for rotation: rotate by ${entry.rotateBy} (${days(entry.daysLeft)} left)`,
            }
          : {
              path: 'signingKey.issued',
              level: declaration.tier === 'production' ? 'error' : 'warning',
              message: `${key} is overdue: it had to be rotated by ${entry.rotateBy} (${days(-entry.daysLeft)} ago)`,
            },
      );
    }
    for (const problem of checkPromotion(generations)) {
      if (problem.environment === declaration.environment) {
        violations.push({ path: 'signingKey.generation', message: problem.message });
      }
    }
    return violations;
  },
};

function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}
