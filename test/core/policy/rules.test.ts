import { example } from '../../helpers';
import { syntheticOrganisation } from '../../../bench/synthetic-organisation';
import { findingsOf, underPolicy, type MutableJson } from './helpers';

const TENANT = '11111111-2222-4333-8444-555555555555';

/** The built-in staging declaration moved to Entra ID, with expiry notifications set. */
function entra(changes: Record<string, unknown> = {}) {
  const d = example('staging');
  d.idp = {
    kind: 'entra',
    tenantId: TENANT,
    notificationEmails: ['sso-owners@acme-analytics.com'],
    ...changes,
  };
  return d;
}

/** The staging stack's JSON, to alter the way an override or escape hatch would. */
function stagingJson(): { environments: ReturnType<typeof underPolicy>; json: MutableJson } {
  const environments = underPolicy(example('staging'));
  return { environments, json: environments[0]?.stacks.staging as MutableJson };
}

function prodJson(): { environments: ReturnType<typeof underPolicy>; json: MutableJson } {
  const environments = underPolicy(example('staging'), example('prod'));
  return { environments, json: environments[1]?.stacks.prod as MutableJson };
}

describe('SSO-001 minimal assertion attributes', () => {
  test('GIVEN the built-in attributes (email, name, groups) THEN no finding', () => {
    expect(findingsOf('SSO-001', underPolicy(example('staging')))).toEqual([]);
  });

  test('GIVEN a declaration adding "department" THEN an error at the IdP app names it', () => {
    const d = example('staging');
    d.assertion = { attributes: ['email', 'name', 'groups', 'department'] };

    expect(findingsOf('SSO-001', underPolicy(d))).toEqual([
      expect.objectContaining({
        level: 'error',
        path: 'okta-app/app',
        message: expect.stringContaining('"department"'),
      }),
    ]);
  });

  test('GIVEN an override adding an attribute statement to the Okta app THEN it is caught', () => {
    const { environments, json } = stagingJson();
    json.resource.okta_app_saml.databricks.attribute_statements.push({
      name: 'employeeNumber',
      type: 'EXPRESSION',
    });

    expect(findingsOf('SSO-001', environments).map((f) => f.message)).toEqual([
      expect.stringContaining('"employeeNumber"'),
    ]);
  });

  test('GIVEN Entra with a non-minimal attribute THEN the declared attribute is reported', () => {
    const d = entra();
    d.assertion = { attributes: ['email', 'name', 'groups', 'firstName'] };

    expect(findingsOf('SSO-001', underPolicy(d))).toEqual([
      expect.objectContaining({
        path: 'assertion.attributes',
        message: expect.stringContaining('"firstName"'),
      }),
    ]);
  });
});

describe('SSO-002 signed with SHA-256', () => {
  test('GIVEN the Okta app as built THEN no finding', () => {
    expect(findingsOf('SSO-002', underPolicy(example('staging')))).toEqual([]);
  });

  test('GIVEN an override that stops signing the assertion THEN an error at the app', () => {
    const { environments, json } = stagingJson();
    json.resource.okta_app_saml.databricks.assertion_signed = false;

    expect(findingsOf('SSO-002', environments)).toEqual([
      expect.objectContaining({
        path: 'okta-app/app',
        message: expect.stringMatching(/^the SAML assertion is not signed/),
      }),
    ]);
  });

  test('GIVEN SHA-1 signature and digest THEN one error each', () => {
    const { environments, json } = stagingJson();
    Object.assign(json.resource.okta_app_saml.databricks, {
      signature_algorithm: 'RSA_SHA1',
      digest_algorithm: 'SHA1',
    });

    expect(findingsOf('SSO-002', environments).map((f) => f.message)).toEqual([
      expect.stringMatching(/^the signature algorithm is not RSA-SHA256/),
      expect.stringMatching(/^the digest algorithm is not SHA-256/),
    ]);
  });
});

