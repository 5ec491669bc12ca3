/**
 * The benchmark's reference: a synthesized stack with every `for_each` instance written as a resource
 * block of its own, the same instances with nothing for Terraform to expand. Terraform plans plain
 * blocks in linear time; the per-group layout is judged against it.
 */
import type { JsonObject } from '../lib/core/terraform/json';

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

export function plainReference(stack: JsonObject): JsonObject {
  const copy = structuredClone(stack) as Record<string, unknown>;
  const renamed = new Map<string, string[]>();
  for (const mode of ['resource', 'data'] as const) {
    const section = copy[mode] as Blocks | undefined;
    if (section === undefined) continue;
    for (const [type, blocks] of Object.entries(section)) {
      for (const [name, body] of Object.entries(blocks)) {
        const forEach = body.for_each;
        if (forEach === null || typeof forEach !== 'object' || Array.isArray(forEach)) continue;
        delete blocks[name];
        const names: string[] = [];
        Object.entries(forEach as Record<string, unknown>).forEach(([key, value], i) => {
          const { for_each: _ignored, ...rest } = body;
          const plain = `${name}__${i}`;
          blocks[plain] = substitute(rest, key, value) as Record<string, unknown>;
          names.push(`${mode === 'data' ? 'data.' : ''}${type}.${plain}`);
        });
        renamed.set(`${mode === 'data' ? 'data.' : ''}${type}.${name}`, names);
      }
    }
  }
  // depends_on named whole blocks: each now stands for the blocks its instances became.
  for (const mode of ['resource', 'data'] as const) {
    for (const blocks of Object.values((copy[mode] as Blocks | undefined) ?? {})) {
      for (const body of Object.values(blocks)) {
        if (Array.isArray(body.depends_on)) {
          body.depends_on = body.depends_on.flatMap((d: string) => renamed.get(d) ?? [d]);
        }
      }
    }
  }
  return copy;
}

/** `${each.key}`, `${each.value}` and `${each.value.<field>}` replaced by the instance's values. */
function substitute(value: unknown, key: string, eachValue: unknown): unknown {
  if (typeof value === 'string') {
    if (value === '${each.key}') return key;
    if (value === '${each.value}') return eachValue;
    const field = /^\$\{each\.value\.([\w-]+)\}$/.exec(value)?.[1];
    if (field !== undefined) return (eachValue as Record<string, unknown>)[field];
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, key, eachValue));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, key, eachValue)]));
  }
  return value;
}
