import { accountGroups, isAccountMember, rehearsalEnvironment } from '../../../lib/core/declaration/account';
import { validateDeclaration, validateDeclarations } from '../../../lib/core/declaration/validate';
import { ValidationError } from '../../../lib/core/errors';
import { example } from '../../helpers';
import { SHARED_ACCOUNT_ID, sharedProd, sharedStaging, stagingInProdAccount } from '../../shared-account';

const validate = (...inputs: unknown[]) =>
  validateDeclarations(inputs.map((input, i) => ({ input, source: `declaration ${i}` })));

/** The message `validateDeclarations` throws for these inputs. */
function rejection(...inputs: unknown[]): string {
  try {
    validate(...inputs);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message;
  }
  throw new Error('expected the declarations to be rejected');
}

describe('one Databricks account per environment, or one shared on purpose', () => {
  test('GIVEN two environments naming one accountId without sharedAccount WHEN validated together THEN one message names both environments and explains both shapes', () => {
    const message = rejection(stagingInProdAccount(), example('prod'));

    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^staging, prod: databricks\.accountId: expected /);
    expect(message).toContain('one Databricks account per environment (give each its own accountId)');
    expect(message).toContain(
      'databricks.sharedAccount: { owner: <one of staging, prod>, environments: [staging, prod] }',
    );
    expect(message).toMatch(new RegExp(`got "${SHARED_ACCOUNT_ID}" in each of staging and prod$`));
  });

  test('GIVEN the built-in example (one account each) WHEN validated together THEN it is accepted as before', () => {
    expect(validate(example('staging'), example('prod')).map((d) => d.databricks.sharedAccount)).toEqual([
      undefined,
      undefined,
    ]);
  });

  test('GIVEN the shared form WHEN validated THEN the environment that does not own the account takes its account-level fields from the owner', () => {
    const [staging, prod] = validate(sharedStaging(), sharedProd());

    expect(isAccountMember(staging!)).toBe(true);
    expect(isAccountMember(prod!)).toBe(false);
    expect({
      idp: staging?.idp,
      redirectUrl: staging?.databricks.redirectUrl,
      signingKey: staging?.signingKey,
      session: staging?.session,
      emergencyAccess: staging?.emergencyAccess,
    }).toEqual({
      idp: prod?.idp,
      redirectUrl: prod?.databricks.redirectUrl,
      signingKey: prod?.signingKey,
      session: prod?.session,
      emergencyAccess: prod?.emergencyAccess,
    });
  });

  test("GIVEN the environment that does not own the account repeats the owner's values WHEN validated THEN it is accepted", () => {
    const staging = sharedStaging();
    staging.idp = structuredClone(example('prod').idp);
    staging.session = structuredClone(example('prod').session);

    expect(validate(staging, sharedProd())[0]?.idp).toEqual(validateDeclaration(example('prod')).idp);
  });

  test('GIVEN it declares a session of its own WHEN validated THEN it is refused: the session policy is the owner IdP app', () => {
    const staging = sharedStaging();
    staging.session = { idleMinutes: 60, lifetimeHours: 12 };

    expect(rejection(staging, sharedProd())).toBe(
      `staging: session: expected prod's value, or no session at all: prod owns account ${SHARED_ACCOUNT_ID}, ` +
        "so the session policy of its IdP app serve staging too (leave the field out to take prod's), got an object",
    );
  });

  test('GIVEN it declares a signing key of its own WHEN validated THEN it is refused: the account has one key', () => {
    const staging = sharedStaging();
    staging.signingKey = { generation: '2027-q1', issued: '2026-10-05' };

    expect(rejection(staging, sharedProd())).toMatch(
      /^staging: signingKey: expected prod's value, or no signingKey at all: prod owns account .*one signing key/,
    );
  });

  test('GIVEN it is validated without its owner WHEN validated THEN the messages say the owner is missing from the set', () => {
    const message = rejection(sharedStaging());

    expect(message).toContain(
      'staging: idp: expected the idp of prod, which owns this shared account (validate staging together with ' +
        "prod's declaration, whose idp it takes), got nothing (the field is missing)",
    );
  });

  test('GIVEN sharedAccount names an environment missing from the set WHEN validated THEN that name is refused', () => {
    const prod = sharedProd();
    delete prod.promotesAfter;
    prod.databricks.sharedAccount = { owner: 'prod', environments: ['prod', 'dev'] };

    expect(rejection(prod)).toMatch(
      /^prod: databricks\.sharedAccount\.environments: expected environments of this set \(prod\).*got "dev"$/,
    );
  });

  test('GIVEN two environments of one account disagree on its owner WHEN validated THEN the second is refused', () => {
    const staging = stagingInProdAccount();
    staging.databricks.sharedAccount = { owner: 'staging', environments: ['staging', 'prod'] };

    expect(rejection(staging, sharedProd())).toMatch(
      /^prod: databricks\.sharedAccount: expected the same block as staging \(\{ owner: staging, environments: \[prod, staging\] \}\): account .* has one owner/m,
    );
  });

  test('GIVEN a staging environment owns an account prod shares WHEN validated THEN it is refused: the pieces need production guards', () => {
    const staging = stagingInProdAccount();
    staging.databricks.sharedAccount = { owner: 'staging', environments: ['staging', 'prod'] };
    const prod = example('prod');
    prod.databricks.sharedAccount = { owner: 'staging', environments: ['staging', 'prod'] };
    for (const field of ['idp', 'session', 'signingKey', 'emergencyAccess'] as const) delete prod[field];
    const { redirectUrl: _r, ...databricks } = prod.databricks;
    prod.databricks = databricks;
    for (const group of Object.values(prod.groups)) delete group.accountRoles;

    expect(rejection(staging, prod)).toMatch(
      /^staging: databricks\.sharedAccount\.owner: expected a production environment of the account \(prod\)/,
    );
  });

  test('GIVEN the environment that does not own the account grants an account role WHEN validated THEN it is refused, naming the owner', () => {
    const staging = sharedStaging();
    (staging.groups['databricks-platform-admins'] as { accountRoles?: string[] }).accountRoles = [
      'account_admin',
    ];

    expect(rejection(staging, sharedProd())).toMatch(
      /^staging: groups\.databricks-platform-admins\.accountRoles: expected no accountRoles: prod owns account .* declare databricks-platform-admins's roles in prod's declaration/,
    );
  });

  test('GIVEN it declares an emergency rotation WHEN validated THEN it is refused: the key is the owner', () => {
    const staging = sharedStaging();
    staging.promotesAfter = 'prod';
    staging.emergencyRotation = {
      generation: '2027-q1',
      reason: 'INC-1 key compromised',
      expires: '2027-01-10',
    };

    expect(rejection(staging, sharedProd())).toMatch(
      /^staging: emergencyRotation: expected no emergencyRotation: prod owns account/,
    );
  });

  test('GIVEN the owner declares an emergency rotation behind an environment of its own account WHEN validated THEN it is refused: there is no lead to waive', () => {
    const prod = sharedProd();
    prod.emergencyRotation = {
      generation: '2027-q1',
      reason: 'INC-1 key compromised',
      expires: '2027-01-10',
    };

    expect(rejection(sharedStaging(), prod)).toMatch(
      /^prod: emergencyRotation: expected no emergencyRotation: staging uses the same account .* there is no lead to waive/,
    );
  });

  test('GIVEN a group synced by SCIM in one environment and created by Terraform in the other WHEN validated THEN it is refused: the account has one such group', () => {
    const staging = sharedStaging();
    (staging.groups['audit-readers'] as { source?: string }).source = 'scim';

    expect(rejection(staging, sharedProd())).toMatch(
      /^(staging|prod): groups\.audit-readers\.source: expected "(terraform|scim)", as (prod|staging) declares it/,
    );
  });
});

