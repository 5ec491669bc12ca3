import { nextRotationStep, promotionStatus, rotationCalendar } from '../../rotation/calendar';
import { dayOf, parseDay } from '../../rotation/dates';
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
    '(`sso rotation` shows the calendar). An overdue production key blocks deploys of that environment ' +
    'only; elsewhere overdue keys warn. An emergencyRotation override lets one generation skip the lead.',
  check({ declaration: d, declarations, at }) {
    const generations = keyGenerations(declarations);
    // Azure Databricks signs in through Entra ID natively: there is no SAML key to rotate.
    if (!generations.some((g) => g.environment === d.environment)) return [];
    const calendar = rotationCalendar(generations, at);
    const entry = calendar.environments.find((e) => e.environment === d.environment);
    if (entry === undefined) return [];
    const today = dayOf(at, 'at');
    const env = d.environment;
    const next = () => `next: ${nextRotationStep(generations, env, at)}`;
    const key = `signing key generation ${entry.generation} (issued ${entry.issued})`;
    const violations: Violation[] = [];

    switch (entry.status) {
      case 'future':
        violations.push({
          path: 'signingKey.issued',
          message:
            `${key} is dated after today (${calendar.at}): a key's age counts from the day the IdP starts ` +
            'signing with it, so set signingKey.issued to the day of the deploy that rotates it, not a day still to come',
        });
        break;
      case 'due':
        violations.push({
          path: 'signingKey.issued',
          level: 'warning',
          message: `${key} is due for rotation: rotate by ${entry.rotateBy} (${days(entry.daysLeft)} left); ${next()}`,
        });
        break;
      case 'overdue': {
        const production = d.tier === 'production';
        const blocked = production
          ? `; deploys of ${env} are blocked (terraform plan fails for its stacks) until it rotates, every other environment deploys as usual`
          : '';
        violations.push({
          path: 'signingKey.issued',
          level: production ? 'blocking' : 'warning',
          message: `${key} is overdue: it had to be rotated by ${entry.rotateBy} (${days(-entry.daysLeft)} ago)${blocked}; ${next()}`,
        });
        break;
      }
      case 'ok':
        break;
    }

    const adopted = d.signingKey?.adopted;
    if (adopted !== undefined && parseDay(adopted, 'signingKey.adopted') > today) {
      violations.push({
        path: 'signingKey.adopted',
        message: `signingKey.adopted is ${adopted}, after today (${calendar.at}): it is the day the key came under this declaration, which has happened`,
      });
    }

    const emergency = d.emergencyRotation;
    const own = promotionStatus(generations).filter((s) => s.environment === env);
    for (const problem of own) {
      if (problem.waivedBy === undefined) {
        violations.push({
          path: 'signingKey.generation',
          message: `${problem.message}. ${waysOut(env, problem.generation, entry.issued, d.signingKey?.adopted, emergency)}`,
        });
      } else if (
        problem.waivedBy === 'emergency' &&
        emergency !== undefined &&
        today <= parseDay(emergency.expires, 'emergencyRotation.expires')
      ) {
        violations.push({
          path: 'emergencyRotation',
          level: 'warning',
          message: `${env} took generation ${problem.generation} under emergencyRotation ("${emergency.reason}"): ${problem.message}`,
        });
      }
    }
    if (emergency !== undefined) {
      const expired = today > parseDay(emergency.expires, 'emergencyRotation.expires');
      if (emergency.generation === entry.generation) {
        if (own.length === 0) {
          violations.push({
            path: 'emergencyRotation',
            level: 'warning',
            message: `emergencyRotation names generation ${emergency.generation}, which ${env} took after ${d.promotesAfter ?? 'its leader'} carried it for the whole lead: it is not needed, remove it`,
          });
        }
      } else {
        violations.push({
          path: 'emergencyRotation',
          level: 'warning',
          message: expired
            ? `emergencyRotation for generation ${emergency.generation} expired on ${emergency.expires} and ${env} runs ${entry.generation}: remove it`
            : `emergencyRotation lets ${env} move to generation ${emergency.generation} until ${emergency.expires}; it runs ${entry.generation}`,
        });
      }
    }
    return violations;
  },
};

/** The legal ways past a promotion problem, phrased as declaration changes. */
function waysOut(
  env: string,
  generation: string,
  issued: string,
  adopted: string | undefined,
  emergency: { generation: string; expires: string } | undefined,
): string {
  const first =
    adopted === undefined
      ? `If ${env} had no earlier key here (its SSO was set up, or its IdP app adopted, on ${issued}), declare signingKey.adopted: ${issued}. `
      : '';
  const expired =
    emergency?.generation === generation
      ? ` (the declared one expired on ${emergency.expires}, before the move on ${issued}: renew it with a new reason and expires)`
      : '';
  return (
    `${first}If this is an emergency (an overdue or compromised key), declare emergencyRotation: ` +
    `{ generation: ${generation}, reason: <why>, expires: ${issued} }${expired}: it is reviewed, recorded in the stack and reported by sso review`
  );
}

function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}
