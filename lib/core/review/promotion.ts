import { ADDRESS_KEY, finding, type Change } from './compare';
import { collectFacts, type FactSet, type OverrideRecord } from './facts';
import type { Finding } from './findings';
import { grantOf, grantOfChange } from './group';
import type { Fact } from './rules';
import { ACCESS_KEY } from './sink';
import type { JsonObject } from '../terraform/json';

/** An environment that must carry every change first (staging for prod), as it is in the base. */
export interface Leader {
  readonly name: string;
  readonly base: FactSet | undefined;
}

/** What the head of the reviewed environment declares to get past the gate. */
export interface Exceptions {
  readonly override?: OverrideRecord;
  /** The generation of a declared `emergencyRotation`. */
  readonly emergencyGeneration?: string;
  /** The day the override's expiry is judged on, `YYYY-MM-DD`. */
  readonly today: string;
  /** The leaders as they are in the head: has the leader caught up on what the override covers? */
  readonly headLeaders: readonly Leader[];
  /** The environment's own facts in the head: what the override's `covers` entries can match. */
  readonly head: FactSet | undefined;
}

/**
 * The staging-first gate: each change to an environment with a leader must already be present,
 * by meaning, in the leader's base. Values that are per-environment by nature (URLs, ids,
 * tenant, key material) are not asked for; workspaces are matched by name without the
 * environment (`ml-prod` ~ `ml-staging`), or, when the leader has no such workspace, by group
 * and value on any of its workspaces. A promotion override lets through only the changes its
 * `covers` names, until it expires; an emergency rotation only its own key generation. The
 * changes of one grant (a group's assignment to a workspace and its entitlements there) make one
 * finding.
 */
export function promotionGate(
  environment: string,
  changes: readonly Change[],
  leaders: readonly Leader[],
  exceptions: Exceptions,
): Finding[] {
  const { override } = exceptions;
  if (leaders.length === 0) return [];
  // Nothing changed (prod in a staging-only pull request): no need to index the leaders' facts.
  if (changes.length === 0) {
    return override === undefined ? [] : overrideFindings(environment, override, exceptions, []);
  }
  const indexes = leaders.map((leader) => new LeaderIndex(leader));
  const active = override !== undefined && !expired(override, exceptions.today);
  const blocked: Blocked[] = [];
  for (const change of changes) {
    const fact = change.after ?? change.before;
    if (fact === undefined || fact.perEnvironment || change.stateOnly) continue;
    for (const leader of indexes) {
      const verdict = leader.carries(change.before, change.after, environment);
      if (!verdict.carried) {
        const subject = change.finding.subject;
        const by =
          active && override.covers.some((entry) => coversSubject(entry, subject))
            ? 'override'
            : fact.kind === 'signing-key' &&
                exceptions.emergencyGeneration !== undefined &&
                change.after?.value === exceptions.emergencyGeneration
              ? 'emergency'
              : undefined;
        blocked.push({ change, leader: leader.name, where: verdict.where, shown: verdict.shown, by });
        break;
      }
    }
  }

  const allowed = blocked.filter((b) => b.by === 'override').length;
  // An entry that lets a change of this review through is at work, even if what it covers is now gone (a removal).
  const inUse =
    override === undefined
      ? []
      : override.covers.filter((entry) =>
          blocked.some((b) => b.by === 'override' && coversSubject(entry, b.change.finding.subject)),
        );
  const findings: Finding[] =
    override === undefined ? [] : overrideFindings(environment, override, exceptions, inUse);
  if (override !== undefined && allowed > 0) {
    findings.unshift(
      finding({
        environment,
        severity: 'medium',
        kind: 'promotion',
        subject: 'promotionOverride',
        before: null,
        after: override.reason,
        message:
          `${environment} declares a promotion override ("${override.reason}") covering ${list(override.covers)}: ` +
          `${allowed} change${allowed === 1 ? '' : 's'} reach ${environment} before ${names(leaders)} carries ` +
          `${allowed === 1 ? 'it' : 'them'}; remove the override once ${names(leaders)} has caught up`,
      }),
    );
  }
  for (const group of groupBlocked(blocked))
    findings.push(blockedFinding(environment, group, override, active));
  return findings;
}

