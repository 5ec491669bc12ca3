import { samlApps } from '../idp';
import type { PolicyRule, Violation } from '../types';

export const entraApp: PolicyRule = {
  id: 'SSO-011',
  title: 'Entra: certificate-expiry notifications are sent and assignment is required',
  level: 'error',
  explanation:
    'Set idp.notificationEmails to the people or list who must hear before the signing certificate expires, ' +
    'and keep app_role_assignment_required = true on the service principal, so only assigned groups can sign in.',
  check({ terraform }) {
    return samlApps(terraform)
      .apps.filter((app) => app.type === 'azuread_service_principal')
      .flatMap((sp) => {
        const violations: Violation[] = [];
        const emails = sp.body.notification_email_addresses;
        if (!Array.isArray(emails) || emails.length === 0) {
          violations.push({
            path: sp.path,
            message:
              'no certificate-expiry notification email is set (notification_email_addresses is empty)',
          });
        }
        if (sp.body.app_role_assignment_required !== true) {
          violations.push({
            path: sp.path,
            message: 'app_role_assignment_required is not true: every user of the tenant can sign in',
          });
        }
        return violations;
      });
  },
};
