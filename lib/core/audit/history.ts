import { ssoRecords, type SsoRecords } from '../access/records';
import type { Finding } from '../review/findings';
import type { SynthesizedOutput } from '../review/output';
import { reviewOutputs } from '../review/review';

/*
 * The access change log: the review engine applied commit by commit along the history of the
 * declarations, plus what the synthesized stacks record for auditors (signing keys, suppressions,
 * overrides, emergency access), each with the commit that added and the one that removed it.
 */

export interface HistoryCommit {
  readonly sha: string;
  /** Committer date, UTC, `2026-11-20T09:30:00Z`: when the change landed on this line. */
  readonly date: string;
  readonly author: string;
  readonly subject: string;
  /** The pull request the message names (`Merge pull request #123`, `Subject (#123)`). */
  readonly pullRequest: number | null;
}

/** A commit's synthesized state, or why it did not synthesize. */
export type HistoryState = { readonly output: SynthesizedOutput } | { readonly error: string };

export interface HistoryStep {
  readonly commit: HistoryCommit;
  /** Undefined when nothing synthesis reads changed (the state is the previous one's). */
  readonly state?: HistoryState;
}

export interface HistoryInput {
  /** The ref the log starts after, as given, and its commit; null: from before the first commit. */
  readonly since: {
    readonly ref: string | null;
    readonly commit: HistoryCommit | null;
    readonly state: HistoryState;
  };
  readonly head: HistoryCommit;
  /** Every commit after `since` up to the head, oldest first. */
  readonly steps: readonly HistoryStep[];
}

