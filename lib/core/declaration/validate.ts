import type { z } from 'zod';
import { describeValue, ValidationError, ValidationErrors } from '../errors';
import { ACCOUNT_LEVEL_FIELDS, rehearsalEnvironment } from './account';
import { Declaration, declarationSchema } from './schema';

/**
 * Validates one environment's declaration and fills in defaults.
 *
 * @param input - the parsed declaration, as {@link readDeclarationFile} returns it
 * @param source - names the declaration in messages when its `environment` field is unusable
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
  const missing = missingFieldProblems(result.data);
  // Without idp and session nothing else can be judged; with them, the parsed value is a Declaration.
  const problems = (missing.length > 0 ? missing : crossFieldProblems(result.data as Declaration)).map(
    (p) =>
      new ValidationError(
        `${label}: ${formatPath(p.path)}`,
        p.value === undefined ? 'nothing (the field is missing)' : describeValue(p.value),
        p.expected,
      ),
  );
  if (problems.length > 0) throw new ValidationErrors(problems);
  return result.data as Declaration;
}

/**
 * Validates a set of environments deployed together: unique names, and a promotion order that
 * names environments of the set.
 */
export function validateDeclarations(inputs: readonly { input: unknown; source: string }[]): Declaration[] {
  const errors: ValidationError[] = [];
  const validated = new Map<number, Declaration>();
  const attempt = (index: number, input: unknown, source: string): Declaration | undefined => {
    try {
      const declaration = validateDeclaration(input, source);
      validated.set(index, declaration);
      return declaration;
    } catch (e) {
      if (!(e instanceof ValidationErrors)) throw e;
      errors.push(...e.errors);
      return undefined;
    }
  };
  // Owners first: an environment sharing an account it does not own takes the account's fields from its owner.
  const owners = new Map<string, { input: unknown; declaration: Declaration }>();
  inputs.forEach(({ input, source }, index) => {
    if (ownerNamed(input) !== undefined) return;
    const declaration = attempt(index, input, source);
    if (declaration) owners.set(declaration.environment, { input, declaration });
  });
  inputs.forEach(({ input, source }, index) => {
    const ownerName = ownerNamed(input);
    if (ownerName === undefined) return;
    const owner = owners.get(ownerName);
    const declaration = attempt(index, owner ? inheritAccountFields(input, owner.input) : input, source);
    if (declaration && owner) errors.push(...inheritedConflicts(input, declaration, owner.declaration));
  });
  if (errors.length > 0) throw new ValidationErrors(errors);
  const declarations = inputs.map((_, index) => validated.get(index) as Declaration);

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
  errors.push(...accountProblems(declarations));
  if (errors.length > 0) throw new ValidationErrors(errors);
  return declarations;
}

/** The owner a raw declaration names when it shares an account it does not own. */
function ownerNamed(input: unknown): string | undefined {
  if (!isRecord(input) || !isRecord(input.databricks) || !isRecord(input.databricks.sharedAccount)) {
    return undefined;
  }
  const owner = input.databricks.sharedAccount.owner;
  return typeof owner === 'string' && owner !== input.environment ? owner : undefined;
}

/** The member's raw declaration with each account-level field it leaves out taken from its owner's. */
function inheritAccountFields(input: unknown, ownerInput: unknown): unknown {
  if (!isRecord(input) || !isRecord(ownerInput)) return input;
  const merged: Record<string, unknown> = { ...input };
  for (const path of ACCOUNT_LEVEL_FIELDS) {
    const theirs = valueAt(ownerInput, path);
    if (valueAt(input, path) !== undefined || theirs === undefined) continue;
    if (path.length === 1) merged[path[0]] = theirs;
    else if (isRecord(merged.databricks)) merged.databricks = { ...merged.databricks, [path[1]]: theirs };
  }
  return merged;
}

