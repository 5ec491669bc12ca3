import { reviewOutputs, type Finding } from '../../../lib/core/review';
import {
  example,
  output,
  reviewChange,
  setPermission,
  stackJson,
  withoutPromotion,
  type Json,
} from './outputs';

const PLATFORM = 'databricks-platform-admins';

const brief = (findings: readonly Finding[]) =>
  findings.map(({ environment, severity, kind, subject }) => ({ environment, severity, kind, subject }));

describe('access changes', () => {
  test('GIVEN one group goes from USER to ADMIN in prod only WHEN reviewed THEN a high access finding names group and workspace, and a high promotion finding blocks it', () => {
    const findings = reviewChange((head) => setPermission(head.prod, 'data-scientists', 'ml-prod', 'ADMIN'));

    expect(brief(findings)).toEqual([
      { environment: 'prod', severity: 'high', kind: 'access', subject: 'data-scientists on ml-prod' },
      { environment: 'prod', severity: 'high', kind: 'promotion', subject: 'data-scientists on ml-prod' },
    ]);
    expect(findings[0]).toMatchObject({ before: 'USER', after: 'ADMIN' });
    expect(findings[0]?.message).toMatch(/data-scientists on workspace ml-prod: access widened to ADMIN/);
  });

  test('GIVEN a group gets USER on a workspace WHEN reviewed THEN the finding is medium', () => {
    const findings = reviewChange((head) => setPermission(head.staging, 'analysts', 'ml-staging', 'USER'));

    expect(brief(findings)).toContainEqual({
      environment: 'staging',
      severity: 'medium',
      kind: 'access',
      subject: 'analysts on ml-staging',
    });
  });

  test('GIVEN a group loses its workspace WHEN reviewed THEN access removed is medium', () => {
    const [finding] = reviewChange((head) =>
      setPermission(head.staging, 'analysts', 'analytics-staging', null),
    );

    expect(finding).toMatchObject({ severity: 'medium', kind: 'access', before: 'USER', after: null });
    expect(finding?.message).toMatch(/access removed/);
  });

  test('GIVEN the only ADMIN group of a workspace is removed WHEN reviewed THEN a high lockout finding names the workspace', () => {
    const findings = reviewChange((head) => setPermission(head.staging, PLATFORM, 'ml-staging', 'USER'));

    expect(findings).toContainEqual(
      expect.objectContaining({
        severity: 'high',
        kind: 'access',
        subject: 'workspace ml-staging',
        after: 'no ADMIN group',
      }),
    );
  });

  test('GIVEN a group is granted account_admin WHEN reviewed THEN the finding is high', () => {
    const findings = reviewChange((head) => {
      head.staging.resource.databricks_group_role.account_admin.for_each.analysts = 'analysts';
    });

    expect(brief(findings)).toEqual([
      {
        environment: 'staging',
        severity: 'high',
        kind: 'access',
        subject: 'analysts: account role account_admin',
      },
    ]);
  });

  test('GIVEN the last account_admin group loses the role WHEN reviewed THEN a high lockout finding says nobody can change the account', () => {
    const findings = reviewChange((head) => {
      delete head.staging.resource.databricks_group_role;
    });

    expect(findings.map((f) => [f.severity, f.message])).toContainEqual([
      'high',
      expect.stringMatching(/no group holds account_admin any more/),
    ]);
  });

  test('GIVEN a privileged entitlement is granted WHEN reviewed THEN it is high, and a plain one is medium', () => {
    const pool = reviewChange((head) => {
      head.staging.resource.databricks_entitlements['entitlements_ml-staging'].for_each[
        'data-scientists'
      ].allow_instance_pool_create = true;
    });
    const sql = reviewChange((head) => {
      head.staging.resource.databricks_entitlements['entitlements_ml-staging'].for_each[
        'data-scientists'
      ].databricks_sql_access = true;
    });

    expect(brief(pool)).toEqual([
      {
        environment: 'staging',
        severity: 'high',
        kind: 'access',
        subject: 'data-scientists on ml-staging: allow-instance-pool-create',
      },
    ]);
    expect(brief(sql)).toEqual([
      {
        environment: 'staging',
        severity: 'medium',
        kind: 'access',
        subject: 'data-scientists on ml-staging: databricks-sql-access',
      },
    ]);
  });

  test('GIVEN two entitlements of one grant change together WHEN reviewed THEN one finding, as serious as the worst, details the other', () => {
    const findings = reviewChange((head) => {
      const each = head.staging.resource.databricks_entitlements['entitlements_ml-staging'].for_each;
      each['data-scientists'].allow_instance_pool_create = true;
      each['data-scientists'].databricks_sql_access = true;
    });

    expect(findings).toEqual([
      expect.objectContaining({
        environment: 'staging',
        severity: 'high',
        kind: 'access',
        subject: 'data-scientists on ml-staging',
        message: expect.stringMatching(
          /^data-scientists on ml-staging: allow-instance-pool-create: access widened: privileged entitlement granted .*\(and 1 more change of this grant, listed below\)$/,
        ),
        details: [
          'data-scientists on ml-staging: databricks-sql-access: access widened: entitlement granted',
        ],
      }),
    ]);
  });

  test('GIVEN a group gets a workspace with its entitlements WHEN reviewed THEN the assignment leads one finding and the entitlements are its details', () => {
    const findings = reviewChange((head) => {
      setPermission(head.staging, 'data-scientists', 'analytics-staging', 'USER');
      head.staging.resource.databricks_entitlements['entitlements_analytics-staging'].for_each[
        'data-scientists'
      ] = {
        workspace_access: true,
        databricks_sql_access: true,
        allow_cluster_create: false,
        allow_instance_pool_create: false,
      };
    });

    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'medium',
        kind: 'access',
        subject: 'data-scientists on analytics-staging',
        before: null,
        after: 'USER',
        details: [
          'data-scientists on analytics-staging: databricks-sql-access: access widened: entitlement granted',
          'data-scientists on analytics-staging: workspace-access: access widened: entitlement granted',
        ],
      }),
    ]);
  });

  test('GIVEN an entitlement is revoked WHEN reviewed THEN it is medium', () => {
    const [finding] = reviewChange((head) => {
      head.staging.resource.databricks_entitlements['entitlements_ml-staging'].for_each[
        'data-scientists'
      ].workspace_access = false;
    });

    expect(finding).toMatchObject({ severity: 'medium', kind: 'access', before: 'true', after: null });
    expect(finding?.message).toMatch(/entitlement revoked/);
  });

  test('GIVEN a group is newly assigned to the Okta app WHEN reviewed THEN a medium access finding names the group', () => {
    const findings = reviewChange((head) => {
      head.staging.data.okta_group.mapped.for_each =
        '${toset(["analysts", "contractors", "data-scientists", "databricks-platform-admins"])}';
    });

    expect(findings).toContainEqual(
      expect.objectContaining({
        severity: 'medium',
        kind: 'access',
        subject: 'contractors: okta_app_saml.databricks',
      }),
    );
  });
});

