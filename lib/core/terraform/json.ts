/** A JSON object as parsed from synthesized Terraform: names to values not yet looked at. */
export type JsonObject = { readonly [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value if it is an object, else an empty one: absent sections read as empty. */
export function asObject(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}
