import { accountPartners, isAccountMember, rehearsalEnvironment } from '../declaration/account';
import type { Declaration } from '../declaration/schema';
import type { KeyGeneration } from './calendar';
import { type Day, formatDay, parseDay } from './dates';
import { DEFAULT_ROTATION_POLICY, type RotationPolicy, validatePolicy } from './policy';

type SigningKey = NonNullable<Declaration['signingKey']>;

/** When one signing key must be replaced, and from when that is reported. */
export interface RotationDeadlines {
  /** `issued + periodDays`, `YYYY-MM-DD` (UTC): from this day on the key is overdue. */
  readonly rotateBy: string;
  /** `rotateBy - warnDays`: from this day on the key is due. */
  readonly warnFrom: string;
}

/**
 * The signing-key generations of validated declarations, in declaration order, for the rotation
 * calendar. Environments without a SAML signing key (Azure Databricks signs in through Entra ID
 * natively) are left out, and so is a `promotesAfter` naming one of them: it has no key to lead with.
 * A shared account has one key, its owner's: the other environments of the account are left out,
 * and the key's lead is taken behind the first environment along `promotesAfter` in another account
 * (none when there is no such environment: nothing can carry the account's key first).
 */
export function keyGenerations(declarations: readonly Declaration[]): KeyGeneration[] {
  const keyed = declarations.flatMap((d) => {
    // Typed as optional: Azure declarations carry no SAML signing key.
    const key: SigningKey | undefined = d.signingKey;
    return key === undefined || isAccountMember(d) ? [] : [{ d, key }];
  });
  const names = new Set(keyed.map(({ d }) => d.environment));
  return keyed.map(({ d, key }) => {
    const leader = rehearsalEnvironment(d, declarations);
    const partners = accountPartners(d);
    return {
      environment: d.environment,
      generation: key.generation,
      issued: key.issued,
      policy: d.rotation,
      ...(leader !== undefined && names.has(leader) ? { promotesAfter: leader } : {}),
      ...(partners.length > 0 ? { sharedWith: partners } : {}),
      ...(key.adopted !== undefined ? { adopted: key.adopted } : {}),
      ...(d.emergencyRotation !== undefined ? { emergency: d.emergencyRotation } : {}),
    };
  });
}

/**
 * The deadlines of a key issued on `issued` under `policy`: the same arithmetic as the calendar,
 * for a single key without a clock (the plan-time check compares them with Terraform's clock).
 *
 * @param field names the key in messages
 */
export function rotationDeadlines(
  issued: string,
  policy: RotationPolicy = DEFAULT_ROTATION_POLICY,
  field = 'signingKey',
): RotationDeadlines {
  const day = parseDay(issued, `${field}.issued`);
  const { periodDays, warnDays } = validatePolicy(policy, `${field}.policy`);
  return { rotateBy: formatDay(day + periodDays), warnFrom: formatDay(day + periodDays - warnDays) };
}

/**
 * A name for the generation issued on `date`: its calendar quarter (`2027-q1`), the convention of
 * the built-in declarations. Any new name rotates the key; a second rotation within one quarter
 * gets a suffix (`2027-q1-2`), since Okta only generates a key when the name changes.
 */
export function suggestedGeneration(date: string, current: string): string {
  const day: Day = parseDay(date, 'date');
  const [year, month] = formatDay(day).split('-').map(Number) as [number, number];
  const name = `${year}-q${Math.floor((month - 1) / 3) + 1}`;
  if (name !== current && !current.startsWith(`${name}-`)) return name;
  const suffix = current === name ? 1 : Number(current.slice(name.length + 1));
  return `${name}-${Number.isInteger(suffix) && suffix > 0 ? suffix + 1 : 2}`;
}
