import { providerSchemas } from '../../../lib/standin/schema/index';
import type { CtyType, SchemaBlock } from '../../../lib/standin/schema/types';

/*
 * Terraform loads a provider's schema through configschema.Block.InternalValidate
 * (hashicorp/terraform internal/configs/configschema/internal_validate.go) and refuses the
 * provider on any violation. These are its rules, restated to check every derived schema.
 */
function violations(block: SchemaBlock, prefix: string): string[] {
  const found: string[] = [];
  for (const [name, attribute] of Object.entries(block.attributes)) {
    const at = `${prefix}${name}`;
    if (!attribute.optional && !attribute.required && !attribute.computed) found.push(`${at}: no flag`);
    if (attribute.optional && attribute.required) found.push(`${at}: optional and required`);
    if (attribute.computed && attribute.required) found.push(`${at}: computed and required`);
    if (!validType(attribute.type)) found.push(`${at}: invalid type ${JSON.stringify(attribute.type)}`);
  }
  for (const [name, nested] of Object.entries(block.block_types)) {
    const at = `${prefix}${name}`;
    const [min, max] = [nested.min_items ?? 0, nested.max_items ?? 0];
    if (block.attributes[name] !== undefined) found.push(`${at}: both attribute and block`);
    if (!/^[a-z0-9_]+$/.test(name)) found.push(`${at}: invalid block name`);
    if (nested.nesting_mode === 'single' && (min !== max || min > 1))
      found.push(`${at}: single with ${min}..${max}`);
    if ((nested.nesting_mode === 'list' || nested.nesting_mode === 'set') && max !== 0 && min > max) {
      found.push(`${at}: min_items above max_items`);
    }
    if (nested.nesting_mode === 'map' && (min !== 0 || max !== 0)) found.push(`${at}: map with item limits`);
    if (nested.nesting_mode === 'set' && hasDynamic(nested.block))
      found.push(`${at}: set block with dynamic types`);
    found.push(...violations(nested.block, `${at}.`));
  }
  return found;
}

function validType(type: CtyType): boolean {
  if (typeof type === 'string') return ['string', 'number', 'bool', 'dynamic'].includes(type);
  const [kind, inner] = type;
  if (kind === 'object') return Object.values(inner).every(validType);
  return ['list', 'set', 'map'].includes(kind) && validType(inner);
}

function hasDynamic(block: SchemaBlock): boolean {
  const dynamic = (type: CtyType): boolean => {
    if (typeof type === 'string') return type === 'dynamic';
    const [kind, inner] = type;
    return kind === 'object' ? Object.values(inner).some(dynamic) : dynamic(inner);
  };
  return (
    Object.values(block.attributes).some((a) => dynamic(a.type)) ||
    Object.values(block.block_types).some((b) => hasDynamic(b.block))
  );
}

describe('derived schemas against Terraform schema rules', () => {
  const schemas = providerSchemas();

  test.each(schemas.map((schema) => [schema.address, schema] as const))(
    'GIVEN the %s schema WHEN checked as Terraform loads it THEN no rule is broken',
    (_, schema) => {
      const found = [
        ...violations(schema.provider, 'provider.'),
        ...Object.entries(schema.resources).flatMap(([type, r]) => violations(r.block, `${type}.`)),
        ...Object.entries(schema.dataSources).flatMap(([type, d]) => violations(d.block, `data.${type}.`)),
      ];
      expect(found).toEqual([]);
    },
  );
});
