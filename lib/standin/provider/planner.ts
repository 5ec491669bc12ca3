import type { Behaviour, FakeShape, ResourceSchema, SchemaBlock } from '../schema/types';
import { coerceFake, genericFake, renderTemplate, shapedFake, valueHash } from './fakes';
import {
  Dynamic,
  isObjectValue,
  objectFromJson,
  objectValue,
  UNKNOWN,
  valuesEqual,
  type ObjectValue,
  type Value,
  type WireType,
} from './values';

/*
 * What a stand-in provider does with values, without gRPC: validation with the provider's own
 * wording, plans Terraform accepts (computed values unknown until apply, defaults, replacements)
 * and applies that fill unknowns with fakes derived from the configuration.
 *
 * Diagnostics use the words of terraform-plugin-sdk v2 (helper/schema/schema.go), which the
 * providers stood in for are built on, so that what users see is what the real provider says.
 */

export type PathStep = { readonly attribute: string } | { readonly key: string } | { readonly index: number };
export type AttributePath = readonly PathStep[];

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly attribute?: AttributePath;
}

/** A resource type, a data source or the provider itself: a block and what the schema file adds. */
export interface Schema {
  readonly block: SchemaBlock;
  readonly behaviour?: Behaviour;
}

// ---------------------------------------------------------------------------------------------
// Validation

/**
 * The checks a provider makes on a configuration beyond the types and required arguments that
 * Terraform checks itself: no value on a computed-only attribute, ConflictsWith, ExactlyOneOf,
 * allowed values. Unknown values pass what they may pass once known, as the SDK lets them.
 */
export function validateConfig(schema: Schema, config: ObjectValue): Diagnostic[] {
  const diagnostics = unconfigurable(schema.block, config, [], []);
  const behaviour = schema.behaviour;
  if (!behaviour) return diagnostics;
  // Terraform sends an absent list or set block as an empty list; the SDK counts it as not set.
  const isSet = (name: string) => {
    const value = config[name];
    if (value === null || value === undefined) return false;
    return !(name in schema.block.block_types && Array.isArray(value) && value.length === 0);
  };
  const isKnownSet = (name: string) => isSet(name) && config[name] !== UNKNOWN;

  for (const group of behaviour.exactlyOneOf ?? []) {
    const names = [...new Set(group)].sort();
    const specified = names.filter(isKnownSet);
    const anyUnknown = names.some((name) => config[name] === UNKNOWN);
    const problem =
      specified.length === 0 && !anyUnknown
        ? (name: string) => `"${name}": one of \`${names.join(',')}\` must be specified`
        : specified.length > 1
          ? (name: string) =>
              `"${name}": only one of \`${names.join(',')}\` can be specified, but \`${specified.join(',')}\` were specified.`
          : undefined;
    if (problem) {
      for (const name of names) {
        diagnostics.push(error('Invalid combination of arguments', problem(name), [{ attribute: name }]));
      }
    }
  }

  for (const group of behaviour.conflicts ?? []) {
    for (const name of group.filter(isKnownSet)) {
      const other = group.find((candidate) => candidate !== name && isKnownSet(candidate));
      if (other !== undefined) {
        diagnostics.push(
          error('Conflicting configuration arguments', `"${name}": conflicts with ${other}`, [
            { attribute: name },
          ]),
        );
      }
    }
  }

  for (const group of behaviour.atLeastOneOf ?? []) {
    const names = [...new Set(group)].sort();
    if (names.some(isSet)) continue;
    for (const name of names) {
      diagnostics.push(
        error('Missing required argument', `"${name}": one of \`${names.join(',')}\` must be specified`, [
          { attribute: name },
        ]),
      );
    }
  }

  for (const [name, others] of Object.entries(behaviour.requiredWith ?? {})) {
    const names = [...new Set([...others, name])].sort();
    if (isSet(name) && !names.every(isSet)) {
      diagnostics.push(
        error('Missing required argument', `"${name}": all of \`${names.join(',')}\` must be specified`, [
          { attribute: name },
        ]),
      );
    }
  }

  for (const [name, allowed] of Object.entries(behaviour.allowedValues ?? {})) {
    for (const [value, path, key] of knownElements(schema.block, config, name)) {
      if (!allowed.some((item) => valuesEqual(item, value))) {
        diagnostics.push(error(notOneOf(key, allowed, value), undefined, path));
      }
    }
  }

  for (const [name, allowed] of Object.entries(behaviour.apiAllowedValues ?? {})) {
    for (const [value, path, key] of knownElements(schema.block, config, name)) {
      if (!allowed.some((item) => valuesEqual(item, value))) {
        diagnostics.push({
          severity: 'warning',
          summary: notOneOf(key, allowed, value),
          detail:
            'The real provider does not check this value and plans it; the API rejects it when the change is applied.',
          attribute: path,
        });
      }
    }
  }

  for (const [name, pattern] of Object.entries(behaviour.patterns ?? {})) {
    const anchored = new RegExp(`^(?:${pattern})$`);
    for (const [value, path, key] of knownElements(schema.block, config, name)) {
      if (typeof value === 'string' && !anchored.test(value)) {
        diagnostics.push(
          error(
            `expected value of ${key} to match regular expression ${JSON.stringify(pattern)}, got ${value}`,
            undefined,
            path,
          ),
        );
      }
    }
  }
  return diagnostics;
}

