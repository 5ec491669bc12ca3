import type { FindingKind } from './findings';
import { digest, maskTokens } from './mask';
import { workspacePermission, type Fact } from './rules';

/** Keys of group x workspace permission cells. */
export const ACCESS_KEY = 'access|';

const PERMISSION_RANK: Readonly<Record<string, number>> = { USER: 1, ADMIN: 2 };
const SHOWN_LIMIT = 120;

/** Collects one environment's facts; permission cells from several blocks merge into one. */
export class FactSink {
  readonly facts = new Map<string, Fact>();
  /** Every workspace the environment manages, whether or not a fact names it. */
  readonly workspaces = new Set<string>();
  private readonly cells = new Map<
    string,
    { group: string; workspace?: string; id: string; permission: string }
  >();

  add(fact: Fact): void {
    this.facts.set(fact.key, fact);
    if (fact.workspace !== undefined) this.workspaces.add(fact.workspace);
  }

  /**
   * Records a group's permission on a workspace. The workspace is known by name when the
   * instance key says so (`group/workspace`), else by id until `finish` can map the id.
   */
  permission(group: string, workspace: string | undefined, workspaceId: string, permission: string): void {
    const key = `${group}|${workspace ?? `#${workspaceId}`}`;
    const known = this.cells.get(key);
    if (known && (PERMISSION_RANK[known.permission] ?? 0) >= (PERMISSION_RANK[permission] ?? 0)) return;
    this.cells.set(key, { group, workspace, id: workspaceId, permission });
  }

  finish(): void {
    const names = new Map<string, string>();
    for (const cell of this.cells.values())
      if (cell.workspace !== undefined) names.set(cell.id, cell.workspace);
    for (const cell of this.cells.values()) {
      const workspace = cell.workspace ?? names.get(cell.id) ?? `id ${cell.id}`;
      this.add(
        makeFact({
          key: `${ACCESS_KEY}${cell.group}|${workspace}`,
          kind: 'access',
          subject: `${cell.group} on ${workspace}`,
          raw: cell.permission,
          rule: workspacePermission,
          group: cell.group,
          workspace,
          cell: `${ACCESS_KEY}${cell.group}`,
        }),
      );
    }
    this.cells.clear();
  }
}

/** Canonical JSON: sorted keys, and lists of plain values sorted (they are sets to every provider used here). */
function canonical(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(sortDeep(value)) ?? 'null';
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(sortDeep);
    return items.every((item) => item === null || typeof item !== 'object')
      ? [...items].sort((a, b) => {
          const x = JSON.stringify(a) ?? '';
          const y = JSON.stringify(b) ?? '';
          return x < y ? -1 : x > y ? 1 : 0;
        })
      : items;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortDeep((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The compared and the shown form of a value; a secret is compared by digest and never shown. */
function factValue(raw: unknown, secret: boolean): { value: string; shown: string } {
  const text = canonical(raw);
  if (secret) return { value: `sha256:${digest(text)}`, shown: '(sensitive)' };
  const masked = maskTokens(text);
  return {
    value: text,
    shown:
      masked.length > SHOWN_LIMIT
        ? `${masked.slice(0, SHOWN_LIMIT - 20)}... (${masked.length} characters)`
        : masked,
  };
}

interface FactInput {
  readonly key: string;
  readonly kind: FindingKind;
  readonly subject: string;
  readonly raw: unknown;
  readonly secret?: boolean;
  readonly rule: Fact['rule'];
  readonly perEnvironment?: boolean;
  readonly group?: string;
  readonly workspace?: string;
  readonly cell?: string;
  readonly address?: string;
}

/** Builds every fact with the same shape: tens of thousands of them are compared in one review. */
export function makeFact(input: FactInput): Fact {
  const secret = input.secret ?? false;
  const { value, shown } = factValue(input.raw, secret);
  return {
    key: input.key,
    kind: input.kind,
    subject: input.subject,
    value,
    shown,
    rule: input.rule,
    // A secret differs per environment by nature: staging can never carry prod's.
    perEnvironment: (input.perEnvironment ?? false) || secret,
    group: input.group,
    workspace: input.workspace,
    cell: input.cell,
    address: input.address,
  };
}
