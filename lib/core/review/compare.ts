import { specFor } from './catalog';
import type { FactSet } from './facts';
import { severityRank, type Finding, type FindingKind } from './findings';
import { maskTokens } from './mask';
import { fixed, type Fact } from './rules';
import { ACCESS_KEY, makeFact } from './sink';

/** A finding with the facts it compares, which the promotion gate looks up in staging. */
export interface Change {
  readonly finding: Finding;
  readonly before?: Fact;
  readonly after?: Fact;
  /** Only Terraform's state changes (a `moved` block): no resource does, so nothing waits for staging. */
  readonly stateOnly?: boolean;
}

/** Keys of the pseudo-facts that stand for a resource block's existence, for the promotion gate. */
export const ADDRESS_KEY = 'address|';

const EMPTY: FactSet = { facts: new Map(), workspaces: new Set(), addresses: new Map(), moved: new Map() };

/** Every SSO-relevant difference of one environment between base and head. */
export function compareEnvironment(
  environment: string,
  base: FactSet = EMPTY,
  head: FactSet = EMPTY,
): Change[] {
  const changes: Change[] = [];
  const change = (before: Fact | undefined, after: Fact | undefined) => {
    const fact = (after ?? before) as Fact;
    const verdict = fact.rule(before, after);
    changes.push({
      before,
      after,
      finding: finding({
        environment,
        severity: verdict.severity,
        kind: fact.kind,
        subject: fact.subject,
        before: before?.shown ?? null,
        after: after?.shown ?? null,
        message: verdict.message,
      }),
    });
  };

  const blocks = blockChanges(base, head);
  const destroyedBlocks = new Set(blocks.flatMap((b) => b.destroyed));
  const removedWithBlock = new Map<string, Fact[]>();
  for (const [key, before] of base.facts) {
    const after = head.facts.get(key);
    if (after === undefined && before.address !== undefined && destroyedBlocks.has(before.address)) {
      const facts = removedWithBlock.get(before.address);
      if (facts) facts.push(before);
      else removedWithBlock.set(before.address, [before]);
    } else if (after === undefined || after.value !== before.value) {
      change(before, after);
    }
  }
  for (const [key, after] of head.facts) if (!base.facts.has(key)) change(undefined, after);
  changes.push(...removedBlocks(environment, removedWithBlock));
  changes.push(...lockouts(environment, base, head));
  changes.push(...addressChanges(environment, blocks));
  return changes;
}

/** Removing the last admin leaves nobody who can fix access: a lockout. */
function lockouts(environment: string, base: FactSet, head: FactSet): Change[] {
  const admins = (set: FactSet) => {
    const byWorkspace = new Map<string, number>();
    let accountAdmins = 0;
    for (const fact of set.facts.values()) {
      if (fact.key.startsWith(ACCESS_KEY) && fact.value === 'ADMIN' && fact.workspace !== undefined) {
        byWorkspace.set(fact.workspace, (byWorkspace.get(fact.workspace) ?? 0) + 1);
      }
      if (fact.key.startsWith('role|') && fact.value === 'account_admin') accountAdmins++;
    }
    return { byWorkspace, accountAdmins };
  };
  const before = admins(base);
  const after = admins(head);
  const changes: Change[] = [];
  for (const [workspace, count] of before.byWorkspace) {
    // A workspace no longer managed at all is a removal, not a lockout.
    if (count > 0 && !after.byWorkspace.has(workspace) && head.workspaces.has(workspace)) {
      changes.push({
        finding: finding({
          environment,
          severity: 'high',
          kind: 'access',
          subject: `workspace ${workspace}`,
          before: `${count} ADMIN group${count === 1 ? '' : 's'}`,
          after: 'no ADMIN group',
          message: `workspace ${workspace}: the last ADMIN group is removed, so nobody left can administer it (lockout)`,
        }),
      });
    }
  }
  if (before.accountAdmins > 0 && after.accountAdmins === 0 && head.facts.size > 0) {
    changes.push({
      finding: finding({
        environment,
        severity: 'high',
        kind: 'access',
        subject: 'account role account_admin',
        before: `${before.accountAdmins} group${before.accountAdmins === 1 ? '' : 's'}`,
        after: 'no group',
        message:
          'no group holds account_admin any more: nobody left can change the account or its SSO settings (lockout)',
      }),
    });
  }
  return changes;
}

interface BlockChanges {
  readonly type: string;
  readonly idpApp: boolean;
  readonly kind: FindingKind;
  /** Renamed with a `moved` block: from, to. */
  readonly renamed: readonly (readonly [string, string])[];
  readonly destroyed: readonly string[];
  readonly created: readonly string[];
}

