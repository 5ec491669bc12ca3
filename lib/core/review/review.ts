import { compareEnvironment } from './compare';
import { collectFacts, type FactSet } from './facts';
import { compareFindings, type Finding } from './findings';
import { groupGrants } from './group';
import type { SynthesizedOutput } from './output';
import { promotionGate } from './promotion';
import type { Fact } from './rules';
import {
  forgottenBlocks,
  handedOver,
  isAccountLevel,
  sharedAccountFinding,
  sharedAccountOf,
  withoutAdoptionLookups,
} from './shared-account';
import { ACCESS_KEY } from './sink';

/** The review of a change: findings highest severity first, plus what the access matrix needs. */
export interface Review {
  /** Every finding, grouped by environment in rollout order, then highest severity first. */
  readonly findings: readonly Finding[];
  /** Environments with findings, in rollout order (leaders first). */
  readonly environments: readonly string[];
  /** Group x workspace permission cells that changed, per environment. */
  readonly accessChanges: ReadonlyMap<string, readonly AccessCellChange[]>;
}

/** One group's permission on one workspace, before and after a change. */
export interface AccessCellChange {
  /** The IdP group, as declared. */
  readonly group: string;
  /** The workspace's name in the declaration. */
  readonly workspace: string;
  /** `USER` or `ADMIN` before the change; null when the group had no access. */
  readonly before: string | null;
  /** `USER` or `ADMIN` after the change; null when the access is removed. */
  readonly after: string | null;
}

/**
 * Compares two synthesized outputs environment by environment, then applies the staging-first gate.
 * In a shared account, the owner's account-level changes reach every environment of the account at
 * once: they make one finding that says so, and are gated only behind a leader in another account.
 *
 * @param base - the output before the change (the base branch's)
 * @param head - the output with the change (the pull request's)
 * @param at - the day a promotion override's expiry is judged on; only its UTC date counts
 */
export function reviewOutputs(
  base: SynthesizedOutput,
  head: SynthesizedOutput,
  at: Date = new Date(),
): Review {
  const today = at.toISOString().slice(0, 10);
  const baseFacts = new Map<string, FactSet>();
  const headFacts = new Map<string, FactSet>();
  for (const [name, env] of base.environments) baseFacts.set(name, collectFacts(env));
  for (const [name, env] of head.environments) headFacts.set(name, collectFacts(env));

  const environments = rolloutOrder(base, head);
  const findings: Finding[] = [];
  const accessChanges = new Map<string, AccessCellChange[]>();
  for (const environment of environments) {
    const compared = compareEnvironment(environment, baseFacts.get(environment), headFacts.get(environment));
    const account = sharedAccountOf(head.environments.get(environment));
    const changes =
      account === undefined
        ? compared
        : account.owner === environment
          ? withoutAdoptionLookups(head.environments.get(environment), compared)
          : handedOver(environment, account, forgottenBlocks(head.environments.get(environment)), compared);
    for (const finding of groupGrants(changes)) findings.push(finding);
    const leaders = head.environments.get(environment)?.promotesAfter ?? [];
    const owned =
      account?.owner === environment ? sharedAccountFinding(environment, account, changes) : undefined;
    if (owned !== undefined) findings.push(owned);
    // An environment of the same account cannot carry an account-level change first: nothing to gate behind it.
    const gated =
      owned !== undefined && leaders.every((leader) => account?.environments.includes(leader))
        ? changes.filter((change) => !isAccountLevel(change))
        : changes;
    const own = headFacts.get(environment);
    const gate = promotionGate(
      environment,
      gated,
      leaders.map((name) => ({ name, base: baseFacts.get(name) })),
      {
        override: own?.promotionOverride,
        emergencyGeneration: own?.emergencyRotation?.generation,
        today,
        headLeaders: leaders.map((name) => ({ name, base: headFacts.get(name) })),
        head: own,
      },
    );
    for (const finding of gate) findings.push(finding);
    const cells = changes
      .filter((c) => (c.after ?? c.before)?.key.startsWith(ACCESS_KEY))
      .map(({ before, after }) => cellChange(before, after));
    if (cells.length > 0) accessChanges.set(environment, cells);
  }
  const rank = new Map(environments.map((e, i) => [e, i]));
  findings.sort(
    (a, b) => (rank.get(a.environment) ?? 0) - (rank.get(b.environment) ?? 0) || compareFindings(a, b),
  );
  return {
    findings,
    environments: environments.filter((e) => findings.some((f) => f.environment === e)),
    accessChanges,
  };
}

function cellChange(before: Fact | undefined, after: Fact | undefined): AccessCellChange {
  const fact = (after ?? before) as Fact;
  return {
    group: fact.group ?? '?',
    workspace: fact.workspace ?? '?',
    before: before?.value ?? null,
    after: after?.value ?? null,
  };
}

/** Environments a change reaches first come first: staging before prod. */
function rolloutOrder(base: SynthesizedOutput, head: SynthesizedOutput): string[] {
  const names = [...new Set([...head.environments.keys(), ...base.environments.keys()])].sort();
  const leadersOf = (name: string) =>
    head.environments.get(name)?.promotesAfter ?? base.environments.get(name)?.promotesAfter ?? [];
  const ordered: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (ordered.includes(name) || path.has(name)) return;
    path.add(name);
    for (const leader of leadersOf(name)) if (names.includes(leader)) visit(leader, path);
    ordered.push(name);
  };
  for (const name of names) visit(name, new Set());
  return ordered;
}
