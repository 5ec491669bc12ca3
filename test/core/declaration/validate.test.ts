import { validateDeclaration, validateDeclarations } from '../../../lib/core/declaration/validate';
import { ValidationError } from '../../../lib/core/errors';
import { example } from '../../helpers';

/** Returns the validation message for a declaration changed by `mutate`. */
function rejection(
  mutate: (d: ReturnType<typeof example>) => void,
  env: 'staging' | 'prod' = 'staging',
): string {
  const d = example(env);
  mutate(d);
  try {
    validateDeclaration(d);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message;
  }
  throw new Error('expected the declaration to be rejected');
}

describe('validateDeclaration', () => {
  test('GIVEN the built-in examples WHEN validated THEN defaults are filled in', () => {
    const d = validateDeclaration(example('prod'));
    expect(d.groups['data-scientists']?.source).toBe('scim');
    expect(d.groups['data-scientists']?.accountRoles).toEqual([]);
    expect(d.backend).toEqual({ type: 'local' });
  });

  test('GIVEN an http redirect URL THEN the message names environment, field, value and expectation', () => {
    expect(
      rejection((d) => {
        d.databricks.redirectUrl = 'http://accounts.cloud.databricks.com/saml';
      }),
    ).toBe(
      'staging: databricks.redirectUrl: expected an https:// URL with a host name and no credentials or spaces, ' +
        'got "http://accounts.cloud.databricks.com/saml"',
    );
  });

  test('GIVEN a workspace URL that is not a URL THEN it is rejected', () => {
    expect(
      rejection((d) => {
        (d.databricks.workspaces['ml-staging'] as { url: string }).url = 'acme.cloud.databricks.com';
      }),
    ).toMatch(/^staging: databricks\.workspaces\.ml-staging\.url: expected an https:\/\/ URL.*got "acme/);
  });

  test('GIVEN a non-numeric workspace id THEN it is rejected', () => {
    expect(
      rejection((d) => {
        (d.databricks.workspaces['ml-staging'] as { id: string }).id = 'abc';
      }),
    ).toMatch(/databricks\.workspaces\.ml-staging\.id: expected a numeric workspace id.*got "abc"/);
  });

  test('GIVEN a numeric workspace id as a number THEN it is accepted as its digits', () => {
    const d = example();
    (d.databricks.workspaces['ml-staging'] as { id: unknown }).id = 1122334455667788;
    expect(validateDeclaration(d).databricks.workspaces['ml-staging']?.id).toBe('1122334455667788');
  });

  test('GIVEN a mapping to an unknown workspace THEN it names the workspaces that exist', () => {
    expect(
      rejection((d) => {
        (d.groups.analysts as { workspaces: Record<string, string> }).workspaces['ml-prod'] = 'USER';
      }),
    ).toMatch(
      /groups\.analysts\.workspaces\.ml-prod: expected a workspace declared in databricks\.workspaces \(ml-staging, analytics-staging\)/,
    );
  });

  test('GIVEN two groups differing only by case THEN it is a duplicate', () => {
    expect(
      rejection((d) => {
        d.groups.Analysts = { workspaces: { 'analytics-staging': 'USER' } };
      }),
    ).toMatch(/groups\.Analysts: expected group names that differ by more than letter case/);
  });

  test('GIVEN an attribute outside the known set THEN the allowed values are listed', () => {
    expect(
      rejection((d) => {
        (d.assertion as { attributes: string[] }).attributes = ['email', 'ssn'];
      }),
    ).toMatch(/assertion\.attributes\[1\]: expected one of .*email.*got "ssn"/);
  });

  test('GIVEN an attribute listed twice THEN it is rejected', () => {
    expect(
      rejection((d) => {
        (d.assertion as { attributes: string[] }).attributes = ['email', 'email'];
      }),
    ).toMatch(/assertion\.attributes\[1\]: expected each attribute once/);
  });

  test('GIVEN an unknown permission THEN USER or ADMIN is expected', () => {
    expect(
      rejection((d) => {
        (d.groups.analysts as { workspaces: Record<string, string> }).workspaces['analytics-staging'] =
          'OWNER';
      }),
    ).toMatch(/groups\.analysts\.workspaces\.analytics-staging: expected "USER" or "ADMIN", got "OWNER"/);
  });

  test('GIVEN an unknown field THEN it is named', () => {
    expect(
      rejection((d) => {
        (d.databricks as Record<string, unknown>).region = 'us-east-1';
      }),
    ).toMatch(/^staging: databricks\.region: expected only the fields of the declaration schema/);
  });

  test('GIVEN a missing required field THEN it says the field is missing', () => {
    expect(
      rejection((d) => {
        delete (d as Record<string, unknown>).session;
      }),
    ).toMatch(/^staging: session: expected .*got nothing \(the field is missing\)/);
  });

  test('GIVEN an idle timeout out of range THEN the bound is given', () => {
    expect(
      rejection((d) => {
        (d.session as { idleMinutes: number }).idleMinutes = 2;
      }),
    ).toMatch(/session\.idleMinutes: expected a number >= 5, got 2/);
  });

  test('GIVEN an impossible issue date THEN a real calendar date is expected', () => {
    expect(
      rejection((d) => {
        d.signingKey = { generation: '2026-q4', issued: '2026-02-30' };
      }),
    ).toMatch(/signingKey\.issued: expected a real calendar date as YYYY-MM-DD, got "2026-02-30"/);
  });

  test('GIVEN a group name with a Terraform template sequence THEN it is rejected', () => {
    expect(
      rejection((d) => {
        d.groups['${file("/etc/passwd")}'] = { workspaces: {} };
      }),
    ).toMatch(/expected a name without the Terraform template sequences \$\{ or %\{/);
  });

  test('GIVEN a Terraform expression in a free-text label THEN it is rejected before reaching the JSON', () => {
    expect(
      rejection((d) => {
        (d.idp as { appLabel?: string }).appLabel = 'Databricks ${file("/etc/passwd")}';
      }),
    ).toMatch(/^staging: idp\.appLabel: expected text without the Terraform template sequences/);
  });

  test('GIVEN an escaped control character in a string THEN it is rejected', () => {
    expect(
      rejection((d) => {
        (d.idp as { appLabel?: string }).appLabel = 'Databricks\u001b[2J';
      }),
    ).toMatch(/idp\.appLabel: expected text without control characters/);
  });

  test('GIVEN an array carrying an own constructor property THEN validation reads its items, no crash', () => {
    const d = example();
    Object.defineProperty(d.emergencyAccess, 'constructor', { value: false, enumerable: true });
    expect(validateDeclaration(d).emergencyAccess).toEqual(['breakglass-staging@acme-analytics.com']);
  });

  test('GIVEN credentials in a URL THEN the message does not repeat them', () => {
    const message = rejection((d) => {
      d.databricks.redirectUrl = 'http://admin:hunter2@accounts.example.com/saml';
    });
    expect(message).not.toContain('hunter2');
    expect(message).toContain('http://***@accounts.example.com/saml');
  });

  test('GIVEN thousands of problems THEN the first 50 are listed and the rest counted', () => {
    const message = rejection((d) => {
      for (let i = 0; i < 120; i++) d.groups[`team-${i}`] = { workspaces: { nowhere: 'USER' } };
    });
    expect(message.split('\n')).toHaveLength(51);
    expect(message).toMatch(/\.\.\. and 70 more problems$/);
  });

  test('GIVEN an account id that is not a UUID THEN it is rejected', () => {
    expect(
      rejection((d) => {
        d.databricks.accountId = 'acme';
      }),
    ).toMatch(/databricks\.accountId: expected a Databricks account id/);
  });

  test('GIVEN two workspaces with one id THEN the second is a duplicate', () => {
    expect(
      rejection((d) => {
        (d.databricks.workspaces['analytics-staging'] as { id: string }).id = '1122334455667788';
      }),
    ).toMatch(
      /databricks\.workspaces\.analytics-staging\.id: expected a workspace id used by one workspace only/,
    );
  });

  test('GIVEN entitlements on a group with no workspace THEN it is rejected', () => {
    expect(
      rejection((d) => {
        d.groups.readers = { entitlements: ['workspace-access'] };
      }),
    ).toMatch(/groups\.readers\.entitlements: expected a group assigned to at least one workspace/);
  });

  test('GIVEN an Okta IdP on Azure Databricks THEN it explains that Azure signs in through Entra ID', () => {
    expect(
      rejection((d) => {
        d.databricks.cloud = 'azure';
      }),
    ).toMatch(
      /idp\.kind: expected "entra" on cloud "azure" \(Azure Databricks signs users in through Entra ID natively; SAML SSO applies to AWS and GCP\)/,
    );
  });

  test('GIVEN an emergency-access entry that is not an email THEN it is rejected', () => {
    expect(
      rejection((d) => {
        d.emergencyAccess = ['breakglass'];
      }),
    ).toMatch(/emergencyAccess\[0\]: expected an email address, got "breakglass"/);
  });

  test('GIVEN a local backend path that climbs out THEN it is rejected', () => {
    expect(
      rejection((d) => {
        d.backend = { type: 'local', path: '../../state.tfstate' };
      }),
    ).toMatch(/backend\.path: expected a relative path without "\.\."/);
  });

  test('GIVEN a promotion override with only a reason THEN the changes it covers are asked for', () => {
    expect(
      rejection((d) => {
        d.promotionOverride = { reason: 'INC-4711: data scientists need admin' } as never;
      }, 'prod'),
    ).toBe(
      'prod: promotionOverride.covers: expected a list of the changes it lets through, as `sso review` names them, ' +
        'got nothing (the field is missing)',
    );
    expect(
      rejection((d) => {
        d.promotionOverride = { reason: 'INC-4711: data scientists need admin', covers: [] };
      }, 'prod'),
    ).toMatch(/^prod: promotionOverride\.covers: expected at least one change it lets through/);
  });

  test('GIVEN a promotion override with covers and an expiry THEN it is accepted as written', () => {
    const override = {
      reason: 'INC-4711: data scientists need admin',
      covers: ['data-scientists on ml-prod'],
      expires: '2026-12-01',
    };

    expect(
      validateDeclaration({ ...example('prod'), promotionOverride: override }).promotionOverride,
    ).toEqual(override);
    expect(
      rejection((d) => {
        d.promotionOverride = { ...override, expires: 'next week' };
      }, 'prod'),
    ).toBe('prod: promotionOverride.expires: expected a real calendar date as YYYY-MM-DD, got "next week"');
  });

  test('GIVEN an emergency rotation THEN generation, reason and expiry are checked, and it needs promotesAfter', () => {
    const emergency = { generation: '2027-q1', reason: 'INC-9: prod key overdue', expires: '2027-01-20' };

    expect(
      validateDeclaration({ ...example('prod'), emergencyRotation: emergency }).emergencyRotation,
    ).toEqual(emergency);
    expect(
      rejection((d) => {
        d.emergencyRotation = { ...emergency, reason: 'overdue' };
      }, 'prod'),
    ).toBe(
      'prod: emergencyRotation.reason: expected a written reason of at least 10 characters, got "overdue"',
    );
    expect(
      rejection((d) => {
        d.emergencyRotation = { generation: '2027-q1', reason: 'INC-9: prod key overdue' } as never;
      }, 'prod'),
    ).toMatch(/^prod: emergencyRotation\.expires: expected .*got nothing \(the field is missing\)/);
    expect(
      rejection((d) => {
        d.emergencyRotation = emergency;
      }),
    ).toMatch(
      /^staging: emergencyRotation: expected no emergencyRotation on an environment without promotesAfter/,
    );
  });

  test('GIVEN signingKey.adopted THEN it must be a real date', () => {
    expect(
      validateDeclaration({
        ...example('prod'),
        signingKey: { generation: '2026-q4', issued: '2026-10-14', adopted: '2026-10-14' },
      }).signingKey?.adopted,
    ).toBe('2026-10-14');
    expect(
      rejection((d) => {
        d.signingKey = { generation: '2026-q4', issued: '2026-10-14', adopted: '2026-02-30' };
      }, 'prod'),
    ).toBe('prod: signingKey.adopted: expected a real calendar date as YYYY-MM-DD, got "2026-02-30"');
  });

  test('GIVEN several problems THEN all are reported at once', () => {
    const message = rejection((d) => {
      d.databricks.redirectUrl = 'http://x.example.com';
      (d.session as { lifetimeHours: number }).lifetimeHours = 0;
    });
    expect(message.split('\n')).toHaveLength(2);
  });
});

describe('validateDeclarations', () => {
  test('GIVEN two environments with one name THEN the name must be unique', () => {
    expect(() =>
      validateDeclarations([
        { input: example('staging'), source: 'a' },
        { input: example('staging'), source: 'b' },
      ]),
    ).toThrow(/staging: environment: expected a name used once/);
  });

  test('GIVEN prod promoting after a missing environment THEN the set is rejected', () => {
    expect(() => validateDeclarations([{ input: example('prod'), source: 'prod.yaml' }])).toThrow(
      /prod: promotesAfter: expected an environment of this set \(prod\), got "staging"/,
    );
  });

  test('GIVEN an unreadable environment name THEN the source names the declaration', () => {
    const d = example();
    d.environment = 'Bad Name';
    expect(() => validateDeclarations([{ input: d, source: 'team.yaml' }])).toThrow(
      /^team\.yaml: environment:/,
    );
  });
});
