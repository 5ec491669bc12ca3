import type { Change } from './compare';
import { finding } from './compare';
import { severityRank, type Finding } from './findings';
import type { Fact } from './rules';
import { ACCESS_KEY } from './sink';

const ENTITLEMENT_KEY = 'entitlement|';

/**
 * The grant a fact belongs to, `group on workspace`: a group's permission on a workspace and its
 * entitlements there are one change to a reviewer. Undefined for every other fact.
 */
export function grantOf(fact: Fact | undefined): string | undefined {
  if (fact?.group === undefined || fact.workspace === undefined) return undefined;
  if (!fact.key.startsWith(ACCESS_KEY) && !fact.key.startsWith(ENTITLEMENT_KEY)) return undefined;
  return `${fact.group} on ${fact.workspace}`;
}

/** The grant of a change that is about one fact (not a whole removed block). */
export function grantOfChange(change: Change): string | undefined {
  const fact = change.after ?? change.before;
  return fact !== undefined && change.finding.subject === fact.subject ? grantOf(fact) : undefined;
}

/**
 * The changes' findings with each grant's changes merged into one: the permission's finding (or
 * the most serious one) leads, with the grant as its subject and the worst severity, and every
 * other change of the grant becomes a detail. A grant with one change keeps its own finding.
 */
export function groupGrants(changes: readonly Change[]): Finding[] {
  const byGrant = new Map<string, Change[]>();
  const order: (Change | Change[])[] = [];
  for (const change of changes) {
    const grant = grantOfChange(change);
    if (grant === undefined) {
      order.push(change);
      continue;
    }
    const members = byGrant.get(grant);
    if (members) members.push(change);
    else {
      const fresh = [change];
      byGrant.set(grant, fresh);
      order.push(fresh);
    }
  }
  return order.map((item) => (Array.isArray(item) ? merged(item) : item.finding));
}

function merged(members: readonly Change[]): Finding {
  if (members.length === 1) return (members[0] as Change).finding;
  const cell = members.find((m) => (m.after ?? m.before)?.key.startsWith(ACCESS_KEY));
  const worst = members.reduce((a, b) =>
    severityRank(b.finding.severity) < severityRank(a.finding.severity) ? b : a,
  );
  const lead = cell ?? worst;
  const fact = (lead.after ?? lead.before) as Fact;
  const others = members
    .filter((m) => m !== lead)
    .sort((a, b) =>
      a.finding.subject < b.finding.subject ? -1 : a.finding.subject > b.finding.subject ? 1 : 0,
    );
  return finding({
    ...lead.finding,
    severity: worst.finding.severity,
    subject: grantOf(fact) ?? lead.finding.subject,
    message: `${lead.finding.message} (and ${others.length} more change${others.length === 1 ? '' : 's'} of this grant, listed below)`,
    details: others.map((m) => m.finding.message),
  });
}