/**
 * Why an override has outlived its change: it expired, a `covers` entry names nothing the environment
 * has, or the leaders carry everything it covers. Empty while it still has work to do.
 */
export function overrideProblems(
  environment: string,
  override: OverrideRecord,
  exceptions: Pick<Exceptions, 'today' | 'headLeaders' | 'head'>,
  inUse: readonly string[] = [],
): string[] {
  if (expired(override, exceptions.today)) {
    return [`it expired on ${override.expires ?? '?'}: every change is gated again, so remove it`];
  }
  if (override.covers.length === 0) {
    return ['it names no changes (covers), so it lets nothing through: give covers, or remove it'];
  }
  const facts = [...(exceptions.head?.facts.values() ?? [])].filter((f) => !f.perEnvironment);
  const leaders = exceptions.headLeaders.map((leader) => new LeaderIndex(leader));
  const missing: string[] = [];
  const caughtUp: string[] = [];
  for (const entry of override.covers) {
    // It lets a change of this review through: at work, whatever is left of what it names.
    if (inUse.includes(entry)) continue;
    const matched = facts.filter((f) => coversSubject(entry, f.subject));
    if (matched.length === 0) missing.push(entry);
    else if (matched.every((f) => leaders.every((l) => l.carries(undefined, f, environment).carried))) {
      caughtUp.push(entry);
    }
  }
  const problems: string[] = [];
  if (missing.length > 0) {
    problems.push(
      `covers ${list(missing)}, which ${environment} does not have: a name \`sso review\` does not use, a ` +
        `change since undone, or a removal (drop the entry once ${names(exceptions.headLeaders)} has made it too)`,
    );
  }
  if (caughtUp.length === override.covers.length) {
    problems.push(`${names(exceptions.headLeaders)} has caught up on everything it covers: remove it`);
  } else if (caughtUp.length > 0) {
    problems.push(
      `${names(exceptions.headLeaders)} has caught up on ${list(caughtUp)}: drop them from covers`,
    );
  }
  return problems;
}

/** `data-scientists` covers `data-scientists on ml-prod` and `data-scientists: account role ...`. */
export function coversSubject(entry: string, subject: string): boolean {
  return subject === entry || subject.startsWith(`${entry} `) || subject.startsWith(`${entry}:`);
}

function overrideFindings(
  environment: string,
  override: OverrideRecord,
  exceptions: Exceptions,
  inUse: readonly string[],
): Finding[] {
  return overrideProblems(environment, override, exceptions, inUse).map((problem) =>
    finding({
      environment,
      severity: 'medium',
      kind: 'promotion',
      subject: 'promotionOverride',
      before: null,
      after: override.reason,
      message: `${environment}'s promotion override ("${override.reason}") has outlived its change: ${problem}`,
    }),
  );
}

function expired(override: OverrideRecord, today: string): boolean {
  return override.expires !== undefined && today > override.expires;
}

interface Blocked {
  readonly change: Change;
  readonly leader: string;
  /** What the leader has, as a sentence: `staging has data-scientists on ml-staging (USER)`. */
  readonly where: string;
  readonly shown: string | null;
  readonly by: 'override' | 'emergency' | undefined;
}