/** What the account-level fields are, in messages about a member repeating them differently. */
const ACCOUNT_FIELD_MEANING: Readonly<Record<string, string>> = {
  idp: 'the IdP app users sign in through',
  redirectUrl: 'the SSO settings',
  signingKey: "the account's one signing key",
  session: 'the session policy of its IdP app',
  assertion: 'the attributes its IdP app sends',
  emergencyAccess: 'the emergency-access users of the account',
  rotation: "the rotation of the account's signing key",
};

/** An account-level field a member repeats must hold the owner's value: the account has one of each. */
function inheritedConflicts(input: unknown, member: Declaration, owner: Declaration): ValidationError[] {
  const errors: ValidationError[] = [];
  for (const path of ACCOUNT_LEVEL_FIELDS) {
    const written = valueAt(input, path);
    if (written === undefined) continue;
    if (canonical(valueAt(member, path)) === canonical(valueAt(owner, path))) continue;
    const field = path[path.length - 1] as string;
    errors.push(
      new ValidationError(
        `${member.environment}: ${formatPath(path)}`,
        describeValue(written),
        `${owner.environment}'s value, or no ${field} at all: ${owner.environment} owns account ` +
          `${member.databricks.accountId}, so ${ACCOUNT_FIELD_MEANING[field] ?? field} serve ` +
          `${member.environment} too (leave the field out to take ${owner.environment}'s)`,
      ),
    );
  }
  return errors;
}

/**
 * One Databricks account, one owner of its account-level pieces. Two environments naming the same
 * account without saying so would have two Terraform states manage the same account groups and
 * roles and two IdP apps fight over one SSO configuration: refused, with the two legal shapes.
 */
function accountProblems(declarations: readonly Declaration[]): ValidationError[] {
  const errors: ValidationError[] = [];
  const byName = new Map(declarations.map((d) => [d.environment, d]));
  const byAccount = new Map<string, Declaration[]>();
  for (const d of declarations) {
    byAccount.set(d.databricks.accountId, [...(byAccount.get(d.databricks.accountId) ?? []), d]);
  }
  for (const [accountId, users] of byAccount) {
    if (users.length < 2) continue;
    const names = users.map((d) => d.environment);
    if (users.some((d) => d.databricks.sharedAccount === undefined)) {
      errors.push(
        new ValidationError(
          `${names.join(', ')}: databricks.accountId`,
          `${describeValue(accountId)} in each of ${names.join(' and ')}`,
          'one Databricks account per environment (give each its own accountId), or, for environments ' +
            'that share one account on purpose, the same block in each of them: databricks.sharedAccount: ' +
            `{ owner: <one of ${names.join(', ')}>, environments: [${names.join(', ')}] }; the owner's stack ` +
            'then manages the account-level pieces (IdP app, SSO settings and signing key, account groups and ' +
            'roles, SCIM) and the others only their workspaces. Without either, two stacks would manage the ' +
            "same account groups and roles, and two IdP apps the account's one SSO configuration",
        ),
      );
      continue;
    }
    const first = users[0] as Declaration;
    const block = (d: Declaration) =>
      d.databricks.sharedAccount as NonNullable<typeof d.databricks.sharedAccount>;
    const shape = (d: Declaration) =>
      `{ owner: ${block(d).owner}, environments: [${[...block(d).environments].sort().join(', ')}] }`;
    for (const d of users.slice(1)) {
      if (shape(d) !== shape(first)) {
        errors.push(
          new ValidationError(
            `${d.environment}: databricks.sharedAccount`,
            shape(d),
            `the same block as ${first.environment} (${shape(first)}): account ${accountId} has one owner`,
          ),
        );
      }
    }
    const unlisted = names.filter((name) => !block(first).environments.includes(name));
    if (unlisted.length > 0) {
      errors.push(
        new ValidationError(
          `${first.environment}: databricks.sharedAccount.environments`,
          describeValue(block(first).environments.join(', ')),
          `every environment of this set that uses account ${accountId} (add ${unlisted.join(', ')})`,
        ),
      );
    }
  }
  const reported = new Set<string>();
  for (const d of declarations) {
    const shared = d.databricks.sharedAccount;
    if (shared === undefined) continue;
    for (const name of shared.environments) {
      const other = byName.get(name);
      const key = `${d.databricks.accountId}|${name}`;
      if (reported.has(key)) continue;
      if (other === undefined) {
        reported.add(key);
        errors.push(
          new ValidationError(
            `${d.environment}: databricks.sharedAccount.environments`,
            describeValue(name),
            `environments of this set (${[...byName.keys()].join(', ')}): the owner's account-level pieces ` +
              `serve every environment listed, so validate and synthesize them together`,
          ),
        );
      } else if (other.databricks.accountId !== d.databricks.accountId) {
        reported.add(key);
        errors.push(
          new ValidationError(
            `${name}: databricks.accountId`,
            describeValue(other.databricks.accountId),
            `${d.databricks.accountId}, the account ${d.environment} shares with it (databricks.sharedAccount), ` +
              `or leave ${name} out of sharedAccount.environments`,
          ),
        );
      }
    }
  }
  errors.push(...ownerProblems(declarations, byName), ...groupSourceConflicts(declarations, byName));
  return errors;
}