/** Resource blocks that appear, disappear or are renamed, by type. */
function blockChanges(base: FactSet, head: FactSet): BlockChanges[] {
  const result: BlockChanges[] = [];
  const types = new Set([...base.addresses.keys(), ...head.addresses.keys()]);
  // Moves name instances (`a.b["k"]` to `a.c`); a block whose instances move is renamed, into one
  // block or several (a layout that splits a block per group).
  const movedBlocks = new Map<string, Set<string>>();
  for (const [from, to] of head.moved) {
    const block = blockAddress(from);
    movedBlocks.set(block, (movedBlocks.get(block) ?? new Set()).add(blockAddress(to)));
  }
  for (const type of [...types].sort()) {
    const before = base.addresses.get(type) ?? new Set<string>();
    const after = head.addresses.get(type) ?? new Set<string>();
    const removed = [...before].filter((a) => !after.has(a)).sort();
    const added = [...after].filter((a) => !before.has(a)).sort();
    if (removed.length === 0 && added.length === 0) continue;
    const renamed = removed.flatMap((from) =>
      [...(movedBlocks.get(from) ?? [])].filter((to) => after.has(to)).map((to) => [from, to] as const),
    );
    const renamedFrom = new Set(renamed.map(([from]) => from));
    const renamedTo = new Set(renamed.map(([, to]) => to));
    const spec = specFor({ mode: 'resource', type, name: '', address: type, body: {} });
    result.push({
      type,
      idpApp: spec?.idpApp === true,
      kind: spec?.kind ?? 'other',
      renamed,
      destroyed: removed.filter((a) => !renamedFrom.has(a)),
      created: added.filter((a) => !renamedTo.has(a)),
    });
  }
  return result;
}

/**
 * A block that is gone is one finding, as serious as the worst of its settings going, not one
 * per setting; an IdP app's deletion is reported by `addressChanges` instead.
 */
function removedBlocks(environment: string, removed: ReadonlyMap<string, readonly Fact[]>): Change[] {
  const changes: Change[] = [];
  for (const [address, facts] of removed) {
    const type = address.split('.')[0] ?? '';
    if (specFor({ mode: 'resource', type, name: '', address, body: {} })?.idpApp) continue;
    const verdicts = facts.map((fact) => ({ fact, verdict: fact.rule(fact, undefined) }));
    const worst = verdicts.reduce<(typeof verdicts)[number] | undefined>(
      (best, v) =>
        best === undefined || severityRank(v.verdict.severity) < severityRank(best.verdict.severity)
          ? v
          : best,
      undefined,
    );
    if (worst === undefined) continue;
    changes.push({
      before: worst.fact,
      finding: finding({
        environment,
        severity: worst.verdict.severity,
        kind: worst.fact.kind,
        subject: address,
        before: address,
        after: null,
        message: `${address} is removed: ${worst.verdict.message}`,
      }),
    });
  }
  return changes;
}

/**
 * Resources that change address: Terraform destroys the old and creates the new one unless a
 * `moved` block says it is a rename. For the IdP app that is a new app: every login breaks.
 */
function addressChanges(environment: string, blocks: readonly BlockChanges[]): Change[] {
  const changes: Change[] = [];
  for (const { type, idpApp, kind, renamed, destroyed, created } of blocks) {
    const fact = (address: string) =>
      makeFact({
        key: `${ADDRESS_KEY}${address}`,
        kind,
        subject: address,
        raw: 'exists',
        rule: fixed('low'),
      });

    const targets = new Map<string, string[]>();
    for (const [from, to] of renamed) targets.set(from, [...(targets.get(from) ?? []), to]);
    for (const [from, to] of targets) {
      const shown = shortList(to);
      changes.push({
        stateOnly: true,
        before: fact(from),
        ...(to.length === 1 ? { after: fact(to[0] as string) } : {}),
        finding: finding({
          environment,
          severity: 'low',
          kind,
          subject: from,
          before: from,
          after: shown,
          message:
            to.length === 1
              ? `${from} renamed to ${shown} with a moved block: no effect on the resource`
              : `${from} split into ${to.length} blocks (${shown}) with moved blocks: no effect on the resources`,
        }),
      });
    }
    if (idpApp) {
      for (const address of destroyed) {
        const replacement = created.length > 0;
        changes.push({
          before: fact(address),
          finding: finding({
            environment,
            severity: 'high',
            kind,
            subject: address,
            before: address,
            after: replacement ? created.join(', ') : null,
            message: replacement
              ? `${address} is replaced by ${created.join(', ')}: a new IdP app has a new entity ID and certificate, so every login breaks until the account console is updated`
              : `${address} is deleted: nobody can sign in through it any more`,
          }),
        });
      }
      if (destroyed.length === 0) {
        for (const address of created) {
          changes.push({
            after: fact(address),
            finding: finding({
              environment,
              severity: 'low',
              kind,
              subject: address,
              before: null,
              after: address,
              message: `${address} is created`,
            }),
          });
        }
      }
    } else if (destroyed.length > 0 && created.length > 0) {
      changes.push({
        finding: finding({
          environment,
          severity: 'low',
          kind,
          subject: type,
          before: shortList(destroyed),
          after: shortList(created),
          message: `${type} blocks change address without a moved block: Terraform destroys ${shortList(destroyed)} and creates ${shortList(created)}`,
        }),
      });
    }
  }
  return changes;
}

/** Every string that leaves the review engine passes the token mask once more. */
export function finding(f: Finding): Finding {
  return {
    ...f,
    subject: maskTokens(f.subject),
    before: f.before === null ? null : maskTokens(f.before),
    after: f.after === null ? null : maskTokens(f.after),
    message: maskTokens(f.message),
    ...(f.details === undefined ? {} : { details: f.details.map(maskTokens) }),
  };
}

/** `type.name` of a resource address, its instance key dropped: `a.b["k"]` -> `a.b`. */
function blockAddress(address: string): string {
  const key = address.indexOf('[');
  return key === -1 ? address : address.slice(0, key);
}

/** Addresses for a finding: a layout change moves thousands of blocks, and the first few say what happened. */
function shortList(addresses: readonly string[]): string {
  return addresses.length <= 3
    ? addresses.join(', ')
    : `${addresses.slice(0, 3).join(', ')} and ${addresses.length - 3} more`;
}