/** One grant's changes (same group and workspace, same leader and verdict) together; the rest alone. */
function groupBlocked(blocked: readonly Blocked[]): Blocked[][] {
  const groups = new Map<string, Blocked[]>();
  const result: Blocked[][] = [];
  for (const b of blocked) {
    const grant = grantOfChange(b.change);
    if (grant === undefined) {
      result.push([b]);
      continue;
    }
    const key = `${grant}\u0000${b.leader}\u0000${b.by ?? ''}`;
    const members = groups.get(key);
    if (members) members.push(b);
    else {
      const fresh = [b];
      groups.set(key, fresh);
      result.push(fresh);
    }
  }
  // The assignment first, so the finding shows its before and after; the entitlements by name.
  const subject = (b: Blocked) => b.change.finding.subject;
  return result.map((members) =>
    [...members].sort(
      (a, b) =>
        Number(!isCell(a.change)) - Number(!isCell(b.change)) ||
        (subject(a) < subject(b) ? -1 : subject(a) > subject(b) ? 1 : 0),
    ),
  );
}

function isCell(change: Change): boolean {
  return (change.after ?? change.before)?.key.startsWith(ACCESS_KEY) === true;
}

function blockedFinding(
  environment: string,
  members: readonly Blocked[],
  override: OverrideRecord | undefined,
  active: boolean,
): Finding {
  const lead = members[0] as Blocked;
  const fact = (lead.change.after ?? lead.change.before) as Fact;
  const grant = members.length > 1 ? grantOf(fact) : undefined;
  const subject =
    grant === undefined ? lead.change.finding.subject : `${fact.group ?? '?'} on ${fact.workspace ?? '?'}`;
  const what =
    members.length > 1
      ? `this grant (${members.length} changes: ${isCell(lead.change) ? 'the assignment and its entitlements' : 'entitlements'})`
      : 'this change';
  const details =
    members.length > 1
      ? members.map((m) => `${m.change.finding.subject}: ${change(m.change)}; ${m.where}`)
      : undefined;
  let severity: Finding['severity'] = 'high';
  let message: string;
  if (lead.by === 'override') {
    severity = 'low';
    message = `${subject}: ${what} reaches ${environment} before ${lead.leader} (${lead.where}), allowed by the promotion override`;
  } else if (lead.by === 'emergency') {
    severity = 'low';
    message = `${subject}: the new key generation reaches ${environment} before ${lead.leader} carried it for the lead (${lead.where}), allowed by the emergency rotation (reported above)`;
  } else {
    const notCovered =
      override !== undefined
        ? active
          ? ` The promotion override covers only ${list(override.covers)}.`
          : ` The promotion override expired on ${override.expires ?? '?'}.`
        : '';
    message =
      `${subject}: ${what} reaches ${environment} before ${lead.leader} carries it (${lead.where}): make it in ` +
      `${lead.leader} first, or, for a hotfix, declare promotionOverride: { reason, covers: ["${subject}"], expires }.${notCovered}`;
  }
  return finding({
    environment,
    severity,
    kind: 'promotion',
    subject,
    before: lead.shown,
    after: lead.change.finding.after,
    message,
    ...(details === undefined ? {} : { details }),
  });
}

function change(c: Change): string {
  return `${c.finding.before ?? 'none'} -> ${c.finding.after ?? 'none'}`;
}

function names(leaders: readonly { name: string }[]): string {
  return leaders.map((l) => l.name).join(' and ');
}

function list(items: readonly string[]): string {
  return items.map((i) => `"${i}"`).join(', ');
}

interface Verdict {
  readonly carried: boolean;
  /** The leader's value, shown as the promotion finding's `before`. */
  readonly shown: string | null;
  /** What the leader has, as a sentence. */
  readonly where: string;
}

class LeaderIndex {
  readonly name: string;
  readonly present: boolean;
  private readonly facts: ReadonlyMap<string, Fact>;
  private readonly byCell = new Map<string, Fact[]>();
  private readonly byCellAndWorkspace = new Map<string, Fact>();
  private readonly workspaceByRole = new Map<string, string>();
  private readonly accessByGroup = new Map<string, Fact[]>();
  private readonly addresses = new Set<string>();

