import { asObject, isObject, type JsonObject } from '../terraform/json';

/** A `resource` or `data` block of a Terraform JSON stack. */
export interface Block {
  readonly mode: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  /** `type.name`, or `data.type.name`. */
  readonly address: string;
  readonly body: JsonObject;
}

/** One instance of a block: a `for_each` key, a `count` index, or the block itself. */
export interface Instance {
  readonly block: Block;
  readonly key?: string;
  readonly value?: unknown;
  /** The instance of another block this one iterates over (`for_each = data.okta_group.mapped`). */
  readonly via?: Instance;
}

const UNRESOLVED = Symbol('unresolved');
const WHOLE_INTERPOLATION = /^\$\{([^{}]*)\}$/;
const INTERPOLATION = /(?<!\$)\$\{([^{}]*)\}/g;
/** Block types whose instances are groups, and the attribute holding the group's name. */
const GROUP_NAME_ATTRIBUTE: Readonly<Record<string, string>> = {
  databricks_group: 'display_name',
  okta_group: 'name',
  azuread_group: 'display_name',
};

/**
 * Reads one stack's Terraform JSON by meaning: expands `for_each`, substitutes `each.key` and
 * `each.value`, and follows the references that name a group, so findings can say
 * "data-scientists" where the JSON says `${local.group_ids[each.value.group]}`.
 */
export class StackView {
  readonly blocks: readonly Block[];
  private readonly byAddress = new Map<string, Block>();
  private readonly groupLocals = new Map<string, boolean>();
  private readonly instanceCache = new Map<Block, readonly Instance[]>();
  private readonly keyIndex = new Map<Block, Map<string | undefined, Instance>>();

  constructor(readonly json: JsonObject) {
    const blocks: Block[] = [];
    for (const mode of ['resource', 'data'] as const) {
      for (const [type, named] of Object.entries(asObject(json[mode]))) {
        for (const [name, body] of Object.entries(asObject(named))) {
          const address = mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
          const block: Block = { mode, type, name, address, body: asObject(body) };
          blocks.push(block);
          this.byAddress.set(address, block);
        }
      }
    }
    this.blocks = blocks;
  }

  instances(block: Block): readonly Instance[] {
    const cached = this.instanceCache.get(block);
    if (cached) return cached;
    const instances = this.expand(block);
    this.instanceCache.set(block, instances);
    return instances;
  }

  private instanceByKey(block: Block, key: string | undefined): Instance | undefined {
    let byKey = this.keyIndex.get(block);
    if (byKey === undefined) {
      byKey = new Map(this.instances(block).map((i) => [i.key, i]));
      this.keyIndex.set(block, byKey);
    }
    return byKey.get(key);
  }

  private expand(block: Block): Instance[] {
    const forEach = block.body.for_each;
    if (forEach !== undefined) {
      if (isObject(forEach)) return Object.entries(forEach).map(([key, value]) => ({ block, key, value }));
      if (typeof forEach === 'string') {
        const list = literalSet(forEach);
        if (list) return list.map((key) => ({ block, key, value: key }));
        const source = WHOLE_INTERPOLATION.exec(forEach)?.[1]?.trim();
        const other = source === undefined ? undefined : this.byAddress.get(source);
        if (other && other !== block) {
          return this.instances(other).map((via) => ({ block, key: via.key ?? '', value: via.value, via }));
        }
      }
      // Computed at apply time: the block stands for all its instances.
      return [{ block, key: '*' }];
    }
    const count = block.body.count;
    if (typeof count === 'number' && Number.isInteger(count) && count >= 0 && count <= 100_000) {
      return Array.from({ length: count }, (_, i) => ({ block, key: String(i), value: i }));
    }
    return [{ block }];
  }