describe('the Redirect URL names the account', () => {
  test('GIVEN a Redirect URL naming another account than accountId WHEN validated THEN it is refused with field, value and the expected account', () => {
    const staging = example('staging');
    staging.databricks.redirectUrl = example('prod').databricks.redirectUrl;

    expect(() => validateDeclaration(staging)).toThrow(
      'staging: databricks.redirectUrl: expected the Databricks Redirect URL of account ' +
        '3f1c2b7e-8d4a-4e5b-9c6f-0a1b2c3d4e5f (databricks.accountId); this one names account ' +
        `${SHARED_ACCOUNT_ID}: copy it from that account's console (Settings > Authentication > Single sign-on), ` +
        'or fix accountId, got "https://accounts.cloud.databricks.com/oidc/accounts/9a8b7c6d-5e4f-4a3b-8c2d-1..."',
    );
  });

  test('GIVEN a Redirect URL that carries no account id WHEN validated THEN it is accepted as copied', () => {
    const staging = example('staging');
    staging.databricks.redirectUrl = 'https://acme.cloud.databricks.com/saml/consume';

    expect(validateDeclaration(staging).databricks.redirectUrl).toBe(
      'https://acme.cloud.databricks.com/saml/consume',
    );
  });
});

describe('account topology helpers', () => {
  test("GIVEN the shared form WHEN the owner's account groups are listed THEN a group only staging maps comes with its source and no grants", () => {
    const staging = sharedStaging();
    staging.groups['staging-testers'] = { source: 'terraform', workspaces: { 'ml-staging': 'USER' } };
    const declarations = validate(staging, sharedProd());

    const groups = accountGroups(declarations[1]!, declarations);

    expect(Object.keys(groups).sort()).toEqual([
      'analysts',
      'audit-readers',
      'data-scientists',
      'databricks-platform-admins',
      'ml-engineers',
      'staging-testers',
    ]);
    expect(groups['staging-testers']).toEqual({
      source: 'terraform',
      workspaces: {},
      entitlements: [],
      accountRoles: [],
      privileged: false,
    });
    expect(groups['data-scientists']).toBe(declarations[1]?.groups['data-scientists']);
  });

  test('GIVEN prod promotes after staging in the same account WHEN its rehearsal environment is asked THEN there is none', () => {
    const declarations = validate(sharedStaging(), sharedProd());

    expect(rehearsalEnvironment(declarations[1]!, declarations)).toBeUndefined();
  });

  test('GIVEN separate accounts WHEN the rehearsal environment of prod is asked THEN it is staging', () => {
    const declarations = validate(example('staging'), example('prod'));

    expect(rehearsalEnvironment(declarations[1]!, declarations)).toBe('staging');
  });
});