/** The owner's pieces serve every environment of the account, production included: they need its guards. */
function ownerProblems(
  declarations: readonly Declaration[],
  byName: ReadonlyMap<string, Declaration>,
): ValidationError[] {
  const errors: ValidationError[] = [];
  for (const d of declarations) {
    const shared = d.databricks.sharedAccount;
    if (shared === undefined || shared.owner !== d.environment) continue;
    const production = shared.environments.filter((name) => byName.get(name)?.tier === 'production');
    if (d.tier !== 'production' && production.length > 0) {
      errors.push(
        new ValidationError(
          `${d.environment}: databricks.sharedAccount.owner`,
          describeValue(shared.owner),
          `a production environment of the account (${production.join(', ')}): the account-level pieces serve ` +
            "it too and need production's guards (prevent_destroy, a deploy gate on an overdue signing key)",
        ),
      );
    }
    if (
      d.emergencyRotation !== undefined &&
      d.promotesAfter !== undefined &&
      rehearsalEnvironment(d, declarations) === undefined
    ) {
      errors.push(
        new ValidationError(
          `${d.environment}: emergencyRotation`,
          describeValue(d.emergencyRotation),
          `no emergencyRotation: ${d.promotesAfter} uses the same account (${d.databricks.accountId}), so no ` +
            "environment carries the account's signing key first and there is no lead to waive",
        ),
      );
    }
  }
  return errors;
}