/**
 * The known values a check of a top-level attribute applies to: its value, or each element of
 * a list or set, with the path and the SDK's flat key (`name.0`) of each.
 */
function knownElements(
  block: SchemaBlock,
  config: ObjectValue,
  name: string,
): [Value, AttributePath, string][] {
  const value = config[name] ?? null;
  const type = block.attributes[name]?.type;
  const items: [Value, AttributePath, string][] = Array.isArray(value)
    ? value.map((element, index) => [
        element,
        // A set element has no index Terraform could point at: the path stops at the attribute.
        Array.isArray(type) && type[0] === 'list' ? [{ attribute: name }, { index }] : [{ attribute: name }],
        `${name}.${index}`,
      ])
    : [[value, [{ attribute: name }], name]];
  return items.filter(([element]) => element !== null && element !== UNKNOWN);
}

/** The SDK's StringInSlice / IntInSlice message, Go's %q and %v formatting included. */
function notOneOf(key: string, allowed: readonly (string | number)[], got: Value): string {
  const strings = allowed.every((item) => typeof item === 'string');
  const list = strings ? allowed.map((item) => JSON.stringify(item)).join(' ') : allowed.join(' ');
  const shown = typeof got === 'object' ? JSON.stringify(got) : String(got);
  return `expected ${key} to be one of [${list}], got ${shown}`;
}

function unconfigurable(
  block: SchemaBlock,
  config: ObjectValue,
  path: AttributePath,
  flat: readonly string[],
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [name, attribute] of Object.entries(block.attributes)) {
    const value = config[name];
    if (
      attribute.computed &&
      !attribute.optional &&
      !attribute.required &&
      value !== null &&
      value !== undefined
    ) {
      const key = [...flat, name].join('.');
      diagnostics.push(
        error(
          'Value for unconfigurable attribute',
          `Can't configure a value for "${key}": its value will be decided automatically based on the result of applying this configuration.`,
          [...path, { attribute: name }],
        ),
      );
    }
  }
  for (const [name, nested] of Object.entries(block.block_types)) {
    for (const [element, steps, keys] of blockElements(config[name] ?? null, nested.nesting_mode, name)) {
      diagnostics.push(...unconfigurable(nested.block, element, [...path, ...steps], [...flat, ...keys]));
    }
  }
  return diagnostics;
}

type NestingMode = 'single' | 'list' | 'set' | 'map';

/** The known elements of a nested block value, each with its map key or list index. */
function elements(value: Value, mode: NestingMode): [string | number | undefined, ObjectValue][] {
  if (mode === 'single') return isObjectValue(value) ? [[undefined, value]] : [];
  if (mode === 'map') {
    if (!isObjectValue(value)) return [];
    return Object.entries(value).flatMap(([key, element]): [string, ObjectValue][] =>
      isObjectValue(element) ? [[key, element]] : [],
    );
  }
  if (!Array.isArray(value)) return [];
  return value.flatMap((element, index): [number, ObjectValue][] =>
    isObjectValue(element) ? [[index, element]] : [],
  );
}

/** The elements of a nested block value, each with its path steps and its flat-key parts. */
function blockElements(
  value: Value,
  mode: NestingMode,
  name: string,
): [ObjectValue, AttributePath, string[]][] {
  return elements(value, mode).map(([key, element]) => {
    if (key === undefined) return [element, [{ attribute: name }], [name]];
    if (typeof key === 'string') return [element, [{ attribute: name }, { key }], [name, key]];
    // A set element has no index Terraform could point at: the path stops at the block.
    const steps: AttributePath =
      mode === 'list' ? [{ attribute: name }, { index: key }] : [{ attribute: name }];
    return [element, steps, [name, String(key)]];
  });
}

