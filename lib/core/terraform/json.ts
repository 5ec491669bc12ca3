/** A JSON object as parsed from synthesized Terraform: names to values not yet looked at. */
export type JsonObject = { readonly [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value if it is an object, else an empty one: absent sections read as empty. */
export function asObject(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

/**
 * Resource instances of a stack's Terraform JSON, as `terraform plan` counts them: a block with a
 * literal `for_each` map counts once per key, any other block once.
 */
export function countResourceInstances(stack: unknown): number {
  let count = 0;
  for (const blocks of Object.values(asObject(asObject(stack).resource))) {
    for (const block of Object.values(asObject(blocks))) {
      const forEach = asObject(block).for_each;
      count += isObject(forEach) ? Object.keys(forEach).length : 1;
    }
  }
  return count;
}
