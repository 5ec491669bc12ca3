import { formatPath } from '../../declaration/validate';
import { durationMinutes } from '../terraform';
import { asObject } from '../../terraform/json';
import type { PolicyRule, Violation } from '../types';

export const sessionLimits: PolicyRule = {
  id: 'SSO-008',
  title: 'Session timeouts are set at the IdP within limits, and token lifetime is bounded',
  level: 'error',
  explanation:
    'Keep session.idleMinutes <= limits.maxIdleMinutes and session.lifetimeHours <= limits.maxLifetimeHours ' +
    '(enforced by the IdP app sign-on policy), and databricks.tokenLifetimeDays <= limits.maxTokenLifetimeDays ' +
    "in every workspace's token settings: Databricks has no browser session timeout, so the IdP's and the " +
    'token bound are the only ones.',
  check({ declaration, terraform }) {
    const { limits } = declaration;
    const violations: Violation[] = [];
    const bound = (path: string, what: string, minutes: number | undefined, max: number, unit: string) => {
      const perUnit = unit === 'hours' ? 60 : 1;
      if (minutes === undefined) {
        violations.push({ path, message: `${what} is not set` });
      } else if (minutes > max * perUnit) {
        violations.push({
          path,
          message: `${what} is ${minutes / perUnit} ${unit}, over the limit of ${max} ${unit}`,
        });
      }
    };

    const apps = terraform.resources('okta_app_saml');
    if (apps.length > 0) {
      const rules = terraform.resources('okta_app_signon_policy_rule');
      for (const app of apps) {
        const policy = app.body.authentication_policy;
        // Both spell the policy's id the same way: `${okta_app_signon_policy.<name>.id}`.
        const own = rules.filter((r) => policy !== undefined && r.body.policy_id === policy);
        if (own.length === 0) {
          violations.push({
            path: app.path,
            message: 'the app has no sign-on policy rule holding session timeouts',
          });
        }
        for (const rule of own) {
          bound(
            rule.path,
            'the idle timeout (inactivity_period)',
            durationMinutes(rule.body.inactivity_period),
            limits.maxIdleMinutes,
            'minutes',
          );
          bound(
            rule.path,
            'the session lifetime (re_authentication_frequency)',
            durationMinutes(rule.body.re_authentication_frequency),
            limits.maxLifetimeHours,
            'hours',
          );
        }
      }
    } else {
      // Other IdPs hold the declared values in resources this stack does not own (Entra conditional
      // access, a metadata IdP's console): the declaration is what there is to check.
      bound(
        'session.idleMinutes',
        'the idle timeout',
        declaration.session.idleMinutes,
        limits.maxIdleMinutes,
        'minutes',
      );
      bound(
        'session.lifetimeHours',
        'the session lifetime',
        declaration.session.lifetimeHours * 60,
        limits.maxLifetimeHours,
        'hours',
      );
    }

    const bounded = new Set<string>();
    for (const conf of terraform.resources('databricks_workspace_conf')) {
      const config = asObject(conf.body.custom_config);
      const raw = config.maxTokenLifetimeDays;
      const daysValue = raw === undefined ? undefined : Number(raw);
      const host = terraform.providerOf(conf)?.host;
      if (typeof host === 'string') bounded.add(host);
      if (daysValue === undefined || !Number.isInteger(daysValue) || daysValue <= 0) {
        violations.push({
          path: conf.path,
          message: 'maxTokenLifetimeDays is not set: personal access tokens may never expire',
        });
      } else if (daysValue > limits.maxTokenLifetimeDays) {
        violations.push({
          path: conf.path,
          message: `maxTokenLifetimeDays is ${daysValue}, over the limit of ${limits.maxTokenLifetimeDays} days`,
        });
      }
    }
    for (const [name, workspace] of Object.entries(declaration.databricks.workspaces)) {
      if (!bounded.has(workspace.url)) {
        violations.push({
          path: formatPath(['databricks', 'workspaces', name]),
          message: `workspace ${name} has no token settings (databricks_workspace_conf with maxTokenLifetimeDays)`,
        });
      }
    }
    return violations;
  },
};
