import { TerraformDataSource, TerraformIterator, TerraformResource, TerraformStack } from 'cdktf';

type Element = TerraformResource | TerraformDataSource;
type PlainMap = Readonly<Record<string, unknown>>;

const registry = new WeakMap<TerraformStack, Map<Element, PlainMap>>();

/**
 * Marks `element`'s `for_each` as a literal map of plain data (no tokens), such as the
 * group-mapping tables. cdktf resolves every element three times during synthesis; for maps of
 * tens of thousands of entries that dominates synthesis time, so a stack that cooperates
 * (see `synthesizeLiteralForEach`) resolves a placeholder and writes the map in once.
 * In any other stack the map is resolved as usual, with the same output.
 */
export function registerLiteralForEach(element: Element, map: PlainMap): void {
  const stack = TerraformStack.of(element);
  const entries = registry.get(stack) ?? new Map<Element, PlainMap>();
  entries.set(element, map);
  registry.set(stack, entries);
}

/**
 * Runs one of the stack's synthesis passes with the registered maps swapped for empty ones and,
 * when the pass returns the stack's JSON, puts the maps back in as plain data.
 */
export function synthesizeLiteralForEach<T>(stack: TerraformStack, pass: () => T): T {
  const entries = [...(registry.get(stack) ?? new Map<Element, PlainMap>())];
  const saved = entries.map(([element]) => element.forEach);
  entries.forEach(([element]) => (element.forEach = TerraformIterator.fromMap({})));
  let result: T;
  try {
    result = pass();
  } finally {
    entries.forEach(([element], i) => (element.forEach = saved[i]));
  }
  if (result !== null && typeof result === 'object') {
    for (const [element, map] of entries) {
      const kind = element instanceof TerraformDataSource ? 'data' : 'resource';
      const block = (result as Record<string, Record<string, Record<string, Record<string, unknown>>>>)[
        kind
      ]?.[element.terraformResourceType]?.[element.friendlyUniqueId];
      if (block) block.for_each = map;
    }
  }
  return result;
}