describe('IdP app and SAML settings', () => {
  test('GIVEN the Okta app is deleted WHEN reviewed THEN the finding is high idp-app', () => {
    const findings = reviewChange((head) => {
      delete head.staging.resource.okta_app_saml;
    });

    expect(findings).toContainEqual(
      expect.objectContaining({ severity: 'high', kind: 'idp-app', subject: 'okta_app_saml.databricks' }),
    );
    expect(findings.find((f) => f.subject === 'okta_app_saml.databricks')?.message).toMatch(/is deleted/);
  });

  test('GIVEN the Okta app changes address without a moved block WHEN reviewed THEN it is a high replacement', () => {
    const findings = reviewChange((head) => {
      const apps = head.staging.resource.okta_app_saml;
      apps.main = apps.databricks;
      delete apps.databricks;
    });

    expect(findings.find((f) => f.subject === 'okta_app_saml.databricks')).toMatchObject({
      severity: 'high',
      kind: 'idp-app',
      after: 'okta_app_saml.main',
    });
  });

  test('GIVEN the Okta app is renamed with a moved block WHEN reviewed THEN the rename is low', () => {
    const findings = reviewChange((head) => {
      const apps = head.staging.resource.okta_app_saml;
      apps.main = apps.databricks;
      delete apps.databricks;
      head.staging.moved = [{ from: 'okta_app_saml.databricks', to: 'okta_app_saml.main' }];
    });

    expect(findings.find((f) => f.subject === 'okta_app_saml.databricks')).toMatchObject({
      severity: 'low',
      message: expect.stringMatching(/renamed to okta_app_saml.main with a moved block/),
    });
    expect(findings.filter((f) => f.kind === 'idp-app' && f.severity === 'high')).toEqual([]);
  });

  test.each([
    ['sso_url', 'https://accounts.cloud.databricks.com/saml/other'],
    ['audience', 'https://accounts.cloud.databricks.com/saml/other'],
    ['subject_name_id_format', 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified'],
    ['signature_algorithm', 'RSA_SHA1'],
    ['digest_algorithm', 'SHA1'],
    ['assertion_signed', false],
  ])(
    'GIVEN the Okta app %s changes WHEN reviewed THEN the finding is high saml-settings',
    (attribute, value) => {
      const findings = reviewChange((head) => {
        head.staging.resource.okta_app_saml.databricks[attribute] = value;
      });

      expect(findings.map((f) => [f.severity, f.kind])).toEqual([['high', 'saml-settings']]);
      expect(findings[0]?.subject).toMatch(new RegExp(`^okta_app_saml\\.databricks: .*\\(${attribute}\\)$`));
    },
  );

  test('GIVEN the signing key generation changes WHEN reviewed THEN a high signing-key finding says a console step is due', () => {
    const [finding] = reviewChange((head) => {
      head.staging.resource.okta_app_saml.databricks.key_name = '2027-q1';
    });

    expect(finding).toMatchObject({
      severity: 'high',
      kind: 'signing-key',
      before: '2026-q4',
      after: '2027-q1',
    });
    expect(finding?.message).toMatch(/signing-key rotation, a console step is due/);
  });

  test('GIVEN an Entra token-signing certificate is replaced WHEN reviewed THEN it is a high rotation with the activation step', () => {
    const certificate = (generation: string) => ({
      azuread_service_principal_token_signing_certificate: {
        databricks: {
          display_name: `CN=Databricks SSO ${generation}`,
          end_date: '2027-02-01T00:00:00Z',
          service_principal_id: '${azuread_service_principal.databricks.id}',
        },
      },
    });
    const base = example();
    Object.assign(base.staging.resource, certificate('2026-q4'));

    const [finding] = reviewChange(
      (head) => Object.assign(head.staging.resource, certificate('2027-q1')),
      base,
    );

    expect(finding).toMatchObject({ severity: 'high', kind: 'signing-key' });
    expect(finding?.message).toMatch(/console step is due.*activate it/);
  });

  test('GIVEN a whole resource block is removed WHEN reviewed THEN it is one finding as serious as its worst setting', () => {
    const base = example();
    base.staging.resource.azuread_service_principal_token_signing_certificate = {
      databricks: { display_name: 'CN=Databricks SSO 2026-q4', end_date: '2027-02-01T00:00:00Z' },
    };

    const findings = reviewChange((head) => {
      delete head.staging.resource.azuread_service_principal_token_signing_certificate;
    }, base);

    expect(brief(findings)).toEqual([
      {
        environment: 'staging',
        severity: 'high',
        kind: 'signing-key',
        subject: 'azuread_service_principal_token_signing_certificate.databricks',
      },
    ]);
  });

  test('GIVEN the SSO settings marker changes WHEN reviewed THEN a high sso-settings finding says a console step is due', () => {
    const [finding] = reviewChange((head) => {
      head.staging.resource.terraform_data.databricks_sso_settings.triggers_replace.sso_url =
        'https://login.microsoftonline.com/tenant/saml2';
    });

    expect(finding).toMatchObject({ severity: 'high', kind: 'sso-settings' });
    expect(finding?.message).toMatch(/a console step is due/);
  });

  test('GIVEN an attribute statement is added WHEN reviewed THEN the finding is medium attributes', () => {
    const [finding] = reviewChange((head) => {
      head.staging.resource.okta_app_saml.databricks.attribute_statements.push({
        name: 'department',
        type: 'EXPRESSION',
        values: ['user.department'],
      });
    });

    expect(finding).toMatchObject({
      severity: 'medium',
      kind: 'attributes',
      subject: 'okta_app_saml.databricks: attribute statement (attribute_statements[department])',
    });
  });

  test('GIVEN the app label changes WHEN reviewed THEN it is low', () => {
    const [finding] = reviewChange((head) => {
      head.staging.resource.okta_app_saml.databricks.label = 'Databricks Staging';
    });

    expect(finding).toMatchObject({ severity: 'low', kind: 'idp-app' });
  });
});

describe('session, token policy and everything else', () => {
  test('GIVEN the idle timeout is lengthened WHEN reviewed THEN it is medium session', () => {
    const [finding] = reviewChange((head) => {
      head.staging.resource.okta_app_signon_policy_rule.session.inactivity_period = 'PT2H';
    });

    expect(finding).toMatchObject({ severity: 'medium', kind: 'session', before: 'PT30M', after: 'PT2H' });
    expect(finding?.message).toMatch(/idle timeout \(inactivity_period\) lengthened/);
  });

  test('GIVEN the session lifetime is tightened WHEN reviewed THEN it is low', () => {
    const [finding] = reviewChange((head) => {
      head.staging.resource.okta_app_signon_policy_rule.session.re_authentication_frequency = 'PT4H';
    });

    expect(finding).toMatchObject({ severity: 'low', kind: 'session' });
  });

  test('GIVEN the token lifetime grows WHEN reviewed THEN it is medium token-policy naming the workspace', () => {
    const [finding] = reviewChange((head) => {
      head.staging.resource.databricks_workspace_conf[
        'token_policy_ml-staging'
      ].custom_config.maxTokenLifetimeDays = '90';
    });

    expect(finding).toMatchObject({
      severity: 'medium',
      kind: 'token-policy',
      subject: 'workspace ml-staging: maxTokenLifetimeDays',
    });
  });

  test('GIVEN a new environment-wide suppression WHEN reviewed THEN it is high, and a path-scoped one is low', () => {
    const findings = reviewChange((head) => {
      head.staging['//'].sso = {
        suppressions: [
          { rule: 'SSO-003', environment: 'staging', reason: 'long sessions for the pilot team' },
          {
            rule: 'SSO-005',
            environment: 'staging',
            path: 'staging/okta-app',
            reason: 'extra attribute for the pilot',
          },
        ],
      };
    });

    expect(brief(findings)).toEqual([
      {
        environment: 'staging',
        severity: 'high',
        kind: 'suppression',
        subject: 'policy rule SSO-003 (environment-wide)',
      },
      {
        environment: 'staging',
        severity: 'low',
        kind: 'suppression',
        subject: 'policy rule SSO-005 at staging/okta-app',
      },
    ]);
  });

  test('GIVEN the backend and a provider version change WHEN reviewed THEN both are medium', () => {
    const findings = reviewChange((head) => {
      head.staging.terraform.backend = {
        s3: { bucket: 'acme-state', key: 'sso/staging', region: 'eu-west-1' },
      };
      head.staging.terraform.required_providers.okta.version = '4.21.0';
    });

    expect(new Set(findings.map((f) => `${f.severity} ${f.kind}`))).toEqual(
      new Set(['medium backend', 'medium provider']),
    );
  });

  test('GIVEN a resource type the catalog does not know changes WHEN reviewed THEN it is reported low as other', () => {
    const findings = reviewChange((head) => {
      head.staging.resource.databricks_notification_destination = { ops: { display_name: 'Ops' } };
    });

    expect(brief(findings)).toEqual([
      {
        environment: 'staging',
        severity: 'low',
        kind: 'other',
        subject: 'databricks_notification_destination.ops: display_name',
      },
    ]);
  });

  test('GIVEN two identical outputs WHEN reviewed THEN there are no findings', () => {
    expect(reviewChange(() => undefined)).toEqual([]);
  });
});

describe('references resolved to names', () => {
  test('GIVEN Entra app role assignments over a group data source WHEN a group is added THEN the finding names the group', () => {
    const entra = (groups: string[]): Json => ({
      azuread_group: {
        mapped: {
          display_name: '${each.value}',
          for_each: `\${toset(${JSON.stringify(groups)})}`,
          security_enabled: true,
        },
      },
    });
    const assignment = {
      databricks: {
        app_role_id: '18d14569-c3bd-439b-9a66-3a2aee01d14f',
        for_each: '${data.azuread_group.mapped}',
        principal_object_id: '${each.value.object_id}',
        resource_object_id: '${azuread_service_principal.databricks.object_id}',
      },
    };
    const base = example();
    Object.assign(base.staging.data, entra(['analysts']));
    base.staging.resource.azuread_app_role_assignment = assignment;

    const findings = reviewChange(
      (head) => Object.assign(head.staging.data, entra(['analysts', 'finance'])),
      base,
    );

    expect(brief(findings)).toEqual([
      {
        environment: 'staging',
        severity: 'medium',
        kind: 'access',
        subject: 'finance: azuread_service_principal.databricks',
      },
    ]);
  });

  test('GIVEN mappings split into a shard stack WHEN a shard grants ADMIN THEN the finding belongs to the environment', () => {
    const base = example();
    const shard = (admin: boolean): Json => ({
      locals: base.staging.locals,
      data: {
        databricks_group: { scim: { display_name: '${each.value}', for_each: { analysts: 'analysts' } } },
      },
      resource: {
        databricks_mws_permission_assignment: {
          [admin ? 'admin_assignment' : 'user_assignment']: {
            for_each: { 'analysts/ml-staging': { group: 'analysts', workspace_id: '1122334455667788' } },
            permissions: [admin ? 'ADMIN' : 'USER'],
            principal_id: '${local.group_ids[each.value.group]}',
            workspace_id: '${each.value.workspace_id}',
          },
        },
      },
    });
    const stacks = (admin: boolean) => ({ staging: base.staging, 'staging-mappings-0': shard(admin) });

    const { findings } = reviewOutputs(output(stacks(false)), output(stacks(true)));

    expect(brief(findings)).toEqual([
      { environment: 'staging', severity: 'high', kind: 'access', subject: 'analysts on ml-staging' },
    ]);
  });
});

describe('masking', () => {
  const withSecrets = (token: string, secret: string): Json => {
    const stack = stackJson({
      environment: 'staging',
      accountId: '3f1c2b7e-8d4a-4e5b-9c6f-0a1b2c3d4e5f',
      workspaces: {},
      groups: {},
    });
    stack.variable = { scim_token: { default: secret, sensitive: true, type: 'string' } };
    stack.resource.azuread_synchronization_secret = {
      databricks_scim: { credential: [{ key: 'SecretToken', value: '${var.scim_token}' }] },
    };
    stack.resource.databricks_notification_destination = {
      ops: { config: { generic_webhook: { url: `https://hooks.example.com/x?auth=${token}` } } },
    };
    stack.provider.databricks[0].client_secret = secret;
    stack.output.scim = { value: secret, sensitive: true };
    return stack;
  };

  test('GIVEN sensitive values and token-shaped strings change WHEN reviewed THEN none of them appears in any finding', () => {
    const before = ['dapi0123456789abcdef0123456789abcdef', 'Zx8kQ2mN4pR6tV8wY0aB2cD4eF6gH8jK'];
    const after = ['dapifedcba9876543210fedcba9876543210', 'Lm3nP5qR7sT9uV1wX3yZ5aB7cD9eF1gH'];

    const { findings } = reviewOutputs(
      output({ staging: withSecrets(before[0] ?? '', before[1] ?? '') }),
      output({ staging: withSecrets(after[0] ?? '', after[1] ?? '') }),
    );

    const text = JSON.stringify(findings);
    for (const secret of [...before, ...after]) expect(text).not.toContain(secret);
    expect(findings.map((f) => f.subject)).toEqual(
      expect.arrayContaining([
        'variable scim_token',
        'output scim',
        'provider databricks.account: client_secret',
        'databricks_notification_destination.ops: config.generic_webhook.url',
      ]),
    );
    expect(findings.find((f) => f.subject === 'variable scim_token')).toMatchObject({
      before: '(sensitive)',
      after: '(sensitive)',
    });
  });
});

describe('the staging-first gate', () => {
  const adminInMl = (stacks: { staging: Json; prod: Json }) => {
    setPermission(stacks.staging, 'data-scientists', 'ml-staging', 'ADMIN');
  };

  test('GIVEN staging already carries the change in the base WHEN prod makes it THEN there is no promotion finding', () => {
    const base = example();
    adminInMl(base);

    const findings = reviewChange(
      (head) => setPermission(head.prod, 'data-scientists', 'ml-prod', 'ADMIN'),
      base,
    );

    expect(brief(findings)).toEqual([
      { environment: 'prod', severity: 'high', kind: 'access', subject: 'data-scientists on ml-prod' },
    ]);
  });

  test('GIVEN staging and prod change in the same pull request WHEN reviewed THEN prod is blocked', () => {
    const findings = reviewChange((head) => {
      adminInMl(head);
      setPermission(head.prod, 'data-scientists', 'ml-prod', 'ADMIN');
    });

    expect(findings.filter((f) => f.kind === 'promotion')).toEqual([
      expect.objectContaining({
        environment: 'prod',
        severity: 'high',
        before: 'USER on ml-staging',
        after: 'ADMIN',
      }),
    ]);
  });

  test('GIVEN a prod workspace without a staging counterpart WHEN a group staging grants the same way gets it THEN it passes', () => {
    const findings = reviewChange((head) => setPermission(head.prod, 'analysts', 'ml-sandbox', 'USER'));

    expect(findings.filter((f) => f.kind === 'promotion')).toEqual([]);
  });

  const HOTFIX = {
    reason: 'INC-4711: data scientists need admin to fix jobs',
    covers: ['data-scientists on ml-prod'],
  };
  const AT = new Date('2026-11-25T00:00:00Z');
  const review = (base: { staging: Json; prod: Json }, head: { staging: Json; prod: Json }, at = AT) => [
    ...reviewOutputs(output(base), output(head), at).findings,
  ];
  const withOverride = (stacks: { staging: Json; prod: Json }, override: Json = HOTFIX) => {
    stacks.prod['//'].sso = { promotionOverride: override };
  };

  test('GIVEN a prod-only hotfix with a promotion override covering it WHEN reviewed THEN the override is reported and the hotfix allowed', () => {
    const base = example();
    const head = structuredClone(base);
    setPermission(head.prod, 'data-scientists', 'ml-prod', 'ADMIN');
    withOverride(head);
    const findings = review(base, head);

    expect(brief(findings.filter((f) => f.kind === 'promotion'))).toEqual([
      { environment: 'prod', severity: 'medium', kind: 'promotion', subject: 'promotionOverride' },
      { environment: 'prod', severity: 'low', kind: 'promotion', subject: 'data-scientists on ml-prod' },
    ]);
    expect(findings.find((f) => f.subject === 'promotionOverride')?.message).toMatch(
      /INC-4711.*covering "data-scientists on ml-prod": 1 change reach/,
    );
  });

  test('GIVEN an old override left in prod WHEN an unrelated prod-only grant is reviewed THEN it is a high promotion finding again', () => {
    const base = example();
    setPermission(base.prod, 'data-scientists', 'ml-prod', 'ADMIN');
    withOverride(base);
    const head = structuredClone(base);
    setPermission(head.prod, 'analysts', 'ml-prod', 'USER');
    const findings = review(base, head);

    expect(brief(findings.filter((f) => f.kind === 'promotion'))).toEqual([
      { environment: 'prod', severity: 'high', kind: 'promotion', subject: 'analysts on ml-prod' },
    ]);
    const [gate] = findings.filter((f) => f.kind === 'promotion');
    expect(gate?.message).toContain('The promotion override covers only "data-scientists on ml-prod".');
    expect(gate?.message).not.toContain('INC-4711');
  });

  test('GIVEN an override past its expiry WHEN the change it covered is reviewed THEN it is gated, and the override reported as outlived', () => {
    const base = example();
    const head = structuredClone(base);
    setPermission(head.prod, 'data-scientists', 'ml-prod', 'ADMIN');
    withOverride(head, { ...HOTFIX, expires: '2026-11-20' });
    const findings = review(base, head).filter((f) => f.kind === 'promotion');

    expect(brief(findings)).toEqual([
      { environment: 'prod', severity: 'high', kind: 'promotion', subject: 'data-scientists on ml-prod' },
      { environment: 'prod', severity: 'medium', kind: 'promotion', subject: 'promotionOverride' },
    ]);
    expect(findings[0]?.message).toContain('The promotion override expired on 2026-11-20.');
    expect(findings[1]?.message).toContain('has outlived its change: it expired on 2026-11-20');
  });

  test('GIVEN staging catches up on the hotfix WHEN reviewed THEN the override is reported as outlived: remove it', () => {
    const base = example();
    setPermission(base.prod, 'data-scientists', 'ml-prod', 'ADMIN');
    withOverride(base);
    const head = structuredClone(base);
    adminInMl(head);
    const findings = review(base, head).filter((f) => f.kind === 'promotion');

    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'medium',
        subject: 'promotionOverride',
        message: expect.stringContaining(
          'has outlived its change: staging has caught up on everything it covers: remove it',
        ),
      }),
    ]);
  });

  test('GIVEN an override naming something prod does not have WHEN reviewed THEN it says so', () => {
    const base = example();
    withOverride(base, { ...HOTFIX, covers: ['data-scientist on ml-prod'] });
    const findings = review(base, structuredClone(base));

    expect(findings).toEqual([
      expect.objectContaining({
        subject: 'promotionOverride',
        message: expect.stringContaining('covers "data-scientist on ml-prod", which prod does not have'),
      }),
    ]);
  });

  test('GIVEN a prod-only removal under an override WHEN reviewed THEN it is allowed, without calling the entry stale', () => {
    const base = example();
    const head = structuredClone(base);
    setPermission(head.prod, 'analysts', 'analytics-prod', null);
    withOverride(head, {
      reason: 'SEC-12: analysts lose prod access today',
      covers: ['analysts on analytics-prod'],
    });

    expect(brief(review(base, head).filter((f) => f.kind === 'promotion'))).toEqual([
      { environment: 'prod', severity: 'medium', kind: 'promotion', subject: 'promotionOverride' },
      { environment: 'prod', severity: 'low', kind: 'promotion', subject: 'analysts on analytics-prod' },
    ]);
  });

  test("GIVEN prod's deploy gate (an overdue key) in the base only WHEN reviewed THEN the gate itself is no finding", () => {
    const base = example();
    base.prod.resource.terraform_data.sso_deploy_gate = {
      input: { 'SSO-007 signingKey.issued': 'signing key generation 2026-q4 (issued 2026-10-14) is overdue' },
      lifecycle: {
        postcondition: [
          { condition: '${length(self.input) == 0}', error_message: 'prod must not be deployed' },
        ],
      },
    };

    expect(review(base, example())).toEqual([]);
  });

  test('GIVEN an override recorded without covers (an older output) WHEN reviewed THEN it lets nothing through', () => {
    const base = example();
    const head = structuredClone(base);
    setPermission(head.prod, 'data-scientists', 'ml-prod', 'ADMIN');
    withOverride(head, { reason: HOTFIX.reason });

    expect(brief(review(base, head).filter((f) => f.kind === 'promotion'))).toEqual([
      { environment: 'prod', severity: 'high', kind: 'promotion', subject: 'data-scientists on ml-prod' },
      { environment: 'prod', severity: 'medium', kind: 'promotion', subject: 'promotionOverride' },
    ]);
  });

  test('GIVEN a prod-only grant of a workspace with its entitlements WHEN reviewed THEN one high promotion finding, worded by what staging has', () => {
    const findings = reviewChange((head) => {
      setPermission(head.prod, 'data-scientists', 'analytics-prod', 'USER');
      head.prod.resource.databricks_entitlements['entitlements_analytics-prod'].for_each['data-scientists'] =
        {
          workspace_access: true,
          databricks_sql_access: true,
          allow_cluster_create: false,
          allow_instance_pool_create: false,
        };
    });
    const promotion = findings.filter((f) => f.kind === 'promotion');

    expect(promotion).toEqual([
      expect.objectContaining({
        severity: 'high',
        subject: 'data-scientists on analytics-prod',
        before: null,
        after: 'USER',
        message:
          'data-scientists on analytics-prod: this grant (3 changes: the assignment and its entitlements) reaches prod ' +
          'before staging carries it (staging has no data-scientists on analytics-staging (it grants data-scientists ' +
          'USER on ml-staging)): make it in staging first, or, for a hotfix, declare promotionOverride: ' +
          '{ reason, covers: ["data-scientists on analytics-prod"], expires }.',
        details: [
          'data-scientists on analytics-prod: none -> USER; staging has no data-scientists on analytics-staging (it grants data-scientists USER on ml-staging)',
          'data-scientists on analytics-prod: databricks-sql-access: none -> true; staging has no data-scientists on analytics-staging: databricks-sql-access (it grants data-scientists USER on ml-staging)',
          'data-scientists on analytics-prod: workspace-access: none -> true; staging has no data-scientists on analytics-staging: workspace-access (it grants data-scientists USER on ml-staging)',
        ],
      }),
    ]);
    expect(promotion[0]?.message).not.toContain('has nothing');
  });

  test('GIVEN prod rotates under a declared emergencyRotation for that generation WHEN reviewed THEN the override is high and the key allowed', () => {
    const findings = reviewChange((head) => {
      head.prod.resource.okta_app_saml.databricks.key_name = '2027-q1';
      head.prod['//'].sso = {
        emergencyRotation: {
          generation: '2027-q1',
          reason: 'INC-9: prod key overdue',
          expires: '2027-01-13',
        },
      };
    });

    expect(brief(findings)).toEqual(
      expect.arrayContaining([
        { environment: 'prod', severity: 'high', kind: 'signing-key', subject: 'emergencyRotation' },
        {
          environment: 'prod',
          severity: 'low',
          kind: 'promotion',
          subject: 'okta_app_saml.databricks: signing key (key_name)',
        },
      ]),
    );
    expect(findings.filter((f) => f.kind === 'promotion' && f.severity === 'high')).toEqual([]);
  });

  test('GIVEN prod changes a per-environment value (the ACS URL) WHEN reviewed THEN the gate does not ask staging for it', () => {
    const findings = reviewChange((head) => {
      head.prod.resource.okta_app_saml.databricks.sso_url = 'https://accounts.cloud.databricks.com/saml/new';
    });

    expect(brief(findings)).toEqual([
      expect.objectContaining({ environment: 'prod', severity: 'high', kind: 'saml-settings' }),
    ]);
  });

  test('GIVEN prod rotates to a key generation staging does not have WHEN reviewed THEN it is blocked, and allowed once staging has it', () => {
    const rotate = (stack: Json) => (stack.resource.okta_app_saml.databricks.key_name = '2027-q1');
    const rotatedStaging = example();
    rotate(rotatedStaging.staging);

    const blocked = reviewChange((head) => rotate(head.prod));
    const allowed = reviewChange((head) => rotate(head.prod), rotatedStaging);

    expect(blocked.filter((f) => f.kind === 'promotion').map((f) => f.severity)).toEqual(['high']);
    expect(allowed.filter((f) => f.kind === 'promotion')).toEqual([]);
  });

  test('GIVEN prod deletes the IdP app while staging still has it WHEN reviewed THEN the deletion is blocked', () => {
    const findings = reviewChange((head) => {
      delete head.prod.resource.okta_app_saml;
    });

    expect(findings).toContainEqual(
      expect.objectContaining({ severity: 'high', kind: 'promotion', subject: 'okta_app_saml.databricks' }),
    );
  });

  test('GIVEN prod removes a group staging removed first WHEN reviewed THEN it passes', () => {
    const base = example();
    setPermission(base.staging, 'analysts', 'analytics-staging', null);

    const findings = reviewChange(
      (head) => setPermission(head.prod, 'analysts', 'analytics-prod', null),
      base,
    );

    expect(withoutPromotion(findings)).toHaveLength(1);
    expect(findings.filter((f) => f.kind === 'promotion')).toEqual([]);
  });
});
