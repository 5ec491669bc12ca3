import type { FindingKind, Severity } from './findings';

/** One comparable piece of meaning in an environment: a permission cell, a SAML setting, a timeout. */
export interface Fact {
  /** Unique within an environment; facts with equal keys on both sides are compared. */
  readonly key: string;
  readonly kind: FindingKind;
  /** What a reviewer reads: `data-scientists on ml-prod`, `okta_app_saml.databricks: sso_url`. */
  readonly subject: string;
  /** Canonical text compared between the sides (a digest for sensitive values). */
  readonly value: string;
  /** What the report shows: masked and shortened. */
  readonly shown: string;
  /** Classifies a change of this fact. */
  readonly rule: Rule;
  /**
   * Differs between environments by nature (URLs, account and workspace ids, tenant, key
   * material, state location), so the promotion gate does not ask staging to carry it first.
   */
  readonly perEnvironment: boolean;
  readonly group?: string;
  readonly workspace?: string;
  /** The key without the workspace: how the promotion gate finds the same cell in another environment. */
  readonly cell?: string;
  /** The resource block a setting belongs to (`okta_app_saml.databricks`). */
  readonly address?: string;
}

interface Verdict {
  readonly severity: Severity;
  readonly message: string;
}

export type Rule = (before: Fact | undefined, after: Fact | undefined) => Verdict;

/** `changed from X to Y`, `set to Y`, `removed (was X)`. */
function describeChange(before: Fact | undefined, after: Fact | undefined): string {
  if (before && after) {
    return before.shown === after.shown
      ? 'changed (the value is masked)'
      : `changed from ${before.shown} to ${after.shown}`;
  }
  if (after) return `set to ${after.shown}`;
  return `removed (was ${before?.shown ?? 'unset'})`;
}

function subjectOf(before: Fact | undefined, after: Fact | undefined): string {
  return (after ?? before)?.subject ?? '';
}

function sentence(text: string, note: string | undefined): string {
  return note === undefined ? text : `${text}: ${note}`;
}

/** Any change has the same severity. */
export function fixed(severity: Severity, note?: string): Rule {
  return (before, after) => ({
    severity,
    message: sentence(`${subjectOf(before, after)} ${describeChange(before, after)}`, note),
  });
}

/** A group's permission on a workspace (USER or ADMIN). */
export const workspacePermission: Rule = (before, after) => {
  const cell = after ?? before;
  const who = `${cell?.group ?? '?'} on workspace ${cell?.workspace ?? '?'}`;
  if (after?.value === 'ADMIN' && before?.value !== 'ADMIN') {
    return {
      severity: 'high',
      message: `${who}: access widened to ADMIN (was ${before?.value ?? 'no access'}): its members can administer the workspace`,
    };
  }
  if (after && !before) {
    return { severity: 'medium', message: `${who}: access widened to ${after.value} (was no access)` };
  }
  if (!after) {
    return { severity: 'medium', message: `${who}: access removed (was ${before?.value ?? '?'})` };
  }
  return {
    severity: 'medium',
    message: `${who}: access narrowed from ${before?.value ?? '?'} to ${after.value}`,
  };
};

/** Account roles that administer the whole account. */
const PRIVILEGED_ROLES = new Set(['account_admin']);

export const accountRole: Rule = (before, after) => {
  const fact = (after ?? before) as Fact;
  const role = fact.value;
  if (after && !before) {
    return {
      severity: PRIVILEGED_ROLES.has(role) ? 'high' : 'medium',
      message: `${fact.group ?? '?'}: access widened to account role ${role}${PRIVILEGED_ROLES.has(role) ? ': its members administer every workspace and the SSO settings' : ''}`,
    };
  }
  return { severity: 'medium', message: `${fact.group ?? '?'}: access removed: account role ${role}` };
};

