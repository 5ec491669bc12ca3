import { compareFindings, type Finding } from '../review/findings';
import type { SynthesizedOutput } from '../review/output';
import type { Review } from '../review/review';
import type { SsoOutputNames } from '../runbook/runbook';
import { testLogins } from './login-test';

/**
 * `sso review`: the head's offline test login, as one high finding per environment whose login
 * would fail. Only the stacks are read (a head ref has its own declarations), so the checks that
 * need the declared attributes and groups are left out; they decide nothing about the login.
 */
export function withLoginFindings(
  review: Review,
  head: SynthesizedOutput,
  at: Date,
  outputs: SsoOutputNames,
): Review {
  const environments = [...head.environments.values()].flatMap((e) => {
    const main = e.stacks.find((s) => s.name === e.name);
    return main === undefined ? [] : [{ name: e.name, json: main.json }];
  });
  const added: Finding[] = testLogins(environments, { at, outputs })
    .results.filter((r) => !r.accepted)
    .map((r) => {
      const failed = r.checks.filter((c) => c.status === 'failed');
      const why =
        failed.length > 0
          ? failed.map((c) => `${c.id}: ${c.detail}`).join('; ')
          : 'a check could not be made';
      return {
        environment: r.environment,
        severity: 'high',
        kind: 'saml-settings',
        subject: 'test login',
        before: null,
        after: r.errorCode,
        message:
          `the offline test login of ${r.environment} fails${r.errorCode === null ? '' : ` with ${r.errorCode}`}: ${why}. ` +
          `Run \`npx sso test-login --env ${r.environment}\``,
      };
    });
  if (added.length === 0) return review;
  const order = [
    ...review.environments,
    ...environments.map((e) => e.name).filter((e) => !review.environments.includes(e)),
  ];
  const rank = new Map(order.map((e, i) => [e, i]));
  const findings = [...review.findings, ...added].sort(
    (a, b) => (rank.get(a.environment) ?? 0) - (rank.get(b.environment) ?? 0) || compareFindings(a, b),
  );
  return {
    ...review,
    findings,
    environments: order.filter((e) => findings.some((f) => f.environment === e)),
  };
}
