import type { EnvironmentOutput } from '../review/output';
import { asObject } from '../terraform/json';

/*
 * What a synthesized stack records for reviewers and auditors at `"//".sso` (stacks/sso-stack.ts and
 * the policy pack's suppressions, stacks/sso-app.ts): facts that no resource carries, because
 * Databricks has no API for them (emergency access) or they are declarations about the change
 * itself (suppressions, overrides).
 */

export interface SuppressionRecord {
  readonly rule: string;
  /** The finding's path; empty for a finding of the whole environment. */
  readonly path: string;
  readonly reason: string;
}

export interface PromotionOverrideRecord {
  readonly reason: string;
  readonly covers: readonly string[];
  readonly expires?: string;
}

export interface EmergencyRotationRecord {
  readonly generation: string;
  readonly reason: string;
  readonly expires: string;
}

export interface SsoRecords {
  /** Break-glass users with password sign-in; undefined in outputs synthesized before it was recorded. */
  readonly emergencyAccess?: readonly string[];
  /** The signing key the IdP signs with; undefined on Azure Databricks and in older outputs. */
  readonly signingKey?: { readonly generation: string; readonly issued: string };
  readonly suppressions: readonly SuppressionRecord[];
  readonly promotionOverride?: PromotionOverrideRecord;
  readonly emergencyRotation?: EmergencyRotationRecord;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** The records of an environment, read from every stack of it (the main stack holds them). */
export function ssoRecords(environment: EnvironmentOutput): SsoRecords {
  let emergencyAccess: string[] | undefined;
  let signingKey: SsoRecords['signingKey'];
  let promotionOverride: PromotionOverrideRecord | undefined;
  let emergencyRotation: EmergencyRotationRecord | undefined;
  const suppressions: SuppressionRecord[] = [];
  for (const { json } of environment.stacks) {
    const sso = asObject(asObject(json['//']).sso);
    if (Array.isArray(sso.emergencyAccess)) emergencyAccess = strings(sso.emergencyAccess);
    const key = asObject(sso.signingKey);
    if (typeof key.generation === 'string') {
      signingKey = { generation: key.generation, issued: text(key.issued) };
    }
    for (const entry of Array.isArray(sso.suppressions) ? sso.suppressions : []) {
      const { rule, path, reason } = asObject(entry);
      suppressions.push({ rule: text(rule), path: text(path), reason: text(reason) });
    }
    const override = asObject(sso.promotionOverride);
    if (typeof override.reason === 'string') {
      promotionOverride = {
        reason: override.reason,
        covers: strings(override.covers),
        ...(typeof override.expires === 'string' ? { expires: override.expires } : {}),
      };
    }
    const emergency = asObject(sso.emergencyRotation);
    if (typeof emergency.generation === 'string') {
      emergencyRotation = {
        generation: emergency.generation,
        reason: text(emergency.reason),
        expires: text(emergency.expires),
      };
    }
  }
  return {
    ...(emergencyAccess !== undefined ? { emergencyAccess } : {}),
    ...(signingKey !== undefined ? { signingKey } : {}),
    suppressions,
    ...(promotionOverride !== undefined ? { promotionOverride } : {}),
    ...(emergencyRotation !== undefined ? { emergencyRotation } : {}),
  };
}