function error(summary: string, detail?: string, attribute?: AttributePath): Diagnostic {
  return {
    severity: 'error',
    summary,
    ...(detail === undefined ? {} : { detail }),
    ...(attribute ? { attribute } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Managed resources

export interface PlanRequest {
  readonly prior: ObjectValue | null;
  readonly proposed: ObjectValue | null;
  readonly config: ObjectValue | null;
}

export interface Plan {
  readonly planned: ObjectValue | null;
  readonly requiresReplace: readonly AttributePath[];
  /**
   * Set when a default was planned for an attribute the schema does not mark computed:
   * Terraform accepts that only from the legacy SDK, which is what the real provider uses and
   * what Terraform would otherwise reject as "Provider produced invalid plan".
   */
  readonly legacyTypeSystem: boolean;
}

/**
 * Plans a create (no prior state), an update or a destroy (no proposed state): computed values
 * still null become unknown, unset attributes take their defaults, computed values a changed
 * input recomputes become unknown, and a change of a ForceNew attribute asks for a replacement.
 */
export function planResourceChange(schema: ResourceSchema, request: PlanRequest): Plan {
  const { prior, proposed } = request;
  if (proposed === null) return { planned: null, requiresReplace: [], legacyTypeSystem: false };
  const behaviour = schema.behaviour;
  const planned = copyObject(proposed);
  const legacyTypeSystem =
    applyDefaults(schema.block, behaviour, planned) || behaviour?.changedOnApplyBy !== undefined;
  markComputedNullsUnknown(schema.block, planned);
  if (prior === null) return { planned, requiresReplace: [], legacyTypeSystem };

  const changed = (name: string) => !valuesEqual(prior[name] ?? null, planned[name] ?? null);
  for (const [computed, inputs] of Object.entries(behaviour?.recomputedBy ?? {})) {
    const configured = request.config?.[computed];
    if ((configured === null || configured === undefined) && inputs.some(changed))
      planned[computed] = UNKNOWN;
  }
  const requiresReplace = (behaviour?.requiresReplace ?? [])
    .filter(changed)
    .map((name) => [{ attribute: name }]);
  return { planned, requiresReplace, legacyTypeSystem };
}

/**
 * The new state after an apply: the plan with every unknown replaced by a fake, derived from
 * the configuration so that the same configuration gets the same values.
 */
export function applyResourceChange(
  schema: ResourceSchema,
  typeName: string,
  request: {
    readonly prior?: ObjectValue | null;
    readonly planned: ObjectValue | null;
    readonly config: ObjectValue | null;
  },
): ObjectValue | null {
  const { prior, planned } = request;
  if (planned === null) return null;
  const state = copyObject(planned);
  // What the real provider changes without having said so in the plan.
  if (prior !== null && prior !== undefined) {
    const changed = (name: string) => !valuesEqual(prior[name] ?? null, planned[name] ?? null);
    for (const [computed, inputs] of Object.entries(schema.behaviour?.changedOnApplyBy ?? {})) {
      if (inputs.some(changed)) state[computed] = UNKNOWN;
    }
  }
  return fillUnknowns(schema, state, valueHash(typeName, request.config));
}

/**
 * The state as read back: unchanged, so that there is never drift, except that computed values
 * still null (an imported resource has only its id) get their fakes, derived from the state.
 */
export function readResource(
  schema: ResourceSchema,
  typeName: string,
  state: ObjectValue | null,
): ObjectValue | null {
  if (state === null) return null;
  const read = copyObject(state);
  if (!markComputedNullsUnknown(schema.block, read)) return state;
  return fillUnknowns(schema, read, valueHash(typeName, state));
}

/** The state of an imported resource: its id, the rest to be read. */
export function importResourceState(schema: ResourceSchema, id: string): ObjectValue {
  const state = emptyObject(schema.block);
  const idAttribute = schema.block.attributes['id'];
  if (idAttribute) state['id'] = coerceFake(id, idAttribute.type, 'id');
  return state;
}

/** A stored state (JSON, possibly of an older schema version) as a value of the current schema. */
export function upgradeResourceState(schema: ResourceSchema, json: string): ObjectValue | null {
  return objectFromJson(json, schema.block);
}

// ---------------------------------------------------------------------------------------------
// Data sources

/** A data source's result: the configuration, defaults, and fakes for what it computes. */
export function readDataSource(schema: ResourceSchema, typeName: string, config: ObjectValue): ObjectValue {
  const state = copyObject(config);
  applyDefaults(schema.block, schema.behaviour, state);
  markComputedNullsUnknown(schema.block, state);
  return fillUnknowns(schema, state, valueHash(typeName, config));
}

// ---------------------------------------------------------------------------------------------

/** Sets unset defaulted attributes; answers whether one of them is not computed. */
function applyDefaults(block: SchemaBlock, behaviour: Behaviour | undefined, value: ObjectValue): boolean {
  let outsideComputed = false;
  for (const [name, fallback] of Object.entries(behaviour?.defaults ?? {})) {
    const attribute = block.attributes[name];
    if (!attribute || (value[name] !== null && value[name] !== undefined)) continue;
    value[name] = coerceFake(fallback, attribute.type, name);
    if (!attribute.computed) outsideComputed = true;
  }
  return outsideComputed;
}

/** Turns null computed attributes unknown, nested blocks included; answers whether it did. */
function markComputedNullsUnknown(block: SchemaBlock, value: ObjectValue): boolean {
  let marked = false;
  for (const [name, attribute] of Object.entries(block.attributes)) {
    if (attribute.computed && (value[name] === null || value[name] === undefined)) {
      value[name] = UNKNOWN;
      marked = true;
    }
  }
  for (const [name, nested] of Object.entries(block.block_types)) {
    for (const [, element] of elements(value[name] ?? null, nested.nesting_mode)) {
      if (markComputedNullsUnknown(nested.block, element)) marked = true;
    }
  }
  return marked;
}

/**
 * Fakes for the unknowns of a resource's value. Top-level attributes follow the schema file's
 * shapes; templates come last because they are built from the other values.
 */
function fillUnknowns(schema: ResourceSchema, value: ObjectValue, seed: string): ObjectValue {
  const shapes = schema.behaviour?.fakes ?? {};
  const templates: [string, WireType, string][] = [];
  for (const [name, attribute] of Object.entries(schema.block.attributes)) {
    const shape: FakeShape | undefined = shapes[name];
    if (value[name] !== UNKNOWN || shape === undefined) continue;
    if (shape.kind === 'template') templates.push([name, attribute.type, shape.template]);
    else value[name] = coerceFake(shapedFake(shape, `${seed}/${name}`), attribute.type, name);
  }
  fillBlock(schema.block, value, seed, new Set(templates.map(([name]) => name)));

  for (let pending = templates; pending.length > 0;) {
    const next = pending.filter(([name, type, template]) => {
      const rendered = renderTemplate(template, seed, (reference) => {
        if (!(reference in schema.block.attributes)) {
          throw new TypeError(`the fake template of ${name} names an unknown attribute {${reference}}`);
        }
        return value[reference];
      });
      if (rendered !== undefined) value[name] = coerceFake(rendered, type, name);
      return rendered === undefined;
    });
    if (next.length === pending.length) {
      throw new TypeError(
        `the fake templates of ${next.map(([name]) => name).join(', ')} refer to each other`,
      );
    }
    pending = next;
  }
  return value;
}

/** Generic fakes for the unknowns left in a block, nested blocks included, except `skip`. */
function fillBlock(block: SchemaBlock, value: ObjectValue, seed: string, skip: ReadonlySet<string>): void {
  for (const [name, attribute] of Object.entries(block.attributes)) {
    if (!skip.has(name)) value[name] = fillValue(value[name] ?? null, attribute.type, `${seed}/${name}`);
  }
  for (const [name, nested] of Object.entries(block.block_types)) {
    for (const [key, element] of elements(value[name] ?? null, nested.nesting_mode)) {
      fillBlock(nested.block, element, `${seed}/${name}/${key ?? ''}`, new Set());
    }
  }
}

function fillValue(value: Value, type: WireType, seed: string): Value {
  if (value === UNKNOWN) return genericFake(type, seed);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Dynamic) return new Dynamic(value.type, fillValue(value.value, value.type, seed));
  if (typeof type === 'string') return value;
  const [kind, element] = type;
  if (Array.isArray(value)) {
    return value.map((item, index) =>
      fillValue(
        item,
        kind === 'tuple' ? (element[index] ?? 'dynamic') : (element as WireType),
        `${seed}/${index}`,
      ),
    );
  }
  return objectValue(
    Object.entries(value).map(([key, item]) => [
      key,
      fillValue(
        item,
        kind === 'object' ? (element[key] ?? 'dynamic') : (element as WireType),
        `${seed}/${key}`,
      ),
    ]),
  );
}

/** A value with all attributes null and no nested blocks. */
function emptyObject(block: SchemaBlock): ObjectValue {
  const value = objectValue(Object.keys(block.attributes).map((name) => [name, null]));
  for (const [name, nested] of Object.entries(block.block_types)) {
    value[name] =
      nested.nesting_mode === 'single' ? null : nested.nesting_mode === 'map' ? objectValue() : [];
  }
  return value;
}

/** A deep copy of the objects and arrays of a value, so that planning never edits a request. */
function copyObject(value: ObjectValue): ObjectValue {
  return copy(value) as ObjectValue;
}

function copy(value: Value): Value {
  if (Array.isArray(value)) return value.map(copy);
  if (isObjectValue(value)) return objectValue(Object.entries(value).map(([key, item]) => [key, copy(item)]));
  return value;
}