export interface EmergencyAccessChange {
  readonly environment: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export interface HistoryEntry extends HistoryCommit {
  /** What the review engine finds between the previous state and this commit's. */
  readonly findings: readonly Finding[];
  readonly emergencyAccess: readonly EmergencyAccessChange[];
  /** Set when the commit's declarations do not synthesize; the next state is compared with the last good one. */
  readonly error?: string;
}

export interface Rotation {
  readonly environment: string;
  readonly generation: string;
  /** The day the declaration says the IdP started signing with it; null when the output does not record it. */
  readonly issued: string | null;
  readonly previous: string | null;
  readonly commit: string;
  readonly date: string;
  readonly author: string;
  readonly pullRequest: number | null;
}

/** Where an override or suppression came or went; null: before the log starts, or still in force. */
export interface Moment {
  readonly commit: string;
  readonly date: string;
  readonly author: string;
  readonly pullRequest: number | null;
}

export interface OverrideSpan {
  readonly environment: string;
  readonly kind: 'suppression' | 'promotionOverride' | 'emergencyRotation';
  /** `SSO-005 at databricks/admin-assignment[...]`, `covers data-scientists on ml-prod`, `generation 2027-q1`. */
  readonly subject: string;
  readonly reason: string;
  readonly added: Moment | null;
  readonly removed: Moment | null;
}

export interface History {
  readonly since: { readonly ref: string | null; readonly commit: string | null };
  readonly head: string;
  /** Commits in the range, and how many changed what synthesis reads. */
  readonly examined: number;
  readonly statesCompared: number;
  readonly entries: readonly HistoryEntry[];
  readonly rotations: readonly Rotation[];
  readonly overrides: readonly OverrideSpan[];
}

const MERGE = /^Merge pull request #(\d+)\b/m;
const SQUASH = /\(#(\d+)\)\s*$/m;

/** The pull request a commit message names, as GitHub writes merge and squash commits. */
export function pullRequestOf(message: string): number | null {
  const subject = message.split('\n')[0] ?? '';
  const found = MERGE.exec(subject) ?? SQUASH.exec(subject);
  return found?.[1] === undefined ? null : Number(found[1]);
}

const EMPTY: SynthesizedOutput = { environments: new Map() };

/** Reviews each changed state against the last good one, and follows the records through time. */
export function buildHistory(input: HistoryInput): History {
  let previous = 'output' in input.since.state ? input.since.state.output : EMPTY;
  let previousRecords = recordsOf(previous);
  const entries: HistoryEntry[] = [];
  const rotations: Rotation[] = [];
  // Overrides in force, by a key that stays the same while they do, and those that ended.
  const open = new Map<string, OverrideSpan>();
  const ended: OverrideSpan[] = [];
  for (const [key, span] of overrideSpans(previousRecords))
    open.set(key, { ...span, added: null, removed: null });

  let compared = 0;
  for (const { commit, state } of input.steps) {
    if (state === undefined) continue;
    compared++;
    if ('error' in state) {
      entries.push({ ...commit, findings: [], emergencyAccess: [], error: state.error });
      continue;
    }
    const review = reviewOutputs(previous, state.output, new Date(`${commit.date.slice(0, 10)}T00:00:00Z`));
    const records = recordsOf(state.output);
    const emergencyAccess = emergencyAccessChanges(previousRecords, records);
    if (review.findings.length > 0 || emergencyAccess.length > 0) {
      entries.push({ ...commit, findings: review.findings, emergencyAccess });
    }
    rotations.push(...rotationsBetween(previousRecords, records, review.findings, commit));
    const moment = momentOf(commit);
    const now = overrideSpans(records);
    for (const [key, span] of open) {
      if (now.has(key)) continue;
      ended.push({ ...span, removed: moment });
      open.delete(key);
    }
    for (const [key, span] of now)
      if (!open.has(key)) open.set(key, { ...span, added: moment, removed: null });
    previous = state.output;
    previousRecords = records;
  }

  const overrides = [...ended, ...open.values()].sort(
    (a, b) =>
      compareText(a.added?.date ?? '', b.added?.date ?? '') ||
      compareText(a.environment, b.environment) ||
      compareText(a.kind, b.kind) ||
      compareText(a.subject, b.subject) ||
      compareText(a.removed?.date ?? '~', b.removed?.date ?? '~'),
  );
  return {
    since: { ref: input.since.ref, commit: input.since.commit?.sha ?? null },
    head: input.head.sha,
    examined: input.steps.length,
    statesCompared: compared,
    entries,
    rotations,
    overrides,
  };
}

function recordsOf(output: SynthesizedOutput): Map<string, SsoRecords> {
  return new Map([...output.environments].map(([name, environment]) => [name, ssoRecords(environment)]));
}

function momentOf(commit: HistoryCommit): Moment {
  return { commit: commit.sha, date: commit.date, author: commit.author, pullRequest: commit.pullRequest };
}

/** Every override in force, by a key that stays the same while it does. */
function overrideSpans(
  records: ReadonlyMap<string, SsoRecords>,
): Map<string, Omit<OverrideSpan, 'added' | 'removed'>> {
  const spans = new Map<string, Omit<OverrideSpan, 'added' | 'removed'>>();
  for (const [environment, r] of records) {
    for (const s of r.suppressions) {
      const subject = `${s.rule} ${s.path === '' ? '(environment-wide)' : `at ${s.path}`}`;
      spans.set(`${environment}|suppression|${subject}|${s.reason}`, {
        environment,
        kind: 'suppression',
        subject,
        reason: s.reason,
      });
    }
    if (r.promotionOverride !== undefined) {
      const o = r.promotionOverride;
      const subject = `covers ${o.covers.join(', ') || '(nothing recorded)'}${o.expires === undefined ? '' : `, expires ${o.expires}`}`;
      spans.set(`${environment}|promotionOverride|${subject}|${o.reason}`, {
        environment,
        kind: 'promotionOverride',
        subject,
        reason: o.reason,
      });
    }
    if (r.emergencyRotation !== undefined) {
      const e = r.emergencyRotation;
      const subject = `generation ${e.generation}, expires ${e.expires}`;
      spans.set(`${environment}|emergencyRotation|${subject}|${e.reason}`, {
        environment,
        kind: 'emergencyRotation',
        subject,
        reason: e.reason,
      });
    }
  }
  return spans;
}

function emergencyAccessChanges(
  before: ReadonlyMap<string, SsoRecords>,
  after: ReadonlyMap<string, SsoRecords>,
): EmergencyAccessChange[] {
  const changes: EmergencyAccessChange[] = [];
  for (const [environment, r] of after) {
    const old = before.get(environment)?.emergencyAccess;
    // An output that does not record the list says nothing about it.
    if (r.emergencyAccess === undefined || old === undefined) continue;
    const added = r.emergencyAccess.filter((u) => !old.includes(u));
    const removed = old.filter((u) => !(r.emergencyAccess ?? []).includes(u));
    if (added.length > 0 || removed.length > 0) changes.push({ environment, added, removed });
  }
  return changes;
}

/**
 * Key generations that changed, from the recorded signing key; outputs that do not record it give
 * the review's signing-key findings instead.
 */
function rotationsBetween(
  before: ReadonlyMap<string, SsoRecords>,
  after: ReadonlyMap<string, SsoRecords>,
  findings: readonly Finding[],
  commit: HistoryCommit,
): Rotation[] {
  const rotations: Rotation[] = [];
  const at = {
    commit: commit.sha,
    date: commit.date,
    author: commit.author,
    pullRequest: commit.pullRequest,
  };
  for (const [environment, r] of after) {
    const old = before.get(environment);
    if (r.signingKey !== undefined && old?.signingKey !== undefined) {
      if (r.signingKey.generation !== old.signingKey.generation) {
        rotations.push({
          environment,
          generation: r.signingKey.generation,
          issued: r.signingKey.issued,
          previous: old.signingKey.generation,
          ...at,
        });
      }
      continue;
    }
    if (r.signingKey !== undefined && old === undefined) continue;
    const finding = findings.find(
      (f) =>
        f.environment === environment && f.kind === 'signing-key' && f.before !== null && f.after !== null,
    );
    if (finding !== undefined) {
      rotations.push({
        environment,
        generation: r.signingKey?.generation ?? finding.after ?? '',
        issued: r.signingKey?.issued ?? null,
        previous: old?.signingKey?.generation ?? finding.before,
        ...at,
      });
    }
  }
  return rotations;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