describe('SSO-003 https URLs and the redirect URL', () => {
  test('GIVEN the built-in environments, Okta and Entra THEN no finding', () => {
    expect(findingsOf('SSO-003', underPolicy(example('staging'), example('prod')))).toEqual([]);
    expect(findingsOf('SSO-003', underPolicy(entra()))).toEqual([]);
  });

  test('GIVEN an http:// workspace host in a provider THEN an error names the provider', () => {
    const { environments, json } = stagingJson();
    json.provider.databricks.find((p: MutableJson) => p.alias === 'workspace_ml_staging').host =
      'http://acme-ml-staging.cloud.databricks.com';

    expect(findingsOf('SSO-003', environments)).toEqual([
      expect.objectContaining({
        path: 'provider.databricks.workspace_ml_staging',
        message: expect.stringContaining(
          '"http://acme-ml-staging.cloud.databricks.com", not an https:// URL',
        ),
      }),
    ]);
  });

  test('GIVEN an audience other than the redirect URL THEN an error names the attribute', () => {
    const { environments, json } = stagingJson();
    json.resource.okta_app_saml.databricks.audience = 'https://other.example.com/saml';

    expect(findingsOf('SSO-003', environments)).toEqual([
      expect.objectContaining({
        path: 'okta-app/app',
        message: expect.stringMatching(/^audience is "https:\/\/other/),
      }),
    ]);
  });

  test('GIVEN an Entra reply URL other than the redirect URL THEN an error at the application', () => {
    const environments = underPolicy(entra());
    (
      environments[0]?.stacks.staging as MutableJson
    ).resource.azuread_application.databricks.web.redirect_uris = ['https://other.example.com/saml'];

    expect(findingsOf('SSO-003', environments)).toEqual([
      expect.objectContaining({
        path: 'entra-app/app',
        message: expect.stringMatching(/^web\.redirect_uris/),
      }),
    ]);
  });
});

describe('SSO-004 groups only', () => {
  test('GIVEN the built-in grants THEN no finding', () => {
    expect(findingsOf('SSO-004', underPolicy(example('staging'), example('prod')))).toEqual([]);
  });

  test('GIVEN entitlements granted to a user id THEN an error names the user', () => {
    const { environments, json } = stagingJson();
    json.resource.databricks_entitlements.alice = { user_id: '4242', workspace_access: true };

    expect(findingsOf('SSO-004', environments)).toEqual([
      expect.objectContaining({
        path: 'databricks_entitlements.alice',
        message: 'user_id names a user ("4242")',
      }),
    ]);
  });

  test('GIVEN a workspace assignment to a literal principal id THEN an error: it may be a user', () => {
    const { environments, json } = stagingJson();
    json.resource.databricks_mws_permission_assignment.user_analysts.principal_id = 4242;

    expect(findingsOf('SSO-004', environments)).toEqual([
      expect.objectContaining({
        path: 'databricks_mws_permission_assignment.user_analysts',
        message: expect.stringContaining('may be a user'),
      }),
    ]);
  });

  test('GIVEN a user assigned to the Okta app directly THEN an error', () => {
    const { environments, json } = stagingJson();
    json.resource.okta_app_user = { alice: { app_id: '${okta_app_saml.databricks.id}', user_id: '00u1' } };

    expect(findingsOf('SSO-004', environments)).toEqual([
      expect.objectContaining({
        path: 'okta_app_user.alice',
        message: 'okta_app_user grants access to a single user',
      }),
    ]);
  });
});

describe('SSO-005 privileged admins', () => {
  test('GIVEN ADMIN and account_admin only for the privileged group THEN no finding', () => {
    expect(findingsOf('SSO-005', underPolicy(example('staging')))).toEqual([]);
  });

  test('GIVEN ADMIN to a group not declared privileged THEN an error at that assignment', () => {
    const d = example('staging');
    (d.groups.analysts as { workspaces: Record<string, string> }).workspaces['analytics-staging'] = 'ADMIN';

    expect(findingsOf('SSO-005', underPolicy(d))).toEqual([
      {
        rule: 'SSO-005',
        level: 'error',
        environment: 'staging',
        path: 'databricks_mws_permission_assignment.admin_analytics-staging["analysts"]',
        message: 'workspace ADMIN goes to "analysts", which is not declared privileged',
      },
    ]);
  });

  test('GIVEN account_admin to a group not declared privileged THEN an error at that role', () => {
    const d = example('staging');
    (d.groups.analysts as { accountRoles: string[] }).accountRoles = ['account_admin'];

    expect(findingsOf('SSO-005', underPolicy(d))).toEqual([
      expect.objectContaining({ path: 'databricks_group_role.account_admin["analysts"]' }),
    ]);
  });
});

describe('SSO-006 mapped groups assigned to the IdP app', () => {
  test('GIVEN every group assigned, Okta and Entra THEN no finding', () => {
    expect(findingsOf('SSO-006', underPolicy(example('staging')))).toEqual([]);
    expect(findingsOf('SSO-006', underPolicy(entra()))).toEqual([]);
  });

  test('GIVEN a mapped group the Okta app is not assigned to THEN an error names the group', () => {
    const { environments, json } = stagingJson();
    delete json.resource.okta_app_group_assignment.analysts;

    expect(findingsOf('SSO-006', environments)).toEqual([
      expect.objectContaining({
        path: 'okta_app_group_assignment.audit-readers',
        message: expect.stringMatching(/^group "analysts" is mapped/),
      }),
    ]);
  });

  test('GIVEN an assignment whose group cannot be read before apply THEN an error', () => {
    const { environments, json } = stagingJson();
    json.resource.okta_app_group_assignment.analysts.group_id = '${var.group_id}';

    expect(findingsOf('SSO-006', environments)[0]?.message).toMatch(/cannot be read before apply/);
  });
});

describe('SSO-007 signing-key rotation', () => {
  test('GIVEN keys inside their period THEN no finding', () => {
    expect(findingsOf('SSO-007', underPolicy(example('staging'), example('prod')))).toEqual([]);
  });

  test('GIVEN staging within warnDays of its rotate-by date THEN a warning', () => {
    expect(
      findingsOf('SSO-007', underPolicy(example('staging'), example('prod')), new Date('2026-12-25')),
    ).toEqual([
      expect.objectContaining({
        level: 'warning',
        environment: 'staging',
        path: 'signingKey.issued',
        message: expect.stringContaining('rotate by 2027-01-03 (9 days left)'),
      }),
    ]);
  });

  test('GIVEN both keys overdue THEN prod (production) blocks its own deploys and staging warns, each naming the next legal step', () => {
    const findings = findingsOf(
      'SSO-007',
      underPolicy(example('staging'), example('prod')),
      new Date('2027-01-20'),
    );

    expect(findings.map((f) => [f.environment, f.level])).toEqual([
      ['staging', 'warning'],
      ['prod', 'blocking'],
    ]);
    expect(findings[0]?.message).toContain(
      'next: rotate staging now to a new generation such as 2027-q1 (npx sso runbook --env staging --change rotation); ' +
        'prod follows with the same generation from 2027-01-27',
    );
    expect(findings[1]?.message).toContain('had to be rotated by 2027-01-12 (8 days ago)');
    expect(findings[1]?.message).toContain(
      'deploys of prod are blocked (terraform plan fails for its stacks) until it rotates, every other environment deploys as usual',
    );
    expect(findings[1]?.message).toContain(
      'next: rotate staging now to a new generation such as 2027-q1 (npx sso runbook --env staging --change rotation), ' +
        'then prod with the same generation on 2027-01-27; or rotate prod today under an emergency override: ' +
        'declare emergencyRotation: { generation: 2027-q1, reason: <why>, expires: 2027-01-20 } in prod',
    );
  });

  test('GIVEN 2027-01-13 with staging rotated that day THEN staging is clean and prod blocking, told it may follow on 2027-01-20', () => {
    const staging = example('staging');
    staging.signingKey = { generation: '2027-q1', issued: '2027-01-13' };
    const findings = findingsOf('SSO-007', underPolicy(staging, example('prod')), new Date('2027-01-13'));

    expect(findings).toEqual([
      expect.objectContaining({ environment: 'prod', level: 'blocking', path: 'signingKey.issued' }),
    ]);
    expect(findings[0]?.message).toContain(
      "next: prod may take staging's generation 2027-q1 on 2027-01-20, once staging has carried it 7 days (since 2027-01-13); " +
        'to rotate it today, declare emergencyRotation: { generation: 2027-q1, reason: <why>, expires: 2027-01-13 } in prod',
    );
  });

  test('GIVEN prod rotated the same day as staging THEN an error that names both legal ways out', () => {
    const staging = example('staging');
    staging.signingKey = { generation: '2027-q1', issued: '2027-01-13' };
    const prod = example('prod');
    prod.signingKey = { generation: '2027-q1', issued: '2027-01-13' };
    const findings = findingsOf('SSO-007', underPolicy(staging, prod), new Date('2027-01-13'));

    expect(findings).toEqual([
      expect.objectContaining({ environment: 'prod', level: 'error', path: 'signingKey.generation' }),
    ]);
    expect(findings[0]?.message).toContain('so move prod on or after 2027-01-20');
    expect(findings[0]?.message).toContain('declare signingKey.adopted: 2027-01-13');
    expect(findings[0]?.message).toContain(
      'declare emergencyRotation: { generation: 2027-q1, reason: <why>, expires: 2027-01-13 }',
    );
  });

  test('GIVEN the same-day rotation under an emergencyRotation override THEN no error, and a warning while the override is live', () => {
    const staging = example('staging');
    staging.signingKey = { generation: '2027-q1', issued: '2027-01-13' };
    const prod = example('prod');
    prod.signingKey = { generation: '2027-q1', issued: '2027-01-13' };
    prod.emergencyRotation = {
      generation: '2027-q1',
      reason: 'INC-4711: prod key overdue since 2027-01-12',
      expires: '2027-01-14',
    };
    const environments = underPolicy(staging, prod);

    expect(findingsOf('SSO-007', environments, new Date('2027-01-13'))).toEqual([
      expect.objectContaining({
        environment: 'prod',
        level: 'warning',
        path: 'emergencyRotation',
        message: expect.stringMatching(
          /^prod took generation 2027-q1 under emergencyRotation \("INC-4711: prod key overdue since 2027-01-12"\): prod moved/,
        ),
      }),
    ]);
    // After it expired it still covers the move it made, silently, as long as prod runs that generation.
    expect(findingsOf('SSO-007', environments, new Date('2027-02-01'))).toEqual([]);
  });

  test('GIVEN an emergencyRotation that expired before the move THEN the error stands and says so', () => {
    const staging = example('staging');
    staging.signingKey = { generation: '2027-q1', issued: '2027-01-13' };
    const prod = example('prod');
    prod.signingKey = { generation: '2027-q1', issued: '2027-01-13' };
    prod.emergencyRotation = {
      generation: '2027-q1',
      reason: 'INC-4711: prod key overdue',
      expires: '2027-01-12',
    };

    const [finding] = findingsOf('SSO-007', underPolicy(staging, prod), new Date('2027-01-13'));

    expect(finding).toMatchObject({ level: 'error', path: 'signingKey.generation' });
    expect(finding?.message).toContain(
      'the declared one expired on 2027-01-12, before the move on 2027-01-13',
    );
  });

  test('GIVEN an emergencyRotation prod does not need, or one it has moved past THEN a warning says to remove it', () => {
    const staging = example('staging');
    staging.signingKey = { generation: '2027-q1', issued: '2027-01-05' };
    const prod = example('prod');
    prod.signingKey = { generation: '2027-q1', issued: '2027-01-12' };
    prod.emergencyRotation = {
      generation: '2027-q1',
      reason: 'INC-4711: prod key overdue',
      expires: '2027-01-12',
    };
    const past = example('prod');
    past.emergencyRotation = {
      generation: '2026-q3',
      reason: 'INC-4000: compromised key',
      expires: '2026-10-14',
    };

    expect(findingsOf('SSO-007', underPolicy(staging, prod), new Date('2027-01-13'))).toEqual([
      expect.objectContaining({
        level: 'warning',
        path: 'emergencyRotation',
        message: expect.stringContaining('it is not needed, remove it'),
      }),
    ]);
    expect(findingsOf('SSO-007', underPolicy(example('staging'), past))).toEqual([
      expect.objectContaining({
        level: 'warning',
        path: 'emergencyRotation',
        message:
          'emergencyRotation for generation 2026-q3 expired on 2026-10-14 and prod runs 2026-q4: remove it',
      }),
    ]);
  });

  test('GIVEN first-time set-up of both environments on one day THEN prod needs signingKey.adopted, and with it no finding', () => {
    const staging = example('staging');
    staging.signingKey = { generation: '2026-q4', issued: '2026-11-25' };
    const prod = example('prod');
    prod.signingKey = { generation: '2026-q4', issued: '2026-11-25' };

    expect(findingsOf('SSO-007', underPolicy(staging, prod)).map((f) => [f.level, f.path])).toEqual([
      ['error', 'signingKey.generation'],
    ]);
    prod.signingKey = { generation: '2026-q4', issued: '2026-11-25', adopted: '2026-11-25' };
    expect(findingsOf('SSO-007', underPolicy(staging, prod))).toEqual([]);
  });

  test('GIVEN an issued date after today THEN an error at any tier, not "ok, 97 days left"', () => {
    const staging = example('staging');
    staging.signingKey = { generation: '2027-q1', issued: '2026-12-01' };

    expect(findingsOf('SSO-007', underPolicy(staging))).toEqual([
      expect.objectContaining({
        environment: 'staging',
        level: 'error',
        path: 'signingKey.issued',
        message: expect.stringMatching(
          /^signing key generation 2027-q1 \(issued 2026-12-01\) is dated after today \(2026-11-25\)/,
        ),
      }),
    ]);
  });

  test('GIVEN an adopted date after today THEN an error names the field', () => {
    const prod = example('prod');
    prod.signingKey = { generation: '2026-q4', issued: '2026-10-14', adopted: '2026-12-01' };

    expect(findingsOf('SSO-007', underPolicy(example('staging'), prod))).toEqual([
      expect.objectContaining({ level: 'error', path: 'signingKey.adopted' }),
    ]);
  });

  test('GIVEN prod on a generation staging carried for 2 of 7 days THEN an error at prod', () => {
    const staging = example('staging');
    staging.signingKey = { generation: '2027-q1', issued: '2026-11-20' };
    const prod = example('prod');
    prod.signingKey = { generation: '2027-q1', issued: '2026-11-22' };

    expect(findingsOf('SSO-007', underPolicy(staging, prod))).toEqual([
      expect.objectContaining({
        level: 'error',
        environment: 'prod',
        path: 'signingKey.generation',
        message: expect.stringContaining('staging must carry it 7 days first'),
      }),
    ]);
  });
});

describe('SSO-008 session and token limits', () => {
  test('GIVEN the built-in timeouts and token lifetime THEN no finding', () => {
    expect(findingsOf('SSO-008', underPolicy(example('staging'), example('prod')))).toEqual([]);
  });

  test('GIVEN an idle timeout over limits.maxIdleMinutes THEN an error at the sign-on policy rule', () => {
    const d = example('staging');
    d.session = { idleMinutes: 180, lifetimeHours: 12 };

    expect(findingsOf('SSO-008', underPolicy(d))).toEqual([
      expect.objectContaining({
        path: 'okta-app/session',
        message: 'the idle timeout (inactivity_period) is 180 minutes, over the limit of 120 minutes',
      }),
    ]);
  });

  test('GIVEN a token lifetime over limits.maxTokenLifetimeDays THEN an error per workspace', () => {
    const d = example('staging');
    d.limits = { maxTokenLifetimeDays: 14 };

    expect(findingsOf('SSO-008', underPolicy(d)).map((f) => f.path)).toEqual([
      'databricks/token-policy-analytics-staging',
      'databricks/token-policy-ml-staging',
    ]);
  });

  test('GIVEN an override removing the idle timeout THEN an error: not set', () => {
    const { environments, json } = stagingJson();
    delete json.resource.okta_app_signon_policy_rule.session.inactivity_period;

    expect(findingsOf('SSO-008', environments).map((f) => f.message)).toEqual([
      'the idle timeout (inactivity_period) is not set',
    ]);
  });

  test('GIVEN Entra with a session lifetime over the limit THEN the declared value is reported', () => {
    const d = entra();
    d.session = { idleMinutes: 60, lifetimeHours: 48 };

    expect(findingsOf('SSO-008', underPolicy(d))).toEqual([
      expect.objectContaining({
        path: 'session.lifetimeHours',
        message: expect.stringContaining('48 hours'),
      }),
    ]);
  });
});

describe('SSO-009 emergency access', () => {
  test('GIVEN prod naming two emergency-access users THEN no finding', () => {
    expect(findingsOf('SSO-009', underPolicy(example('staging'), example('prod')))).toEqual([]);
  });

  test('GIVEN prod naming none THEN a warning', () => {
    const prod = example('prod');
    prod.emergencyAccess = [];

    expect(findingsOf('SSO-009', underPolicy(example('staging'), prod))).toEqual([
      expect.objectContaining({ level: 'warning', environment: 'prod', path: 'emergencyAccess' }),
    ]);
  });

  test('GIVEN staging naming none THEN no finding: staging is not production', () => {
    const staging = example('staging');
    staging.emergencyAccess = [];

    expect(findingsOf('SSO-009', underPolicy(staging))).toEqual([]);
  });

  test('GIVEN 21 emergency-access users THEN an error: Databricks allows 20', () => {
    const prod = example('prod');
    prod.emergencyAccess = Array.from({ length: 21 }, (_, i) => `breakglass-${i}@acme-analytics.com`);

    expect(findingsOf('SSO-009', underPolicy(example('staging'), prod))).toEqual([
      expect.objectContaining({ level: 'error', message: expect.stringContaining('at most 20') }),
    ]);
  });
});

describe('SSO-010 prevent_destroy in production', () => {
  test('GIVEN prod as built THEN no finding', () => {
    expect(findingsOf('SSO-010', underPolicy(example('staging'), example('prod')))).toEqual([]);
  });

  test('GIVEN staging without prevent_destroy THEN no finding: staging is not production', () => {
    expect(findingsOf('SSO-010', underPolicy(example('staging')))).toEqual([]);
  });

  test('GIVEN an override dropping the guard on the Okta app and the ADMIN assignments THEN one error each', () => {
    const { environments, json } = prodJson();
    delete json.resource.okta_app_saml.databricks.lifecycle;
    delete json.resource.databricks_mws_permission_assignment['admin_ml-prod'].lifecycle;

    expect(findingsOf('SSO-010', environments).map((f) => f.path)).toEqual([
      'okta-app/app',
      'databricks_mws_permission_assignment.admin_ml-prod',
    ]);
  });

  test('GIVEN a production Entra app whose application and service principal lose the guard THEN one error each', () => {
    const prod = example('prod');
    prod.idp = { kind: 'entra', tenantId: TENANT, notificationEmails: ['sso-owners@acme-analytics.com'] };
    const environments = underPolicy(example('staging'), prod);
    const resources = (environments[1]?.stacks.prod as MutableJson).resource;
    delete resources.azuread_application.databricks.lifecycle;
    delete resources.azuread_service_principal.databricks.lifecycle;

    expect(findingsOf('SSO-010', environments).map((f) => f.path)).toEqual([
      'entra-app/service-principal',
      'entra-app/app',
    ]);
  });
});

describe('SSO-011 Entra notifications and assignment', () => {
  test('GIVEN Entra with notification emails THEN no finding', () => {
    expect(findingsOf('SSO-011', underPolicy(entra()))).toEqual([]);
  });

  test('GIVEN Entra without notification emails THEN an error at the service principal', () => {
    expect(findingsOf('SSO-011', underPolicy(entra({ notificationEmails: [] })))).toEqual([
      expect.objectContaining({
        path: 'entra-app/service-principal',
        message: expect.stringContaining('no certificate-expiry notification email'),
      }),
    ]);
  });

  test('GIVEN an override that stops requiring assignment THEN an error', () => {
    const environments = underPolicy(entra());
    (
      environments[0]?.stacks.staging as MutableJson
    ).resource.azuread_service_principal.databricks.app_role_assignment_required = false;

    expect(findingsOf('SSO-011', environments).map((f) => f.message)).toEqual([
      expect.stringMatching(/^app_role_assignment_required is not true/),
    ]);
  });

  test('GIVEN an Okta stack THEN the rule finds nothing to check', () => {
    expect(findingsOf('SSO-011', underPolicy(example('staging')))).toEqual([]);
  });
});

describe('SSO-012 no admin lockout', () => {
  test('GIVEN an ADMIN group in every workspace and an account_admin group THEN no finding', () => {
    expect(findingsOf('SSO-012', underPolicy(example('staging'), example('prod')))).toEqual([]);
  });

  test('GIVEN a workspace whose last ADMIN group became USER THEN an error names the workspace', () => {
    const d = example('staging');
    (d.groups['databricks-platform-admins'] as { workspaces: Record<string, string> }).workspaces[
      'analytics-staging'
    ] = 'USER';

    expect(findingsOf('SSO-012', underPolicy(d))).toEqual([
      expect.objectContaining({
        path: 'databricks.workspaces.analytics-staging',
        message: 'workspace analytics-staging has no ADMIN group',
      }),
    ]);
  });

  test('GIVEN the last account_admin role removed THEN an error', () => {
    const d = example('staging');
    (d.groups['databricks-platform-admins'] as { accountRoles: string[] }).accountRoles = [];

    expect(findingsOf('SSO-012', underPolicy(d))).toEqual([
      expect.objectContaining({ path: 'groups', message: 'no group holds the account_admin role' }),
    ]);
  });
});

describe('SSO-013 stack size', () => {
  test('GIVEN the built-in environments THEN no finding', () => {
    expect(findingsOf('SSO-013', underPolicy(example('staging'), example('prod')))).toEqual([]);
  });

  test('GIVEN an organisation of about 11,000 instances in one stack THEN a warning says how many mapping shards keep each stack under 10,000', () => {
    const big = syntheticOrganisation({ environment: 'staging', workspaces: 10, groups: 1000 });

    expect(findingsOf('SSO-013', underPolicy(big))).toEqual([
      {
        rule: 'SSO-013',
        level: 'warning',
        environment: 'staging',
        path: 'mappingShards',
        message: expect.stringMatching(
          /^stack staging holds 11,\d{3} resource instances, over 10,000: set mappingShards: 2 \(about 5,\d{3} mapping instances per stack\)$/,
        ) as string,
      },
    ]);
  });
});
