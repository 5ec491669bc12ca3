/**
 * A read-only view of one environment's synthesized Terraform JSON, so rules check what would
 * actually be applied (overrides and escape hatches included) rather than what the constructs meant.
 */

import { asObject, countResourceInstances, isObject, type JsonObject } from '../terraform/json';

export interface TerraformBlock {
  readonly kind: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  /** The Terraform address: `okta_app_saml.databricks`, `data.okta_group.mapped`. */
  readonly address: string;
  /** The construct path within its stack (`okta-app/app`), else (plain-data blocks) the Terraform address. */
  readonly path: string;
  readonly body: JsonObject;
  /** The stack that holds the block. */
  readonly stack: string;
}

export interface Instance {
  /** The `for_each` key; undefined for a block without `for_each`. */
  readonly key: string | undefined;
  /** The `for_each` value when the stack spells it out; undefined otherwise. */
  readonly value: unknown;
  /** The block's path, with `["key"]` for a `for_each` instance. */
  readonly path: string;
}

/** Where each kind of group block keeps the group's name. */
const GROUP_NAME_ATTRIBUTE: Readonly<Record<string, string>> = {
  databricks_group: 'display_name',
  okta_group: 'name',
  azuread_group: 'display_name',
};

export class SynthesizedEnvironment {
  private readonly blocks: readonly TerraformBlock[];
  /** Blocks by stack and address: a large organisation has tens of thousands of them. */
  private readonly byAddress: ReadonlyMap<string, TerraformBlock>;

  /**
   * @param stacks the synthesized JSON of each stack of the environment, by stack name; a stack
   *   named after the environment is its main stack, others (mapping shards) keep their name in paths
   */
  constructor(
    readonly environment: string,
    private readonly stacks: Readonly<Record<string, unknown>>,
  ) {
    this.blocks = Object.entries(stacks).flatMap(([stack, json]) => [
      ...blocksOf(stack, environment, 'resource', asObject(json)),
      ...blocksOf(stack, environment, 'data', asObject(json)),
    ]);
    this.byAddress = new Map(this.blocks.map((b) => [`${b.stack}\n${b.address}`, b]));
  }

  /** Resource instances of each stack, by stack name, as `terraform plan` counts them. */
  resourceInstances(): ReadonlyMap<string, number> {
    return new Map(Object.entries(this.stacks).map(([stack, json]) => [stack, countResourceInstances(json)]));
  }

  /** Resources of one type, or all of them, in stack order. */
  resources(type?: string): readonly TerraformBlock[] {
    return this.blocks.filter((b) => b.kind === 'resource' && (type === undefined || b.type === type));
  }

  /** Data sources of one type, or all of them, in stack order. */
  data(type?: string): readonly TerraformBlock[] {
    return this.blocks.filter((b) => b.kind === 'data' && (type === undefined || b.type === type));
  }

  /** Provider configurations of every stack, with a path readers can find them by. */
  providers(): readonly { readonly name: string; readonly path: string; readonly body: JsonObject }[] {
    return Object.entries(this.stacks).flatMap(([stack, json]) =>
      Object.entries(asObject(asObject(json).provider)).flatMap(([name, configs]) =>
        (Array.isArray(configs) ? configs : [configs]).map((config) => {
          const body = asObject(config);
          const alias = typeof body.alias === 'string' ? `.${body.alias}` : '';
          return { name, path: `${prefix(stack, this.environment)}provider.${name}${alias}`, body };
        }),
      ),
    );
  }

  /** The configuration of the provider a block uses, from the block's own stack. */
  providerOf(block: TerraformBlock): JsonObject | undefined {
    const wanted = typeof block.body.provider === 'string' ? block.body.provider : block.type.split('_')[0];
    const [name = '', alias] = (wanted ?? '').split('.');
    const configs = asObject(asObject(this.stacks[block.stack]).provider)[name];
    return (Array.isArray(configs) ? configs : [configs])
      .map(asObject)
      .find((c) => (alias === undefined ? c.alias === undefined : c.alias === alias));
  }

  /**
   * The instances of a block. A `for_each` over a literal map, a literal `toset([...])`, or another
   * block of the same stack with such a `for_each` is spelled out; any other `for_each` (or a
   * `count`) cannot be read before apply and gives undefined.
   */
  instances(block: TerraformBlock): readonly Instance[] | undefined {
    if (block.body.count !== undefined) return undefined;
    const forEach = block.body.for_each;
    if (forEach === undefined) return [{ key: undefined, value: undefined, path: block.path }];
    const entries = this.forEachEntries(block.stack, forEach, 0);
    return entries?.map(([key, value]) => ({ key, value, path: `${block.path}[${JSON.stringify(key)}]` }));
  }