/** A group exists once in an account: synced by SCIM or created by Terraform, the same for every environment. */
function groupSourceConflicts(
  declarations: readonly Declaration[],
  byName: ReadonlyMap<string, Declaration>,
): ValidationError[] {
  const errors: ValidationError[] = [];
  for (const d of declarations) {
    const shared = d.databricks.sharedAccount;
    if (shared === undefined || shared.owner !== d.environment) continue;
    const sources = new Map<string, { source: string; environment: string }>();
    for (const name of shared.environments) {
      const other = byName.get(name);
      if (other === undefined || other.databricks.accountId !== d.databricks.accountId) continue;
      for (const [group, mapping] of Object.entries(other.groups)) {
        const known = sources.get(group.toLowerCase());
        if (known === undefined)
          sources.set(group.toLowerCase(), { source: mapping.source, environment: name });
        else if (known.source !== mapping.source) {
          errors.push(
            new ValidationError(
              `${name}: ${formatPath(['groups', group, 'source'])}`,
              describeValue(mapping.source),
              `${JSON.stringify(known.source)}, as ${known.environment} declares it: account ${d.databricks.accountId} ` +
                'has one group of that name, either synced by SCIM or created by Terraform',
            ),
          );
        }
      }
    }
  }
  return errors;
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** JSON with sorted keys: equal values compare equal whatever order their fields were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    isRecord(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
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
  const problems: Problem[] = [...accountFieldProblems(d)];
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

const ACCOUNT_IN_URL = /\/accounts\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?=\/|$)/i;

/**
 * `idp` and `session` may be left out only by an environment that shares an account it does not own:
 * `validateDeclarations` fills them in from the owner's declaration before this runs.
 */
function missingFieldProblems(d: z.output<typeof declarationSchema>): Problem[] {
  const shared = d.databricks.sharedAccount;
  const owner = shared !== undefined && shared.owner !== d.environment ? shared.owner : undefined;
  const fromOwner = (field: string) =>
    `the ${field} of ${owner ?? ''}, which owns this shared account (validate ${d.environment} together ` +
    `with ${owner ?? ''}'s declaration, whose ${field} it takes)`;
  const problems: Problem[] = [];
  if (d.idp === undefined) {
    problems.push({
      path: ['idp'],
      value: undefined,
      expected: owner ? fromOwner('idp') : 'an IdP kind: "okta", "entra" or "metadata"',
    });
  }
  if (d.session === undefined) {
    problems.push({
      path: ['session'],
      value: undefined,
      expected: owner
        ? fromOwner('session')
        : '{ idleMinutes, lifetimeHours }: the session timeouts the IdP enforces',
    });
  }
  return problems;
}

/**
 * The fields about the account: the Redirect URL names the account it belongs to, and an environment
 * sharing an account it does not own declares no account-level piece of its own.
 */
function accountFieldProblems(d: Declaration): Problem[] {
  const problems: Problem[] = [];
  const { accountId, redirectUrl, sharedAccount } = d.databricks;
  const named = redirectUrl === undefined ? undefined : ACCOUNT_IN_URL.exec(redirectUrl)?.[1]?.toLowerCase();
  if (named !== undefined && named !== accountId) {
    problems.push({
      path: ['databricks', 'redirectUrl'],
      value: redirectUrl,
      expected:
        `the Databricks Redirect URL of account ${accountId} (databricks.accountId); this one names account ` +
        `${named}: copy it from that account's console (Settings > Authentication > Single sign-on), or fix accountId`,
    });
  }
  if (sharedAccount === undefined) return problems;
  if (!sharedAccount.environments.includes(d.environment)) {
    problems.push({
      path: ['databricks', 'sharedAccount', 'environments'],
      value: sharedAccount.environments.join(', '),
      expected: `a list naming ${d.environment} itself among the environments of the account`,
    });
  }
  if (!sharedAccount.environments.includes(sharedAccount.owner)) {
    problems.push({
      path: ['databricks', 'sharedAccount', 'owner'],
      value: sharedAccount.owner,
      expected: `one of sharedAccount.environments (${sharedAccount.environments.join(', ')})`,
    });
  }
  problems.push(
    ...duplicates(
      sharedAccount.environments.map((e, i) => [['databricks', 'sharedAccount', 'environments', i], e]),
      'each environment once',
    ),
  );
  if (sharedAccount.owner === d.environment) return problems;
  const ownedBy = `${sharedAccount.owner} owns account ${accountId}`;
  for (const [group, mapping] of Object.entries(d.groups)) {
    if (mapping.accountRoles.length > 0) {
      problems.push({
        path: ['groups', group, 'accountRoles'],
        value: mapping.accountRoles,
        expected:
          `no accountRoles: ${ownedBy} and grants its roles (account-wide, once); declare ` +
          `${group}'s roles in ${sharedAccount.owner}'s declaration`,
      });
    }
  }
  if (d.emergencyRotation !== undefined) {
    problems.push({
      path: ['emergencyRotation'],
      value: d.emergencyRotation,
      expected: `no emergencyRotation: ${ownedBy} and its one signing key; an emergency rotation is ${sharedAccount.owner}'s`,
    });
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
