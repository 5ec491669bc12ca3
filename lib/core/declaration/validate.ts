import type { z } from 'zod';
import { describeValue, ValidationError, ValidationErrors } from '../errors';
import { Declaration, declarationSchema } from './schema';

/**
 * Validates one environment's declaration and fills in defaults.
 *
 * @param source names the declaration in messages when its `environment` field is unusable
 *   (a file name, for example)
 * @throws ValidationErrors listing every problem, each naming environment, field, value and expectation
 */
export function validateDeclaration(input: unknown, source = 'declaration'): Declaration {
  const label = environmentLabel(input, source);
  const unsafe = unsafeText(input, []);
  if (unsafe.length > 0) {
    throw new ValidationErrors(
      unsafe.map(
        (p) => new ValidationError(`${label}: ${formatPath(p.path)}`, describeValue(p.value), p.expected),
      ),
    );
  }
  const result = declarationSchema.safeParse(input, { reportInput: true });
  if (!result.success) {
    throw new ValidationErrors(result.error.issues.map((issue) => toValidationError(label, issue)));
  }
  const problems = crossFieldProblems(result.data).map(
    (p) => new ValidationError(`${label}: ${formatPath(p.path)}`, describeValue(p.value), p.expected),
  );
  if (problems.length > 0) throw new ValidationErrors(problems);
  return result.data;
}

/**
 * Validates a set of environments deployed together: unique names, and a promotion order that
 * names environments of the set.
 */
export function validateDeclarations(inputs: readonly { input: unknown; source: string }[]): Declaration[] {
  const errors: ValidationError[] = [];
  const declarations: Declaration[] = [];
  for (const { input, source } of inputs) {
    try {
      declarations.push(validateDeclaration(input, source));
    } catch (e) {
      if (!(e instanceof ValidationErrors)) throw e;
      errors.push(...e.errors);
    }
  }
  if (errors.length > 0) throw new ValidationErrors(errors);

  const names = new Set<string>();
  for (const d of declarations) {
    if (names.has(d.environment)) {
      errors.push(
        new ValidationError(
          `${d.environment}: environment`,
          describeValue(d.environment),
          'a name used once',
        ),
      );
    }
    names.add(d.environment);
  }
  for (const d of declarations) {
    if (d.promotesAfter !== undefined && !names.has(d.promotesAfter)) {
      errors.push(
        new ValidationError(
          `${d.environment}: promotesAfter`,
          describeValue(d.promotesAfter),
          `an environment of this set (${[...names].join(', ')})`,
        ),
      );
    }
  }
  if (errors.length > 0) throw new ValidationErrors(errors);
  return declarations;
}

/**
 * Every string of a declaration can reach the Terraform JSON, where `${` and `%{` start
 * expressions that Terraform evaluates (`${file("/etc/passwd")}` in an app label), and control
 * characters (decoded from `\u001b` escapes) can rewrite a reviewer's terminal. No field needs them.
 */
function unsafeText(value: unknown, path: readonly PropertyKey[]): Problem[] {
  if (typeof value === 'string') {
    if (/[$%]\{/.test(value)) {
      return [{ path, value, expected: 'text without the Terraform template sequences ${ or %{' }];
    }
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) {
      return [{ path, value, expected: 'text without control characters' }];
    }
    return [];
  }
  // Plain loops: an array built in code can carry an own `constructor` that breaks Array methods.
  const problems: Problem[] = [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) problems.push(...unsafeText(value[i], [...path, i]));
    return problems;
  }
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      for (const p of unsafeText(key, [...path, key])) {
        problems.push({ ...p, expected: p.expected.replace(/^text/, 'a name') });
      }
      problems.push(...unsafeText((value as Record<string, unknown>)[key], [...path, key]));
    }
  }
  return problems;
}

function environmentLabel(input: unknown, source: string): string {
  const env = (input as { environment?: unknown } | null)?.environment;
  return typeof env === 'string' && /^[a-z][a-z0-9-]{0,39}$/.test(env) ? env : source;
}

