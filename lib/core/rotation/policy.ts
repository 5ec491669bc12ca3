import { ValidationError, describeValue } from '../errors';

/** How often one environment's SAML signing key rotates, and how the rotation is staged. */
export interface RotationPolicy {
  /**
   * Days a signing key may stay in use: quarterly rotation is the practice the product enforces.
   * @default 90
   */
  readonly periodDays: number;
  /**
   * Days before the rotate-by date from which the key is reported `due`, so the change window can be booked.
   * @default 14
   */
  readonly warnDays: number;
  /**
   * Days the environment this one promotes after (staging) must carry a key generation before this
   * environment (prod) takes it: Okta activates a new key at once, so staging is the only rehearsal.
   * @default 7
   */
  readonly leadDays: number;
}

/** Quarterly rotation, reported due two weeks ahead, with staging a week ahead of prod. */
export const DEFAULT_ROTATION_POLICY: RotationPolicy = Object.freeze({
  periodDays: 90,
  warnDays: 14,
  leadDays: 7,
});

/** Returns the policy unchanged, or throws a `ValidationError` naming the first bad field under `field`. */
export function validatePolicy(policy: RotationPolicy, field: string): RotationPolicy {
  const { periodDays, warnDays, leadDays } = policy;
  if (!isWholeDays(periodDays) || periodDays < 1) {
    throw new ValidationError(
      `${field}.periodDays`,
      describeValue(periodDays),
      'a whole number of days, at least 1',
    );
  }
  // A warning as long as the period would report every key `due` from the day it is issued.
  if (!isWholeDays(warnDays) || warnDays >= periodDays) {
    throw new ValidationError(
      `${field}.warnDays`,
      describeValue(warnDays),
      `a whole number of days from 0 to ${periodDays - 1}`,
    );
  }
  // With a lead as long as the period, staging would rotate again before prod could take its key.
  if (!isWholeDays(leadDays) || leadDays >= periodDays) {
    throw new ValidationError(
      `${field}.leadDays`,
      describeValue(leadDays),
      `a whole number of days from 0 to ${periodDays - 1}`,
    );
  }
  return policy;
}

function isWholeDays(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