  constructor(leader: Leader) {
    this.name = leader.name;
    this.present = leader.base !== undefined;
    this.facts = leader.base?.facts ?? new Map<string, Fact>();
    for (const fact of this.facts.values()) {
      if (fact.cell === undefined || fact.workspace === undefined) continue;
      const cell = this.byCell.get(fact.cell);
      if (cell) cell.push(fact);
      else this.byCell.set(fact.cell, [fact]);
      this.byCellAndWorkspace.set(`${fact.cell}@${fact.workspace}`, fact);
      if (fact.key.startsWith(ACCESS_KEY) && fact.group !== undefined) {
        const access = this.accessByGroup.get(fact.group);
        if (access) access.push(fact);
        else this.accessByGroup.set(fact.group, [fact]);
      }
    }
    for (const names of leader.base?.addresses.values() ?? []) for (const a of names) this.addresses.add(a);
    for (const workspace of [...(leader.base?.workspaces ?? [])].sort()) {
      const role = workspaceRole(workspace, leader.name);
      if (!this.workspaceByRole.has(role)) this.workspaceByRole.set(role, workspace);
    }
  }

  /** Whether the leader already holds what a change (before -> after) leaves in `environment`. */
  carries(before: Fact | undefined, after: Fact | undefined, environment: string): Verdict {
    const verdict = this.judge(before, after, environment);
    return this.present ? verdict : { ...verdict, where: `${this.name} is not in the base` };
  }

  private judge(before: Fact | undefined, after: Fact | undefined, environment: string): Verdict {
    const fact = (after ?? before) as Fact;
    if (fact.key.startsWith(ADDRESS_KEY)) {
      // A resource created, deleted, replaced or renamed: the leader must already be in the end state.
      const address = fact.key.slice(ADDRESS_KEY.length);
      const has = this.addresses.has(after ? after.key.slice(ADDRESS_KEY.length) : address);
      return {
        carried: after ? has : !has,
        shown: null,
        where: `${this.name} ${has ? 'has' : 'has no'} ${after ? after.subject : `${address} (any more)`}`,
      };
    }
    const wanted = normalize(after?.value, environment);
    const same = (other: Fact | undefined) => normalize(other?.value, this.name) === wanted;

    if (fact.workspace !== undefined && fact.cell !== undefined) {
      const counterpart = this.workspaceByRole.get(workspaceRole(fact.workspace, environment));
      if (counterpart !== undefined) {
        const there = this.byCellAndWorkspace.get(`${fact.cell}@${counterpart}`);
        return {
          carried: same(there),
          shown: there === undefined ? null : `${there.shown} on ${counterpart}`,
          where:
            there === undefined
              ? `${this.name} has no ${aspect(fact, counterpart)}${this.elsewhere(fact, counterpart)}`
              : `${this.name} has ${describe(there)}`,
        };
      }
      const candidates = this.byCell.get(fact.cell) ?? [];
      const shown =
        candidates.length === 0
          ? null
          : candidates.map((c) => `${c.shown} on ${c.workspace ?? '?'}`).join(', ');
      const where =
        `${this.name} has no workspace like ${fact.workspace}` +
        (candidates.length === 0
          ? `${this.elsewhere(fact, undefined)}`
          : `; on its others it has ${candidates.map(describe).join(', ')}`);
      if (after) return { carried: candidates.some(same), shown, where };
      const gone = normalize(before?.value, environment);
      return { carried: !candidates.some((c) => normalize(c.value, this.name) === gone), shown, where };
    }
    const there = this.facts.get(fact.key);
    return {
      carried: same(there),
      shown: there?.shown ?? null,
      where:
        there === undefined ? `${this.name} has no ${fact.subject}` : `${this.name} has ${describe(there)}`,
    };
  }

