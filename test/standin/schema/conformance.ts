import type { ProviderName } from '../../../lib/standin/schema/derive';
import type { CtyType, ProviderSchemaFile, SchemaBlock } from '../../../lib/standin/schema/types';

/** Arguments Terraform itself handles in a resource, data or provider block. */
const META = new Set([
  '//',
  'count',
  'for_each',
  'provider',
  'depends_on',
  'lifecycle',
  'provisioner',
  'connection',
]);
const PROVIDER_META = new Set(['alias']);

type Json = Record<string, unknown>;

/**
 * What Terraform would reject in a synthesized cdk.tf.json, checked against our schemas: unknown
 * arguments, values of the wrong shape, blocks over their item limits, missing required
 * arguments, settings of computed-only attributes, and references to attributes that do not exist.
 * Expressions (`${...}`) are not evaluated; their references are checked by name.
 */
export function conformanceProblems(json: Json, schemas: Record<ProviderName, ProviderSchemaFile>): string[] {
  const problems: string[] = [];
  const schemaOf = (type: string) => schemas[type.split('_')[0] as ProviderName];
  for (const [kind, table] of [
    ['resource', 'resources'],
    ['data', 'dataSources'],
  ] as const) {
    for (const [type, instances] of Object.entries(
      (json[kind] ?? {}) as Record<string, Record<string, Json>>,
    )) {
      const schema = schemaOf(type);
      if (schema === undefined) continue; // terraform_data and other built-ins
      const entry = schema[table][type];
      if (entry === undefined) {
        problems.push(`${kind}.${type}: not in the schema`);
        continue;
      }
      for (const [name, body] of Object.entries(instances)) {
        checkBody(entry.block, body, `${kind}.${type}.${name}`, META, problems);
      }
    }
  }
  for (const [name, configs] of Object.entries((json.provider ?? {}) as Record<string, Json[]>)) {
    const schema = schemas[name as ProviderName];
    if (schema === undefined) continue;
    configs.forEach((config, i) =>
      checkBody(schema.provider, config, `provider.${name}[${i}]`, PROVIDER_META, problems),
    );
  }
  problems.push(...referenceProblems(JSON.stringify(json), schemaOf));
  return problems;
}

function checkBody(
  block: SchemaBlock,
  body: Json,
  where: string,
  meta: ReadonlySet<string>,
  problems: string[],
) {
  for (const [name, value] of Object.entries(body)) {
    if (meta.has(name)) continue;
    const at = `${where}.${name}`;
    const attribute = block.attributes[name];
    const nested = block.block_types[name];
    if (attribute !== undefined) {
      if (!attribute.optional && !attribute.required) problems.push(`${at}: computed only, cannot be set`);
      if (!fits(attribute.type, value))
        problems.push(`${at}: ${JSON.stringify(value)} is not a ${JSON.stringify(attribute.type)}`);
    } else if (nested !== undefined) {
      if (isExpression(value)) continue;
      // Terraform's JSON syntax takes one object or an array of objects for any nested block.
      const items = Array.isArray(value) ? value : [value];
      const max = nested.nesting_mode === 'single' ? 1 : nested.max_items;
      if (max !== undefined && items.length > max)
        problems.push(`${at}: ${items.length} blocks, at most ${max}`);
      items.forEach((item, i) => {
        if (typeof item !== 'object' || item === null) problems.push(`${at}[${i}]: not a block body`);
        else checkBody(nested.block, item as Json, `${at}[${i}]`, new Set(['//']), problems);
      });
    } else {
      problems.push(`${at}: not in the schema`);
    }
  }
  for (const [name, attribute] of Object.entries(block.attributes)) {
    if (attribute.required && !(name in body)) problems.push(`${where}: required ${name} missing`);
  }
  for (const [name, nested] of Object.entries(block.block_types)) {
    if ((nested.min_items ?? 0) > 0 && !(name in body))
      problems.push(`${where}: required block ${name} missing`);
  }
}

function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** Whether a JSON value converts to a type the way Terraform converts configuration values. */
function fits(type: CtyType, value: unknown): boolean {
  if (isExpression(value) || type === 'dynamic') return true;
  if (type === 'string') return ['string', 'number', 'boolean'].includes(typeof value);
  if (type === 'number')
    return typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));
  if (type === 'bool') return typeof value === 'boolean' || value === 'true' || value === 'false';
  if (type[0] === 'object') {
    const fields = type[1];
    return (
      isObject(value) &&
      Object.entries(value).every(([k, v]) => fields[k] !== undefined && fits(fields[k], v))
    );
  }
  const inner = type[1];
  if (type[0] === 'map') return isObject(value) && Object.values(value).every((v) => fits(inner, v));
  return Array.isArray(value) && value.every((v) => fits(inner, v));
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `okta_app_saml.x.entity_url`, `data.okta_group.y.id`: the attribute must exist in the schema. */
function referenceProblems(
  text: string,
  schemaOf: (type: string) => ProviderSchemaFile | undefined,
): string[] {
  const problems = new Set<string>();
  for (const [reference, data, type, attribute] of text.matchAll(
    /\b(data\.)?((?:okta|databricks|azuread)_\w+)\.[\w-]+(?:\[[^\]]*\])?\.(\w+)/g,
  )) {
    if (type === undefined || attribute === undefined) continue;
    const entry = schemaOf(type)?.[data === undefined ? 'resources' : 'dataSources'][type];
    if (entry === undefined) continue; // not a reference (a name in a string) or reported above
    if (entry.block.attributes[attribute] === undefined && entry.block.block_types[attribute] === undefined) {
      problems.add(`${reference}: ${attribute} is not an attribute of ${type}`);
    }
  }
  return [...problems];
}
