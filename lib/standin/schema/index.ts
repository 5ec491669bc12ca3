/*
 * The schemas the stand-in providers serve: derived from the pinned bindings, with the curated
 * behaviour of the types this project emits merged in. The merge checks every curated name
 * against the derived schema, so a binding upgrade that renames or drops something fails here,
 * loudly, instead of leaving a stand-in that quietly ignores a rule.
 */
import { azureadBehaviour } from './curated/azuread';
import { databricksBehaviour } from './curated/databricks';
import { oktaBehaviour } from './curated/okta';
import { deriveProviderSchema, PROVIDER_NAMES, type ProviderName } from './derive';
import type {
  Behaviour,
  CtyType,
  FakeShape,
  ProviderSchemaFile,
  ResourceSchema,
  SchemaAttribute,
  SchemaBlock,
} from './types';

/** Curated behaviour of one provider, keyed `provider`, `resource.<type>` or `data.<type>`. */
export type CuratedBehaviour = Readonly<Record<string, Behaviour>>;

const CURATED: Readonly<Record<ProviderName, CuratedBehaviour>> = {
  okta: oktaBehaviour,
  databricks: databricksBehaviour,
  azuread: azureadBehaviour,
};

/** One provider's schema, derived from its binding and merged with its curated behaviour. */
export function providerSchema(provider: ProviderName): ProviderSchemaFile {
  return withBehaviour(deriveProviderSchema(provider), CURATED[provider]);
}

/** The schemas of the three providers this project uses: okta, databricks, azuread. */
export function providerSchemas(): readonly ProviderSchemaFile[] {
  return PROVIDER_NAMES.map(providerSchema);
}

/**
 * Attaches curated behaviour to a derived schema and sets the `sensitive` flags it names.
 * Throws, listing every problem, when an entry names a type or an attribute the schema lacks
 * or uses one in a way its schema rules out (a default on a computed-only attribute).
 */
export function withBehaviour(schema: ProviderSchemaFile, curated: CuratedBehaviour): ProviderSchemaFile {
  const problems: string[] = [];
  let provider = schema.provider;
  const resources = { ...schema.resources };
  const dataSources = { ...schema.dataSources };
  for (const [key, behaviour] of Object.entries(curated)) {
    if (key === 'provider') {
      const extra = Object.keys(behaviour).filter((field) => field !== 'source' && field !== 'sensitive');
      if (extra.length > 0)
        problems.push(`provider: only sensitive applies to a provider, not ${extra.join(', ')}`);
      provider = markSensitive(provider, behaviour.sensitive ?? [], key, problems);
      continue;
    }
    const match = /^(resource|data)\.(\w+)$/.exec(key);
    const table = match?.[1] === 'resource' ? resources : match?.[1] === 'data' ? dataSources : undefined;
    const type = match?.[2];
    const entry = type === undefined ? undefined : table?.[type];
    if (table === undefined || type === undefined || entry === undefined) {
      problems.push(
        `${key}: no such ${match === null ? 'key (use resource.<type> or data.<type>)' : 'type'}`,
      );
      continue;
    }
    problems.push(...check(entry.block, behaviour).map((problem) => `${key}: ${problem}`));
    const block = markSensitive(entry.block, behaviour.sensitive ?? [], key, problems);
    table[type] = { ...entry, block, behaviour } satisfies ResourceSchema;
  }
  if (problems.length > 0) {
    throw new Error(`curated behaviour does not fit ${schema.derivedFrom}:\n  ${problems.join('\n  ')}`);
  }
  return { ...schema, provider, resources, dataSources };
}