  /** Where else the leader grants the group: "staging has the group, only not on that workspace". */
  private elsewhere(fact: Fact, counterpart: string | undefined): string {
    if (fact.group === undefined) return '';
    const access = (this.accessByGroup.get(fact.group) ?? []).filter((f) => f.workspace !== counterpart);
    return access.length === 0
      ? ` (${fact.group} has no workspace in ${this.name})`
      : ` (it grants ${fact.group} ${access.map((f) => `${f.value} on ${f.workspace ?? '?'}`).join(', ')})`;
  }
}

/** The fact the leader would need, on its own workspace: `data-scientists on analytics-staging`. */
function aspect(fact: Fact, workspace: string): string {
  const entitlement = fact.key.startsWith(ACCESS_KEY)
    ? ''
    : fact.subject.slice(fact.subject.lastIndexOf(':'));
  return `${fact.group ?? '?'} on ${workspace}${entitlement}`;
}

function describe(fact: Fact): string {
  if (fact.key.startsWith(ACCESS_KEY)) return `${fact.subject} (${fact.shown})`;
  return fact.value === 'true' ? fact.subject : `${fact.subject} = ${fact.shown}`;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const environmentTokens = new Map<string, RegExp>();

/** Blanks what is per-environment inside a value: ids, UUIDs and the environment's own name. */
function normalize(value: string | undefined, environment: string): string | undefined {
  if (value === undefined) return undefined;
  let token = environmentTokens.get(environment);
  if (token === undefined) {
    token = new RegExp(`(^|[^A-Za-z0-9])${environment.replace(/[^a-z0-9]/g, '\\$&')}(?=$|[^A-Za-z0-9])`, 'g');
    environmentTokens.set(environment, token);
  }
  return value
    .replace(UUID, '<uuid>')
    .replace(/\d{6,}/g, '<id>')
    .replace(token, '$1<env>');
}

/** `ml-prod` in prod and `ml-staging` in staging are both the `ml` workspace. */
function workspaceRole(workspace: string, environment: string): string {
  const role = workspace
    .split('-')
    .filter((part) => part !== environment)
    .join('-');
  return role === '' ? workspace : role;
}

/** One environment as validation sees it: its declaration's override and its stacks' Terraform JSON. */
export interface EnvironmentUnderReview {
  readonly environment: string;
  readonly promotesAfter?: string;
  readonly override?: OverrideRecord;
  /** Each stack's synthesized Terraform JSON, by stack name. */
  readonly stacks: Readonly<Record<string, unknown>>;
}

/**
 * What `sso validate` says about promotion overrides without a base to compare with: for each
 * environment whose override has outlived its change (see `overrideProblems`), one sentence each.
 *
 * @param at the day an override's expiry is judged on
 */
export function staleOverrides(
  environments: readonly EnvironmentUnderReview[],
  at: Date,
): { environment: string; message: string }[] {
  const withOverride = environments.filter((e) => e.override !== undefined && e.promotesAfter !== undefined);
  if (withOverride.length === 0) return [];
  const facts = new Map<string, FactSet>();
  const factsOf = (name: string): FactSet | undefined => {
    const known = facts.get(name);
    if (known !== undefined) return known;
    const env = environments.find((e) => e.environment === name);
    if (env === undefined) return undefined;
    const stacks = Object.entries(env.stacks).map(([stack, json]) => ({
      name: stack,
      json: (json ?? {}) as JsonObject,
      dependencies: [],
    }));
    const collected = collectFacts({ name, stacks, promotesAfter: [] });
    facts.set(name, collected);
    return collected;
  };
  const today = at.toISOString().slice(0, 10);
  return withOverride.flatMap((e) => {
    const override = e.override as OverrideRecord;
    const leader = e.promotesAfter as string;
    return overrideProblems(e.environment, override, {
      today,
      head: factsOf(e.environment),
      headLeaders: [{ name: leader, base: factsOf(leader) }],
    }).map((problem) => ({
      environment: e.environment,
      message: `the promotion override ("${override.reason}") has outlived its change: ${problem}`,
    }));
  });
}
