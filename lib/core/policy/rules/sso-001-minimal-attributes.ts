import { MINIMAL_ATTRIBUTES } from '../../declaration/schema';
import { asObject } from '../../terraform/json';
import type { PolicyRule, Violation } from '../types';

const MINIMAL: readonly string[] = MINIMAL_ATTRIBUTES;

export const minimalAttributes: PolicyRule = {
  id: 'SSO-001',
  title: 'Assertion attributes are minimal: email, name, groups',
  level: 'error',
  explanation:
    'Send only email, name and groups: set assertion.attributes to a subset of ["email", "name", "groups"]; ' +
    'Databricks uses nothing else, and every extra attribute is personal data sent on each sign-in.',
  check({ declaration, terraform }) {
    const apps = terraform.resources('okta_app_saml');
    // Okta's statements are read from the stack, so an override adding one is caught too; other
    // IdPs emit what the declaration lists.
    const sent =
      apps.length > 0
        ? apps.flatMap((app) =>
            (Array.isArray(app.body.attribute_statements) ? app.body.attribute_statements : []).map(
              (statement) => ({ name: asObject(statement).name, path: app.path }),
            ),
          )
        : declaration.assertion.attributes.map((name) => ({ name, path: 'assertion.attributes' }));
    return sent
      .filter(({ name }) => typeof name !== 'string' || !MINIMAL.includes(name))
      .map(({ name, path }): Violation => ({
        path,
        message: `the assertion sends the attribute ${JSON.stringify(name)}; only ${MINIMAL.join(', ')} are allowed`,
      }));
  },
};