  /** Substitutes `each.*` and `count.index` in strings (deeply); other expressions stay as written. */
  resolve(value: unknown, instance: Instance): unknown {
    if (typeof value === 'string') return this.resolveString(value, instance);
    if (Array.isArray(value)) return value.map((item) => this.resolve(item, instance));
    if (isObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v, instance)]));
    }
    return value;
  }

  private resolveString(text: string, instance: Instance): unknown {
    if (!text.includes('${')) return text;
    const whole = WHOLE_INTERPOLATION.exec(text);
    if (whole) {
      const value = iterationValue((whole[1] ?? '').trim(), instance);
      return value === UNRESOLVED ? text : value;
    }
    return text.replace(INTERPOLATION, (match, expression: string) => {
      const value = iterationValue(expression.trim(), instance);
      return value === UNRESOLVED || (value !== null && typeof value === 'object') ? match : String(value);
    });
  }

  /**
   * The group an id expression points at: `${local.group_ids[each.value.group]}` (a local map of
   * group ids), `${databricks_group.managed["x"].id}`, or `${each.value.object_id}` when iterating
   * over a group data source.
   */
  groupOf(expression: unknown, instance: Instance): string | undefined {
    if (typeof expression !== 'string') return undefined;
    const inner = WHOLE_INTERPOLATION.exec(expression)?.[1]?.trim();
    if (inner === undefined) return undefined;

    const local = /^local\.([\w-]+)\[(.+)\]$/.exec(inner);
    if (local) {
      if (!this.isGroupLocal(local[1] ?? '')) return undefined;
      const key = this.keyOf(local[2] ?? '', instance);
      return typeof key === 'string' ? key : undefined;
    }

    const reference = /^((?:data\.)?[\w-]+\.[\w-]+)(?:\[(.+)\])?\.[\w-]+$/.exec(inner);
    if (reference && !inner.startsWith('each.')) {
      const block = this.byAddress.get(reference[1] ?? '');
      if (!block || GROUP_NAME_ATTRIBUTE[block.type] === undefined) return undefined;
      const key = reference[2] === undefined ? undefined : this.keyOf(reference[2], instance);
      const target = this.instanceByKey(block, key === undefined ? undefined : String(key));
      return target ? this.groupName(target) : undefined;
    }

    if (/^each\.(key|value(\.[\w-]+)?)$/.test(inner)) {
      if (instance.via) return this.groupName(instance.via);
      // A map of group ids by name (`{ analysts = "${data.databricks_group.analysts.id}" }`): the
      // value refers to the group's block.
      const value = iterationValue(inner, instance);
      if (typeof value === 'string' && value !== expression) return this.groupOf(value, instance);
    }
    return undefined;
  }

  private groupName(instance: Instance): string | undefined {
    const attribute = GROUP_NAME_ATTRIBUTE[instance.block.type];
    if (attribute === undefined) return undefined;
    const name = this.resolve(instance.block.body[attribute], instance);
    return typeof name === 'string' && !name.includes('${') ? name : instance.key;
  }

  /** A local that maps names to ids of group blocks (`merge({ for ... databricks_group ... })`). */
  private isGroupLocal(name: string): boolean {
    const known = this.groupLocals.get(name);
    if (known !== undefined) return known;
    const expression = asObject(this.json.locals)[name];
    const result =
      typeof expression === 'string' &&
      Object.keys(GROUP_NAME_ATTRIBUTE).some((type) => new RegExp(`\\b${type}\\.`).test(expression));
    this.groupLocals.set(name, result);
    return result;
  }

  private keyOf(token: string, instance: Instance): unknown {
    const trimmed = token.trim();
    if (trimmed.startsWith('"')) {
      try {
        return JSON.parse(trimmed);
      } catch {
        return undefined;
      }
    }
    const value = iterationValue(trimmed, instance);
    return value === UNRESOLVED ? undefined : value;
  }
}

/** Parsed `each.value...` access paths: tens of thousands of instances share a handful of expressions. */
const ACCESS_PATHS = new Map<string, readonly string[] | null>();

function accessPath(expression: string): readonly string[] | null {
  let path = ACCESS_PATHS.get(expression);
  if (path === undefined) {
    path = expression.startsWith('each.value')
      ? [...expression.slice('each.value'.length).matchAll(/\.([\w-]+)|\["([^"]*)"\]/g)].map(
          (m) => m[1] ?? m[2] ?? '',
        )
      : null;
    ACCESS_PATHS.set(expression, path);
  }
  return path;
}

/** `each.key`, `each.value`, `each.value.a.b`, `each.value["a"]`, `count.index`. */
function iterationValue(expression: string, instance: Instance): unknown {
  if (instance.key === undefined || instance.key === '*') return UNRESOLVED;
  if (expression === 'each.key') return instance.key;
  if (expression === 'count.index') return instance.value;
  const path = accessPath(expression);
  if (path === null) return UNRESOLVED;
  let current: unknown = instance.value;
  for (const key of path) {
    if (!isObject(current) || !(key in current)) return UNRESOLVED;
    current = current[key];
  }
  return current === undefined ? UNRESOLVED : current;
}

/** `${toset(["a", "b"])}` or `${["a", "b"]}`: a literal set of strings. */
function literalSet(expression: string): string[] | undefined {
  const inner = /^\$\{(?:toset\()?(\[.*\])\)?\}$/s.exec(expression)?.[1];
  if (inner === undefined) return undefined;
  try {
    const list: unknown = JSON.parse(inner);
    return Array.isArray(list) && list.every((item) => typeof item === 'string') ? list : undefined;
  } catch {
    return undefined;
  }
}

/** The workspace a workspace-level Databricks provider alias serves: `databricks.workspace_ml_prod` -> ml-prod. */
export function workspaceOfProvider(provider: unknown): string | undefined {
  if (typeof provider !== 'string') return undefined;
  const alias = /^databricks\.workspace_(.+)$/.exec(provider)?.[1];
  return alias?.replace(/_/g, '-');
}
