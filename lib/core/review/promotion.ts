import { ADDRESS_KEY, finding, type Change } from './compare';
import type { FactSet } from './facts';
import type { Finding } from './findings';
import type { Fact } from './rules';

/** An environment that must carry every change first (staging for prod), as it is in the base. */
export interface Leader {
  readonly name: string;
  readonly base: FactSet | undefined;
}

/**
 * The staging-first gate: each change to an environment with a leader must already be present,
 * by meaning, in the leader's base. Values that are per-environment by nature (URLs, ids,
 * tenant, key material) are not asked for; workspaces are matched by name without the
 * environment (`ml-prod` ~ `ml-staging`), or, when the leader has no such workspace, by group
 * and value on any of its workspaces.
 */
export function promotionGate(
  environment: string,
  changes: readonly Change[],
  leaders: readonly Leader[],
  override: string | undefined,
): Finding[] {
  // Nothing changed (prod in a staging-only pull request): no need to index the leaders' facts.
  if (leaders.length === 0 || changes.length === 0) return [];
  const indexes = leaders.map((leader) => new LeaderIndex(leader));
  const blocked: { change: Change; leader: LeaderIndex; carried: string | null }[] = [];
  for (const change of changes) {
    const fact = change.after ?? change.before;
    if (fact === undefined || fact.perEnvironment) continue;
    for (const leader of indexes) {
      const verdict = leader.carries(change, environment);
      if (!verdict.carried) {
        blocked.push({ change, leader, carried: verdict.shown });
        break;
      }
    }
  }

  const findings: Finding[] = [];
  const names = leaders.map((l) => l.name).join(' and ');
  if (override !== undefined && blocked.length > 0) {
    findings.push(
      finding({
        environment,
        severity: 'medium',
        kind: 'promotion',
        subject: 'promotionOverride',
        before: null,
        after: override,
        message: `${environment} declares a promotion override ("${override}"): ${blocked.length} change${blocked.length === 1 ? '' : 's'} reach ${environment} before ${names} carries ${blocked.length === 1 ? 'it' : 'them'}; remove the override once ${names} has caught up`,
      }),
    );
  } else if (override !== undefined && changes.length > 0) {
    findings.push(
      finding({
        environment,
        severity: 'low',
        kind: 'promotion',
        subject: 'promotionOverride',
        before: null,
        after: override,
        message: `${environment} declares a promotion override but every change is already in ${names}: remove it`,
      }),
    );
  }
  for (const { change, leader, carried } of blocked) {
    const { subject, after } = change.finding;
    const where = leader.present
      ? `${leader.name} in the base has ${carried ?? 'nothing'}`
      : `${leader.name} is not in the base`;
    findings.push(
      finding({
        environment,
        severity: override === undefined ? 'high' : 'low',
        kind: 'promotion',
        subject,
        before: carried,
        after,
        message:
          override === undefined
            ? `${subject}: this change reaches ${environment} before ${leader.name} carries it (${where}): make it in ${leader.name} first, or declare promotionOverride with a reason for a hotfix`
            : `${subject}: reaches ${environment} before ${leader.name} (${where}), allowed by the promotion override`,
      }),
    );
  }
  return findings;
}

class LeaderIndex {
  readonly name: string;
  readonly present: boolean;
  private readonly facts: ReadonlyMap<string, Fact>;
  private readonly byCell = new Map<string, Fact[]>();
  private readonly byCellAndWorkspace = new Map<string, Fact>();
  private readonly workspaceByRole = new Map<string, string>();
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
    }
    for (const names of leader.base?.addresses.values() ?? []) for (const a of names) this.addresses.add(a);
    for (const workspace of [...(leader.base?.workspaces ?? [])].sort()) {
      const role = workspaceRole(workspace, leader.name);
      if (!this.workspaceByRole.has(role)) this.workspaceByRole.set(role, workspace);
    }
  }

  /** Whether the leader's base already holds what the change leaves in `environment`. */
  carries(change: Change, environment: string): { carried: boolean; shown: string | null } {
    const fact = (change.after ?? change.before) as Fact;
    if (fact.key.startsWith(ADDRESS_KEY)) {
      // A resource created, deleted, replaced or renamed: the leader must already be in the end state.
      const carried = change.after
        ? this.addresses.has(change.after.key.slice(ADDRESS_KEY.length))
        : !this.addresses.has(fact.key.slice(ADDRESS_KEY.length));
      return { carried, shown: null };
    }
    const wanted = normalize(change.after?.value, environment);
    const same = (other: Fact | undefined) => normalize(other?.value, this.name) === wanted;

    if (fact.workspace !== undefined && fact.cell !== undefined) {
      const counterpart = this.workspaceByRole.get(workspaceRole(fact.workspace, environment));
      if (counterpart !== undefined) {
        const there = this.byCellAndWorkspace.get(`${fact.cell}@${counterpart}`);
        return {
          carried: same(there),
          shown: there === undefined ? null : `${there.shown} on ${counterpart}`,
        };
      }
      const candidates = this.byCell.get(fact.cell) ?? [];
      const shown =
        candidates.length === 0
          ? null
          : candidates.map((c) => `${c.shown} on ${c.workspace ?? '?'}`).join(', ');
      if (change.after) return { carried: candidates.some(same), shown };
      const gone = normalize(change.before?.value, environment);
      return { carried: !candidates.some((c) => normalize(c.value, this.name) === gone), shown };
    }
    const there = this.facts.get(fact.key);
    return { carried: same(there), shown: there?.shown ?? null };
  }
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
