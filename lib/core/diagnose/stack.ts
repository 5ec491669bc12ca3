import { interpolations } from '../terraform/integrity';
import { asObject, isObject, type JsonObject } from '../terraform/json';

/** Read access to one environment's synthesized Terraform JSON (`cdk.tf.json`), whatever produced it. */
export class SynthesizedStack {
  constructor(private readonly json: unknown) {}

  /** The blocks of one resource (or data source) type, by name. */
  blocks(
    kind: 'resource' | 'data',
    type: string,
  ): Readonly<Record<string, Readonly<Record<string, unknown>>>> {
    const byType = objectAt(this.json, kind);
    const blocks = objectAt(byType, type);
    return Object.fromEntries(
      Object.entries(blocks).filter((entry): entry is [string, Record<string, unknown>] =>
        isObject(entry[1]),
      ),
    );
  }

  /** An output's value when it is a literal; `undefined` when absent or only known after apply. */
  literalOutput(name: string): string | undefined {
    const value = objectAt(objectAt(this.json, 'output'), name).value;
    return typeof value === 'string' ? literal(value) : undefined;
  }

  /**
   * Whether a block stands for `group`: a block of the group's own names it in `attribute`
   * (`display_name`); a block of the per-kind layout of earlier releases has it among the keys or
   * values of its `for_each` (a literal map, or a `toset([...])` list).
   */
  static isAbout(block: Readonly<Record<string, unknown>>, attribute: string, group: string): boolean {
    const forEach = block.for_each;
    if (isObject(forEach)) return Object.prototype.hasOwnProperty.call(forEach, group);
    if (typeof forEach === 'string') return forEach.includes(JSON.stringify(group));
    return block[attribute] === group;
  }
}

/** A Terraform string with no interpolation, with `$${` / `%%{` read back as the literal text they stand for. */
export function literal(value: string): string | undefined {
  if (interpolations(value).length > 0 || /(?<!%)%\{/.test(value)) return undefined;
  return value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

function objectAt(value: unknown, key: string): JsonObject {
  return asObject(asObject(value)[key]);
}
