import { preflight, type PreflightStack, type StackPreflight } from '../../lib/preflight/preflight';
import { ensureStandins } from '../../lib/preflight/standins';
import type { TerraformDiagnostic } from '../../lib/preflight/terraform';
import { describeWithTerraform } from '../terraform';
import { example, synthesizeStacks } from './stacks';

type Json = Record<string, Record<string, Record<string, Record<string, unknown>>>>;

/*
 * Mistakes that our own checks do not catch, each planted in the built-in staging stack: each
 * must fail preflight with Terraform's own diagnostic, naming the address.
 */
const CASES: Record<string, (stack: Json) => void> = {
  'a string in a number field': (s) => {
    const assignment = s.resource?.databricks_mws_permission_assignment?.['admin_ml-staging'] as Record<
      string,
      unknown
    >;
    assignment.workspace_id = 'ml-staging';
  },
  'an unknown argument': (s) => {
    (s.resource?.okta_app_saml?.databricks as Record<string, unknown>).single_logout_everything = true;
  },
  'a missing required argument': (s) => {
    delete (s.resource?.okta_app_saml?.databricks as Record<string, unknown>).label;
  },
  'a reference to an undeclared resource': (s) => {
    (s.resource?.okta_app_saml?.databricks as Record<string, unknown>).admin_note =
      '${okta_app_saml.other.id}';
  },
  'a for_each over values known only after apply': (s) => {
    (s.resource?.databricks_group_role as Record<string, unknown>).late = {
      for_each: '${toset([okta_app_saml.databricks.id])}',
      provider: 'databricks.account',
      group_id: '${each.value}',
      role: 'account_admin',
    };
  },
  'a computed-only attribute set': (s) => {
    (s.resource?.okta_app_saml?.databricks as Record<string, unknown>).certificate = 'MIIB...';
  },
};

const EXPECTED: Record<string, { summary: RegExp; address: string }> = {
  'a string in a number field': {
    summary: /Incorrect attribute value type/,
    address: 'databricks_mws_permission_assignment.admin_ml-staging',
  },
  'an unknown argument': { summary: /Extraneous JSON object property/, address: 'okta_app_saml.databricks' },
  'a missing required argument': {
    summary: /Missing required argument/,
    address: 'okta_app_saml.databricks',
  },
  'a reference to an undeclared resource': {
    summary: /Reference to undeclared resource/,
    address: 'okta_app_saml.databricks',
  },
  'a for_each over values known only after apply': {
    summary: /Invalid for_each argument/,
    address: 'databricks_group_role.late',
  },
  'a computed-only attribute set': {
    summary:
      /Value for unconfigurable attribute|Invalid Configuration for Read-Only Attribute|Computed attribute/,
    address: 'okta_app_saml.databricks',
  },
};

describeWithTerraform('sso preflight on stacks Terraform must refuse', () => {
  const results = new Map<string, StackPreflight>();

  beforeAll(async () => {
    const cliConfigFile = await ensureStandins();
    const staging = synthesizeStacks(example('staging'))[0] as PreflightStack;
    const names = Object.keys(CASES);
    const broken = names.map((name, i) => {
      const json = structuredClone(staging.json) as Json;
      CASES[name]?.(json);
      return { name: `case-${i}`, json };
    });
    const checked = await preflight(broken, { cliConfigFile });
    checked.forEach((r, i) => results.set(names[i] as string, r));
  }, 600_000);

  test.each(Object.keys(CASES))(
    'GIVEN %s WHEN preflighted THEN Terraform refuses it with its own diagnostic and the address',
    (name) => {
      const r = results.get(name) as StackPreflight;
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      const expected = EXPECTED[name] as { summary: RegExp; address: string };
      expect(r.valid && r.planned).toBe(false);
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining<Partial<TerraformDiagnostic>>({
            summary: expect.stringMatching(expected.summary) as string,
            address: expect.stringContaining(expected.address) as string,
          }),
        ]),
      );
    },
  );
});