/** A workspace entitlement of a group; privileged ones let members create compute. */
export function entitlement(privileged: boolean): Rule {
  return (before, after) => {
    const subject = subjectOf(before, after);
    if (after?.value === 'true' && before?.value !== 'true') {
      return {
        severity: privileged ? 'high' : 'medium',
        message: privileged
          ? `${subject}: access widened: privileged entitlement granted (members can create compute)`
          : `${subject}: access widened: entitlement granted`,
      };
    }
    if (before?.value === 'true')
      return { severity: 'medium', message: `${subject}: access removed: entitlement revoked` };
    return { severity: 'low', message: `${subject} ${describeChange(before, after)} (grants nothing)` };
  };
}

/** A group assigned to the IdP app: its members can sign in to Databricks. */
export const idpAssignment: Rule = (before, after) => ({
  severity: 'medium',
  message: after
    ? `${subjectOf(before, after)}: access widened: the group is assigned to the IdP app, so its members can sign in`
    : `${subjectOf(before, after)}: access removed: the group is no longer assigned to the IdP app`,
});

type DurationUnit = 'iso8601' | 'minutes' | 'hours' | 'days';

/** A time limit (session timeout, token lifetime): longer is looser. */
export function timeLimit(unit: DurationUnit): Rule {
  return (before, after) => {
    const subject = subjectOf(before, after);
    const from = before ? seconds(before.value, unit) : undefined;
    const to = after ? seconds(after.value, unit) : undefined;
    const change = describeChange(before, after);
    if (before && !after)
      return { severity: 'medium', message: `${subject} ${change}: no limit is declared any more` };
    if (from !== undefined && to !== undefined && to > from) {
      return { severity: 'medium', message: `${subject} lengthened: ${change}` };
    }
    if (from !== undefined && to !== undefined && to < from) {
      return { severity: 'low', message: `${subject} tightened: ${change}` };
    }
    return { severity: 'low', message: `${subject} ${change}` };
  };
}

function seconds(value: string, unit: DurationUnit): number | undefined {
  if (unit !== 'iso8601') {
    const n = Number(value);
    if (!Number.isFinite(n)) return undefined;
    return n * { minutes: 60, hours: 3600, days: 86_400 }[unit];
  }
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value);
  if (!match || value === 'P' || value.endsWith('T')) return undefined;
  const [, d = '0', h = '0', m = '0', s = '0'] = match;
  return Number(d) * 86_400 + Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/** A change that makes the IdP sign with a new key: Databricks must be given the new certificate. */
export function signingKey(consoleStep: string): Rule {
  return (before, after) => ({
    severity: 'high',
    message: `${subjectOf(before, after)} ${describeChange(before, after)}: signing-key rotation, a console step is due: ${consoleStep}`,
  });
}

/** The plan-visible marker of the account console's SAML settings. */
export const ssoSettingsMarker: Rule = (before, after) => ({
  severity: 'high',
  message:
    `${subjectOf(before, after)} ${describeChange(before, after)}: the Databricks SSO settings change, a console step is due: ` +
    'after apply, copy the SSO URL, IdP entity ID and x.509 certificate outputs into the account console (Settings > Single sign-on), then Test SSO',
});

/** A policy suppression: one that silences a rule for the whole environment matters most. */
export function suppression(environmentWide: boolean): Rule {
  return (before, after) => {
    const subject = subjectOf(before, after);
    if (after && !before) {
      return environmentWide
        ? {
            severity: 'high',
            message: `${subject}: new environment-wide suppression of a policy rule (reason: ${after.shown})`,
          }
        : { severity: 'low', message: `${subject}: new suppression (reason: ${after.shown})` };
    }
    return {
      severity: 'low',
      message: `${subject}: suppression ${after ? `reason ${describeChange(before, after)}` : 'removed'}`,
    };
  };
}

/** A declared emergency rotation: the key generation it names skips the staging rehearsal. */
export const emergencyRotationRule: Rule = (before, after) => {
  if (!after) return { severity: 'low', message: `emergencyRotation removed (was ${before?.shown ?? '?'})` };
  return {
    severity: 'high',
    message:
      `emergencyRotation ${before ? `changed from ${before.shown} to` : 'declared:'} ${after.shown}: the key ` +
      'generation it names reaches this environment without the staging lead; check the reason and the expiry, ' +
      'and plan the console step as for any rotation',
  };
};