/** A declaration field as messages spell it: `groups.analysts.workspaces.ml-prod`, `groups["Data Team"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`;
      const text = String(key);
      const plain = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(text);
      return plain ? `${i === 0 ? '' : '.'}${text}` : `[${JSON.stringify(text)}]`;
    })
    .join('');
}

function toValidationError(label: string, issue: z.core.$ZodIssue): ValidationError {
  const path = formatPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const where = issue.path.length === 0 ? '' : `${path}.`;
      return new ValidationError(
        `${label}: ${where}${issue.keys[0] ?? ''}`,
        `an unknown field ${describeValue(issue.keys.join(', '))}`,
        'only the fields of the declaration schema (see `sso schema`)',
      );
    }
    case 'invalid_key':
      return new ValidationError(`${label}: ${path}`, describeValue(issue.input), keyExpectation(issue));
    case 'invalid_type':
      if (issue.input === undefined) {
        return new ValidationError(`${label}: ${path}`, 'nothing (the field is missing)', expectation(issue));
      }
      return new ValidationError(`${label}: ${path}`, describeValue(issue.input), expectation(issue));
    default:
      return new ValidationError(`${label}: ${path}`, describeValue(issue.input), expectation(issue));
  }
}

/** Zod's own messages read "Invalid input: expected X, received Y"; ours keep only what was expected. */
function expectation(issue: z.core.$ZodIssue): string {
  // A message the schema wrote itself is already phrased as the expectation.
  if (!/^(Invalid|Too (small|big)|Unrecognized)/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `a value of type ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `at least ${issue.minimum} item(s)`
        : issue.origin === 'string'
          ? `at least ${issue.minimum} character(s)`
          : `a number >= ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `at most ${issue.maximum} item(s)`
        : issue.origin === 'string'
          ? `at most ${issue.maximum} character(s)`
          : `a number <= ${issue.maximum}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return 'a value matching the schema';
    case 'not_multiple_of':
      return `a multiple of ${issue.divisor}`;
    default:
      return issue.message.replace(/^Invalid input: expected /, '');
  }
}

function keyExpectation(issue: z.core.$ZodIssue & { code: 'invalid_key' }): string {
  const inner = issue.issues[0];
  return inner ? expectation(inner as z.core.$ZodIssue) : 'a valid key';
}

interface Problem {
  readonly path: readonly PropertyKey[];
  readonly value: unknown;
  readonly expected: string;
}

function crossFieldProblems(d: Declaration): Problem[] {
  const problems: Problem[] = [];
  const workspaceNames = Object.keys(d.databricks.workspaces);

  if (workspaceNames.length === 0) {
    problems.push({
      path: ['databricks', 'workspaces'],
      value: d.databricks.workspaces,
      expected: 'at least one workspace',
    });
  }
  problems.push(...cloudProblems(d));
  if (d.promotesAfter === d.environment) {
    problems.push({
      path: ['promotesAfter'],
      value: d.promotesAfter,
      expected: 'another environment than itself',
    });
  }
  // It waives the lead behind the environment this one promotes after: without one it waives nothing.
  if (d.emergencyRotation !== undefined && d.promotesAfter === undefined) {
    problems.push({
      path: ['emergencyRotation'],
      value: d.emergencyRotation,
      expected:
        'no emergencyRotation on an environment without promotesAfter (it rotates without a lead anyway)',
    });
  }
  problems.push(
    ...duplicates(
      Object.entries(d.databricks.workspaces).map(([name, w]) => [
        ['databricks', 'workspaces', name, 'id'],
        w.id,
      ]),
      'a workspace id used by one workspace only',
    ),
    ...duplicates(
      Object.entries(d.databricks.workspaces).map(([name, w]) => [
        ['databricks', 'workspaces', name, 'url'],
        w.url,
      ]),
      'a workspace URL used by one workspace only',
    ),
    ...duplicates(
      d.assertion.attributes.map((a, i) => [['assertion', 'attributes', i], a]),
      'each attribute once',
    ),
    ...duplicates(
      d.emergencyAccess.map((e, i) => [['emergencyAccess', i], e]),
      'each user once',
      (e) => e.toLowerCase(),
    ),
    ...duplicates(
      Object.keys(d.groups).map((g) => [['groups', g], g]),
      'group names that differ by more than letter case (Databricks group names are case-insensitive)',
      (g) => g.toLowerCase(),
    ),
  );
  problems.push(...signInAuditProblems(d, workspaceNames));

  for (const [group, mapping] of Object.entries(d.groups)) {
    const at = ['groups', group];
    for (const workspace of Object.keys(mapping.workspaces)) {
      if (!workspaceNames.includes(workspace)) {
        problems.push({
          path: [...at, 'workspaces', workspace],
          value: workspace,
          expected: `a workspace declared in databricks.workspaces (${listNames(workspaceNames)})`,
        });
      }
    }
    problems.push(
      ...duplicates(
        mapping.entitlements.map((e, i) => [[...at, 'entitlements', i], e]),
        'each entitlement once',
      ),
      ...duplicates(
        mapping.accountRoles.map((r, i) => [[...at, 'accountRoles', i], r]),
        'each account role once',
      ),
    );
    if (mapping.entitlements.length > 0 && Object.keys(mapping.workspaces).length === 0) {
      problems.push({
        path: [...at, 'entitlements'],
        value: mapping.entitlements,
        expected: 'a group assigned to at least one workspace (entitlements are granted per workspace)',
      });
    }
  }
  return problems;
}

// Azure Databricks signs users in through Entra ID natively: SAML settings there would be ignored,
// so asking for them is a mistake worth stopping on. AWS and GCP sign in only through SAML.
function cloudProblems(d: Declaration): Problem[] {
  const problems: Problem[] = [];
  const { cloud } = d.databricks;
  if (cloud === 'azure') {
    const native =
      'Azure Databricks signs users in through Entra ID natively; SAML SSO applies to AWS and GCP';
    if (d.idp.kind !== 'entra') {
      problems.push({
        path: ['idp', 'kind'],
        value: d.idp.kind,
        expected: `"entra" on cloud "azure" (${native})`,
      });
    }
    if (d.databricks.redirectUrl !== undefined) {
      problems.push({
        path: ['databricks', 'redirectUrl'],
        value: d.databricks.redirectUrl,
        expected: `no redirectUrl on cloud "azure" (${native})`,
      });
    }
    if (d.signingKey !== undefined) {
      problems.push({
        path: ['signingKey'],
        value: d.signingKey,
        expected: `no signingKey on cloud "azure" (${native})`,
      });
    }
    if (d.emergencyRotation !== undefined) {
      problems.push({
        path: ['emergencyRotation'],
        value: d.emergencyRotation,
        expected: `no emergencyRotation on cloud "azure" (no SAML signing key: ${native})`,
      });
    }
    if (d.idp.kind === 'entra' && d.idp.activateCertificate) {
      problems.push({
        path: ['idp', 'activateCertificate'],
        value: true,
        expected: `false on cloud "azure" (no SAML signing certificate: ${native})`,
      });
    }
    return problems;
  }
  if (d.databricks.redirectUrl === undefined) {
    problems.push({
      path: ['databricks', 'redirectUrl'],
      value: undefined,
      expected: `the account console's Databricks Redirect URL (required on cloud "${cloud}", where users sign in through SAML)`,
    });
  }
  if (d.signingKey === undefined) {
    problems.push({
      path: ['signingKey'],
      value: undefined,
      expected: `{ generation, issued } of the IdP's current signing key (required on cloud "${cloud}")`,
    });
  }
  if (d.idp.kind === 'entra' && d.idp.scim?.enabled === true) {
    problems.push({
      path: ['idp', 'scim', 'enabled'],
      value: true,
      expected: `false or no scim field on cloud "${cloud}" (this stack provisions SCIM for Azure Databricks only)`,
    });
  }
  return problems;
}