  private forEachEntries(stack: string, forEach: unknown, depth: number): [string, unknown][] | undefined {
    if (isObject(forEach)) return Object.entries(forEach);
    if (typeof forEach !== 'string' || depth > 5) return undefined;
    const set = /^\$\{toset\((\[.*\])\)\}$/s.exec(forEach);
    if (set) {
      try {
        const items: unknown = JSON.parse(set[1] ?? '');
        if (Array.isArray(items) && items.every((i) => typeof i === 'string')) {
          return items.map((i: string) => [i, i]);
        }
      } catch {
        return undefined;
      }
      return undefined;
    }
    const reference = /^\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\}$/.exec(forEach);
    const target = reference ? this.byAddress.get(`${stack}\n${reference[1]}`) : undefined;
    if (!target || target.body.for_each === undefined) return undefined;
    return this.forEachEntries(stack, target.body.for_each, depth + 1)?.map(([key]) => [key, undefined]);
  }

  /**
   * The value of one of a block's arguments for one instance: a literal as written, or
   * `${each.key}`, `${each.value}` and `${each.value.<field>}` read from the instance; undefined for
   * anything Terraform computes.
   */
  valueOf(block: TerraformBlock, argument: string, instance: Instance): unknown {
    const written = block.body[argument];
    if (typeof written !== 'string' || !written.includes('${')) return written;
    if (written === '${each.key}') return instance.key;
    const field = /^\$\{each\.value(?:\.([A-Za-z0-9_-]+))?\}$/.exec(written);
    if (!field) return undefined;
    return field[1] === undefined ? instance.value : asObject(instance.value)[field[1]];
  }

  /**
   * The name of the group an argument refers to (`${data.databricks_group.analysts.id}`,
   * `${data.okta_group.analysts.id}`, `${data.azuread_group.analysts.object_id}`), for one
   * instance when given: the group block's name as written in it; undefined when the argument
   * names no group block of the same stack.
   */
  groupOf(block: TerraformBlock, argument: string, instance?: Instance): string | undefined {
    const argumentValue = block.body[argument];
    // `${each.value}` over a map of group ids by name (`{ analysts = "${data.databricks_group.analysts.id}" }`).
    const written =
      instance !== undefined && typeof argumentValue === 'string' && argumentValue.startsWith('${each.')
        ? this.valueOf(block, argument, instance)
        : argumentValue;
    const reference =
      typeof written === 'string'
        ? /^\$\{((?:data\.)?([a-z0-9_]+)\.[A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(written)
        : null;
    const attribute = GROUP_NAME_ATTRIBUTE[reference?.[2] ?? ''];
    const target = reference ? this.byAddress.get(`${block.stack}\n${reference[1]}`) : undefined;
    if (attribute === undefined || target === undefined || target.body.for_each !== undefined)
      return undefined;
    const name = target.body[attribute];
    return typeof name === 'string' && !name.includes('${') ? name : undefined;
  }
}

function blocksOf(
  stack: string,
  environment: string,
  kind: 'resource' | 'data',
  json: JsonObject,
): TerraformBlock[] {
  return Object.entries(asObject(json[kind])).flatMap(([type, blocks]) =>
    Object.entries(asObject(blocks)).map(([name, block]) => {
      const body = asObject(block);
      const constructPath = asObject(asObject(body['//']).metadata).path;
      const address = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
      const within =
        typeof constructPath === 'string' && constructPath.startsWith(`${stack}/`)
          ? constructPath.slice(stack.length + 1)
          : address;
      return { kind, type, name, address, path: `${prefix(stack, environment)}${within}`, body, stack };
    }),
  );
}

/** Paths in a mapping shard name the shard, so they cannot collide with the main stack's. */
function prefix(stack: string, environment: string): string {
  return stack === environment ? '' : `${stack}/`;
}

/**
 * Every string of a block's configuration with its attribute path (`web.redirect_uris[0]`), skipping
 * cdktf's `//` metadata and the meta-arguments that hold no configuration.
 */
export function strings(body: JsonObject): { readonly attribute: string; readonly value: string }[] {
  const found: { attribute: string; value: string }[] = [];
  const walk = (value: unknown, at: string): void => {
    if (typeof value === 'string') found.push({ attribute: at, value });
    else if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${at}[${i}]`));
    else if (isObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (key === '//' || (at === '' && META_ARGUMENTS.has(key))) continue;
        walk(item, at === '' ? key : `${at}.${key}`);
      }
    }
  };
  walk(body, '');
  return found;
}

const META_ARGUMENTS = new Set(['depends_on', 'lifecycle', 'provider', 'provisioner', 'connection']);

/** Minutes in an ISO 8601 duration of days, hours, minutes (`PT30M`, `PT8H`, `P1D`); undefined otherwise. */
export function durationMinutes(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(value);
  if (!match || value === 'P' || value.endsWith('T')) return undefined;
  const [, d = '0', h = '0', m = '0'] = match;
  return Number(d) * 1440 + Number(h) * 60 + Number(m);
}
