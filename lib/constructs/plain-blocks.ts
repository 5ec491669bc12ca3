import { TerraformElement, TerraformStack, type TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';

/** A block's arguments as Terraform JSON: plain data, no cdktf tokens. */
export type PlainBody = Readonly<Record<string, unknown>>;

type Blocks = Record<string, Record<string, PlainBody>>;

/** The part of a stack's Terraform JSON that a `PlainBlocks` writes. */
export interface PlainFragment {
  readonly resource: Blocks;
  readonly data: Blocks;
  readonly moved: { readonly from: string; readonly to: string }[];
}

const deferred = new WeakMap<TerraformStack, Set<PlainBlocks>>();
const fragments = new WeakMap<PlainBlocks, PlainFragment>();
/** Elements whose blocks the running pass leaves out, to be written in afterwards. */
const paused = new WeakSet<PlainBlocks>();

/**
 * Terraform blocks written as plain JSON instead of one cdktf construct each. Group mappings put
 * every group in blocks of its own (Terraform's plan cost grows with the size of a `for_each`
 * map), which makes tens of thousands of blocks in a large organisation: as constructs they cost
 * cdktf about 0.3 ms and 10 KB each, and cdktf resolves each of them three times. As data they
 * are written once, by a stack that cooperates (see `synthesizePlainBlocks`); in any other stack
 * cdktf resolves them as usual, with the same output.
 *
 * Block names and references are spelled out by the caller (`"${data.okta_group.x.id}"`), so
 * construct IDs play no part in the addresses.
 */
export class PlainBlocks extends TerraformElement {
  private readonly fragment: PlainFragment = { resource: {}, data: {}, moved: [] };

  constructor(scope: Construct, id: string) {
    super(scope, id);
    fragments.set(this, this.fragment);
    const stack = TerraformStack.of(this);
    const elements = deferred.get(stack) ?? new Set<PlainBlocks>();
    elements.add(this);
    deferred.set(stack, elements);
  }

  /** Adds `resource.<type>.<name>`; a name used twice is a bug, and throws. */
  resource(type: string, name: string, body: PlainBody): void {
    add(this.fragment.resource, type, name, body);
  }

  /** Adds `data.<type>.<name>`. */
  data(type: string, name: string, body: PlainBody): void {
    add(this.fragment.data, type, name, body);
  }

  /** Adds a `moved` block: Terraform moves the state of `from` to `to` instead of destroying it. */
  moved(from: string, to: string): void {
    this.fragment.moved.push({ from, to });
  }

  /** cdktf's HCL output (`hclOutput`) would leave these blocks out without a word: refuse it instead. */
  override toHclTerraform(): Record<string, unknown> {
    throw new Error(
      `${this.node.path}: the group mapping blocks are written as Terraform JSON only; synthesize without hclOutput`,
    );
  }

  override toTerraform(): Record<string, unknown> {
    if (paused.has(this)) return {};
    const { resource, data, moved } = this.fragment;
    return {
      ...(Object.keys(resource).length > 0 ? { resource } : {}),
      ...(Object.keys(data).length > 0 ? { data } : {}),
      ...(moved.length > 0 ? { moved } : {}),
    };
  }
}

/**
 * Runs one of the stack's synthesis passes without its `PlainBlocks` and, when the pass returns
 * the stack's JSON, writes their blocks into it as they are.
 */
export function synthesizePlainBlocks<T>(stack: TerraformStack, pass: () => T): T {
  const elements = [...(deferred.get(stack) ?? [])];
  elements.forEach((element) => paused.add(element));
  let result: T;
  try {
    result = pass();
  } finally {
    elements.forEach((element) => paused.delete(element));
  }
  if (result === null || typeof result !== 'object') return result;
  const json = result as Record<string, unknown>;
  for (const element of elements) {
    const { resource, data, moved } = fragments.get(element) as PlainFragment;
    mergeBlocks(json, 'resource', resource);
    mergeBlocks(json, 'data', data);
    if (moved.length > 0) json.moved = [...((json.moved as unknown[] | undefined) ?? []), ...moved];
  }
  return result;
}

function add(blocks: Blocks, type: string, name: string, body: PlainBody): void {
  const named = (blocks[type] ??= {});
  if (named[name] !== undefined) throw new Error(`${type}.${name} is written twice`);
  named[name] = body;
}

function mergeBlocks(json: Record<string, unknown>, mode: 'resource' | 'data', blocks: Blocks): void {
  if (Object.keys(blocks).length === 0) return;
  const section = ((json[mode] as Blocks | undefined) ?? {}) as Blocks;
  json[mode] = section;
  for (const [type, named] of Object.entries(blocks)) {
    const existing = (section[type] ??= {});
    for (const [name, body] of Object.entries(named)) {
      if (existing[name] !== undefined) throw new Error(`${mode} ${type}.${name} is written twice`);
      existing[name] = body;
    }
  }
}

/**
 * How a block names its provider configuration in Terraform JSON: `databricks.account`, or `okta`
 * for a configuration without alias.
 */
export function providerAddress(provider: TerraformProvider): string {
  return provider.alias === undefined
    ? provider.terraformResourceType
    : `${provider.terraformResourceType}.${provider.alias}`;
}

/** `${okta_app_saml.databricks.id}`: a plain reference to an attribute of a construct's block. */
export function attributeReference(
  element: { readonly terraformResourceType: string; readonly friendlyUniqueId: string },
  attribute: string,
): string {
  return `\${${element.terraformResourceType}.${element.friendlyUniqueId}.${attribute}}`;
}
