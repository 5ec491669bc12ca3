import { isHttpsUrl } from '../../declaration/schema';
import { strings } from '../terraform';
import { asObject, type JsonObject } from '../../terraform/json';
import { samlApps } from '../idp';
import type { PolicyRule, Violation } from '../types';

/** Any string that is a whole absolute URL; URNs and strings holding interpolations are not. */
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\/\S*$/i;

/** The attributes that must be exactly the Databricks Redirect URL (ACS URL and audience). */
const OKTA_ACS = ['sso_url', 'recipient', 'destination', 'audience'] as const;

export const httpsUrls: PolicyRule = {
  id: 'SSO-003',
  title: 'Every URL is https, and the ACS URL and audience are the Databricks Redirect URL',
  level: 'error',
  explanation:
    'Use https:// URLs only, and point the IdP app (SSO URL, recipient, destination, audience; Entra: reply ' +
    'URL and identifier) at databricks.redirectUrl, copied from the account console; remove any override ' +
    'that changes them. A plain-http or mismatched ACS URL exposes or misroutes every assertion.',
  check({ declaration, terraform }) {
    const violations: Violation[] = [];
    const urls = (path: string, body: JsonObject) => {
      for (const { attribute, value } of strings(body)) {
        if (URL_LIKE.test(value) && !isHttpsUrl(value)) {
          violations.push({
            path,
            message: `${attribute} is ${JSON.stringify(value)}, not an https:// URL with a host name`,
          });
        }
      }
    };
    for (const block of [...terraform.resources(), ...terraform.data()]) urls(block.path, block.body);
    for (const provider of terraform.providers()) urls(provider.path, provider.body);

    // Azure Databricks has no SAML settings, so no redirect URL to compare with.
    const redirectUrl = declaration.databricks.redirectUrl;
    if (redirectUrl === undefined) return violations;
    const mismatch = (path: string, attribute: string, value: unknown) =>
      violations.push({
        path,
        message: `${attribute} is ${JSON.stringify(value ?? null)}, not the Databricks Redirect URL ${JSON.stringify(redirectUrl)}`,
      });
    for (const app of terraform.resources('okta_app_saml')) {
      for (const attribute of OKTA_ACS) {
        if (app.body[attribute] !== redirectUrl) mismatch(app.path, attribute, app.body[attribute]);
      }
    }
    for (const app of samlApps(terraform).applications) {
      const lists: [string, unknown][] = [
        ['web.redirect_uris', asObject(app.body.web).redirect_uris],
        ['identifier_uris', app.body.identifier_uris],
      ];
      for (const [attribute, value] of lists) {
        if (!Array.isArray(value) || value.length === 0 || value.some((v) => v !== redirectUrl)) {
          mismatch(app.path, attribute, value);
        }
      }
    }
    return violations;
  },
};