/** Names that must be settable top-level arguments (attributes or blocks), per field. */
function check(block: SchemaBlock, behaviour: Behaviour): string[] {
  const problems: string[] = [];
  const argument = (field: string, name: string) => {
    const attribute = block.attributes[name];
    const settable = block.block_types[name] !== undefined || attribute?.optional || attribute?.required;
    if (!settable) problems.push(`${field} names ${name}, which is ${describe(block, name)}`);
  };
  const valued = (field: string, name: string, accepts: (type: CtyType) => boolean) => {
    const attribute = block.attributes[name];
    if (attribute === undefined || !(attribute.optional || attribute.required)) {
      problems.push(`${field} names ${name}, which is ${describe(block, name)}`);
    } else if (!accepts(attribute.type)) {
      problems.push(`${field} does not fit ${name} of type ${JSON.stringify(attribute.type)}`);
    }
  };

  for (const [name, value] of Object.entries(behaviour.defaults ?? {})) {
    valued('defaults', name, (type) => type === ctyOf(value));
  }
  for (const name of behaviour.requiresReplace ?? []) argument('requiresReplace', name);
  for (const [field, groups] of [
    ['conflicts', behaviour.conflicts],
    ['exactlyOneOf', behaviour.exactlyOneOf],
    ['atLeastOneOf', behaviour.atLeastOneOf],
  ] as const) {
    for (const name of (groups ?? []).flat()) argument(field, name);
  }
  for (const [name, others] of Object.entries(behaviour.requiredWith ?? {})) {
    for (const each of [name, ...others]) argument('requiredWith', each);
  }
  for (const [field, table] of [
    ['allowedValues', behaviour.allowedValues],
    ['apiAllowedValues', behaviour.apiAllowedValues],
  ] as const) {
    for (const [name, values] of Object.entries(table ?? {})) {
      valued(field, name, (type) => values.every((value) => elementType(type) === ctyOf(value)));
    }
  }
  for (const [name, pattern] of Object.entries(behaviour.patterns ?? {})) {
    valued('patterns', name, (type) => elementType(type) === 'string');
    try {
      new RegExp(pattern);
    } catch {
      problems.push(`patterns: ${name} is not a valid regular expression`);
    }
  }
  for (const field of ['recomputedBy', 'changedOnApplyBy'] as const) {
    for (const [name, inputs] of Object.entries(behaviour[field] ?? {})) {
      if (!block.attributes[name]?.computed)
        problems.push(`${field} names ${name}, which is ${describe(block, name)}`);
      for (const input of inputs) argument(field, input);
    }
  }
  for (const [name, fake] of Object.entries(behaviour.fakes ?? {})) {
    const attribute = block.attributes[name];
    if (!attribute?.computed) problems.push(`fakes names ${name}, which is ${describe(block, name)}`);
    else if (!fakeFits(fake, attribute.type)) problems.push(`fakes: ${fake.kind} does not fit ${name}`);
    if (fake.kind !== 'template') continue;
    for (const [, placeholder] of fake.template.matchAll(/\{(\w+)\}/g)) {
      if (
        placeholder !== 'hash' &&
        placeholder !== undefined &&
        block.attributes[placeholder] === undefined
      ) {
        problems.push(`fakes: the template of ${name} names ${placeholder}, which is not an attribute`);
      }
    }
  }
  return problems;
}

function describe(block: SchemaBlock, name: string): string {
  const attribute = block.attributes[name];
  if (attribute === undefined) return block.block_types[name] === undefined ? 'not in the schema' : 'a block';
  return attribute.computed && !attribute.optional ? 'computed only' : 'not computed';
}

function ctyOf(value: string | number | boolean): CtyType {
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'number' ? 'number' : 'string';
}

/** The element type of a list or set, or the type itself. */
function elementType(type: CtyType): CtyType {
  return Array.isArray(type) && (type[0] === 'list' || type[0] === 'set') ? (type[1] as CtyType) : type;
}

function fakeFits(fake: FakeShape, type: CtyType): boolean {
  return fake.kind === 'constant' ? type === ctyOf(fake.value) : type === 'string';
}

/** Sets `sensitive` on each dotted path (`credential.value`), through nested blocks. */
function markSensitive(
  block: SchemaBlock,
  paths: readonly string[],
  key: string,
  problems: string[],
): SchemaBlock {
  return paths.reduce((current, path) => {
    const marked = markPath(current, path.split('.'));
    if (marked === undefined) problems.push(`${key}: sensitive names ${path}, which is not an attribute`);
    return marked ?? current;
  }, block);
}

function markPath(block: SchemaBlock, [head, ...rest]: string[]): SchemaBlock | undefined {
  if (head === undefined) return undefined;
  if (rest.length === 0) {
    const attribute = block.attributes[head];
    if (attribute === undefined) return undefined;
    const sensitive: SchemaAttribute = { ...attribute, sensitive: true };
    return { ...block, attributes: { ...block.attributes, [head]: sensitive } };
  }
  const nested = block.block_types[head];
  const inner = nested === undefined ? undefined : markPath(nested.block, rest);
  if (nested === undefined || inner === undefined) return undefined;
  return { ...block, block_types: { ...block.block_types, [head]: { ...nested, block: inner } } };
}