/** The workspaces that enable system.access: declared ones, each once (two would manage one schema). */
function signInAuditProblems(d: Declaration, workspaceNames: readonly string[]): Problem[] {
  const named = d.signInAudit?.workspaces ?? [];
  const unknown: Problem[] = named.flatMap((workspace, i) =>
    workspaceNames.includes(workspace)
      ? []
      : [
          {
            path: ['signInAudit', 'workspaces', i],
            value: workspace,
            expected: `a workspace declared in databricks.workspaces (${listNames(workspaceNames)})`,
          },
        ],
  );
  return [
    ...unknown,
    ...duplicates(
      named.map((w, i) => [['signInAudit', 'workspaces', i], w]),
      'each workspace once (one per Unity Catalog metastore)',
    ),
  ];
}

function listNames(names: readonly string[]): string {
  return names.length <= 10
    ? names.join(', ')
    : `${names.slice(0, 10).join(', ')}, ... ${names.length - 10} more`;
}

function duplicates(
  entries: readonly (readonly [readonly PropertyKey[], string])[],
  expected: string,
  normalize: (value: string) => string = (value) => value,
): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const [path, value] of entries) {
    if (seen.has(normalize(value))) problems.push({ path, value, expected });
    seen.add(normalize(value));
  }
  return problems;
}
