/*
 * Derives the Terraform schema of a provider from its pinned cdktf binding, offline.
 *
 * Where the facts come from: each compiled module of a binding ends in an inline source map
 * whose `sourcesContent` is the TypeScript that cdktf's provider generator wrote from the
 * provider's own `terraform providers schema -json`. That source keeps what the compiled
 * JavaScript and the .jsii file lose: above every attribute getter, the generator wrote
 * `// <terraform_name> - computed: <c>, optional: <o>, required: <r>` straight from the schema,
 * so optional+computed attributes (okta_app_saml `authentication_policy`) and computed-only ones
 * are told apart exactly rather than guessed from setters. The rest follows the generator's
 * fixed templates (hashicorp/terraform-cdk, packages/@cdktf/provider-generator):
 *
 * - Types of configurable attributes come from `synthesizeHclAttributes` (resource level) and
 *   the `*ToHclTerraform` functions (nested structs): `type` is simple/list/set/map/struct and
 *   `storageClassType` spells the element type inside out (`stringMapList` = list(map(string))).
 *   Types of computed-only attributes come from their getter (`getNumberAttribute`,
 *   `Fn.tolist(...)` for sets) or their stored class (`new XList(this, "x", wrapsSet)`).
 * - Its `isBlock` field only says "has a struct type"; whether the schema had a nested *block*
 *   is what the generator wrote as the description of block-backed properties, `<name> block`,
 *   which it does for every block and nothing else. Every other struct-typed value was an
 *   attribute of object type (SDKv2 computed lists of resources, framework nested attributes):
 *   it becomes an attribute of type list/set/map(object(...)) or object(...).
 * - Block nesting: `type: "struct"` is a NestingSingle block (SDKv2 `timeouts`, framework
 *   single nested blocks); list/set blocks stored as one `OutputReference` instead of a list
 *   class are the schema's `max_items = 1` blocks (SDKv2 `MaxItems: 1`), kept as list/set
 *   with max_items 1 because that is what the provider declares, and Terraform's JSON syntax
 *   accepts one object or an array for them, which is how cdktf writes them. A section with
 *   no flag at all is a block the generator could not make settable: a single block of
 *   computed attributes (plugin-framework data sources) or a map block.
 * - `min_items = 1` for list/set blocks the generator marked required (it does so from
 *   `min_items > 0`). The generator calls a single block "required" when all of its
 *   attributes are required, which says nothing of the schema: single blocks stay optional,
 *   with no min/max (neither SDKv2 nor the plugin framework declares a required single block).
 *
 * What the bindings cannot tell (sensitive, defaults, ForceNew, validation) is curated per
 * resource type in ./curated and merged by ./index.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import type {
  CtyType,
  NestedBlock,
  ProviderSchemaFile,
  ResourceSchema,
  SchemaAttribute,
  SchemaBlock,
} from './types';

export type ProviderName = 'okta' | 'databricks' | 'azuread';

export const PROVIDER_NAMES: readonly ProviderName[] = ['okta', 'databricks', 'azuread'];

/** The installed binding's package directory. */
function bindingDirectory(provider: ProviderName): string {
  return path.dirname(require.resolve(`@cdktf/provider-${provider}/package.json`));
}

interface BindingPackage {
  readonly name: string;
  readonly version: string;
  readonly cdktf?: { readonly provider?: { readonly name?: string; readonly version?: string } };
}

/**
 * Derives every resource type, data source type and the provider configuration block of the
 * installed `@cdktf/provider-<provider>` binding. Throws when the binding no longer follows the
 * generator templates this relies on: a binding upgrade must be looked at, not half-read.
 */
export function deriveProviderSchema(provider: ProviderName): ProviderSchemaFile {
  const dir = bindingDirectory(provider);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as BindingPackage;
  const address = pkg.cdktf?.provider?.name;
  const version = pkg.cdktf?.provider?.version;
  if (address === undefined || version === undefined) {
    throw new Error(`${pkg.name}@${pkg.version}: package.json has no cdktf.provider name and version`);
  }

  let providerBlock: SchemaBlock | undefined;
  const resources: Record<string, ResourceSchema> = {};
  const dataSources: Record<string, ResourceSchema> = {};
  const lib = path.join(dir, 'lib');
  for (const entry of fs.readdirSync(lib, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const module = path.join(lib, entry.name);
    const derived = deriveModule(typeScriptOf(module), module);
    if (derived.kind === 'provider') {
      providerBlock = derived.block;
    } else {
      // Bindings do not carry schema versions. Stand-in state is only ever written by the
      // stand-ins themselves, so version 0 throughout never asks for an upgrade.
      const table = derived.kind === 'resource' ? resources : dataSources;
      table[derived.type] = { version: 0, block: derived.block };
    }
  }
  if (providerBlock === undefined) throw new Error(`${pkg.name}: no provider class found under ${lib}`);
  return {
    address,
    version,
    derivedFrom: `${pkg.name}@${pkg.version}`,
    provider: providerBlock,
    resources,
    dataSources,
  };
}

const SOURCE_MAP_MARKER = '//# sourceMappingURL=data:application/json;base64,';

/** The TypeScript a module's JavaScript files were compiled from (structs may be sharded into several files). */
function typeScriptOf(module: string): string {
  const sources: string[] = [];
  for (const file of javaScriptFiles(module)) {
    const js = fs.readFileSync(file, 'utf8');
    const at = js.lastIndexOf(SOURCE_MAP_MARKER);
    if (at < 0) throw new Error(`${file}: no inline source map to read the generated TypeScript from`);
    const map = JSON.parse(
      Buffer.from(js.slice(at + SOURCE_MAP_MARKER.length).trim(), 'base64').toString(),
    ) as {
      sourcesContent?: string[];
    };
    const source = map.sourcesContent?.[0];
    if (source === undefined) throw new Error(`${file}: the source map carries no sourcesContent`);
    sources.push(source);
  }
  return sources.join('\n');
}

function javaScriptFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return javaScriptFiles(full);
    return entry.name.endsWith('.js') ? [full] : [];
  });
}

type DerivedModule =
  | { readonly kind: 'provider'; readonly block: SchemaBlock }
  | { readonly kind: 'resource' | 'data'; readonly type: string; readonly block: SchemaBlock };

const MAIN_BASES: Readonly<Record<string, DerivedModule['kind']>> = {
  'cdktf.TerraformProvider': 'provider',
  'cdktf.TerraformResource': 'resource',
  'cdktf.TerraformDataSource': 'data',
};

function deriveModule(source: string, module: string): DerivedModule {
  const parsed = new ParsedModule(source, module);
  const main = [...parsed.classes].find(([, declaration]) => MAIN_BASES[declaration.base] !== undefined);
  if (main === undefined) throw new Error(`${module}: no provider, resource or data source class`);
  const [className, { base, body }] = main;
  const kind = MAIN_BASES[base] as DerivedModule['kind'];
  const type = /public static readonly tfResourceType = "(\w+)";/.exec(body)?.[1];
  const config = /public constructor\(scope: Construct, id: string, config(?:\?)?: (\w+)/.exec(body)?.[1];
  if (type === undefined || config === undefined) {
    throw new Error(`${module}: class ${className} has no tfResourceType or config type`);
  }
  const block = parsed.block({
    where: className,
    body,
    hcl: hclEntries(
      between(body, 'synthesizeHclAttributes()', '\n  }\n'),
      `${className}.synthesizeHclAttributes`,
    ),
    blocks: parsed.blockNames(config),
    // cdktf adds `alias` to every provider class; in Terraform it is a meta-argument, not schema.
    skip: kind === 'provider' ? new Set(['alias']) : new Set(),
  });
  return kind === 'provider' ? { kind, block } : { kind, type, block };
}

interface Declaration {
  readonly base: string;
  readonly body: string;
}

/** One attribute as the generator described it: `// name - computed: c, optional: o, required: r`. */
interface Section {
  readonly name: string;
  readonly computed: boolean;
  readonly optional: boolean;
  readonly required: boolean;
  readonly text: string;
}

/** One entry of `synthesizeHclAttributes` / `*ToHclTerraform`. */
interface HclEntry {
  readonly value: string;
  readonly type: string;
  readonly storageClassType: string;
}

interface BlockSource {
  /** For messages: the class the attributes were read from. */
  readonly where: string;
  readonly body: string;
  readonly hcl: ReadonlyMap<string, HclEntry>;
  readonly blocks: ReadonlySet<string>;
  readonly skip: ReadonlySet<string>;
}

const DECLARATION = /^export (class|interface|function) (\w+)(?: extends ([\w.]+))?/gm;
const SECTION = /^ {2}\/\/ (\w+) - computed: (true|false), optional: (true|false), required: (true|false)$/gm;
const HCL_ENTRY =
  /^\s*(\w+): \{\n\s*value: (.*),\n\s*isBlock: (?:true|false),\n\s*type: "(\w+)",\n\s*storageClassType: "(\w+)",$/gm;
/** The generator describes a property backed by a nested block as `<name> block`, and nothing else so. */
const BLOCK_DOC = /^\s*\* (\w+) block\n\s*\*\n\s*\* Docs at Terraform Registry: \{@link \S+#(\w+) /gm;
/*
 * Only what these bindings use. The generator turns a `dynamic` schema type into `anyMap`, which
 * cannot be told from a real map: a binding that has one fails here rather than get it wrong.
 */
const PRIMITIVES: Readonly<Record<string, CtyType>> = { string: 'string', number: 'number', boolean: 'bool' };
/** Getters of computed-only attributes (`this.getStringAttribute('x')`); computed maps are stored classes. */
const GETTER_TYPES: Readonly<Record<string, CtyType>> = {
  getStringAttribute: 'string',
  getNumberAttribute: 'number',
  getBooleanAttribute: 'bool',
  getListAttribute: ['list', 'string'],
  getNumberListAttribute: ['list', 'number'],
};

class ParsedModule {
  readonly classes = new Map<string, Declaration>();
  private readonly interfaces = new Map<string, string>();
  /** Struct name to the body of its `*ToHclTerraform` function. */
  private readonly hclFunctions = new Map<string, string>();
  /** Struct name to its derived object type, so shared structs are typed once. */
  private readonly objectTypes = new Map<string, CtyType>();

  constructor(
    source: string,
    private readonly module: string,
  ) {
    const starts = [...source.matchAll(DECLARATION)];
    starts.forEach((match, i) => {
      const [, kind, name, base] = match as unknown as [string, string, string, string | undefined];
      const body = source.slice(match.index, starts[i + 1]?.index ?? source.length);
      if (kind === 'class') this.classes.set(name, { base: base ?? '', body });
      else if (kind === 'interface') this.interfaces.set(name, body);
      else if (name.endsWith('ToHclTerraform')) {
        this.hclFunctions.set(upperFirst(name.slice(0, -'ToHclTerraform'.length)), body);
      }
    });
  }

  /** Properties of an interface that the generator documented as nested blocks. */
  blockNames(interfaceName: string): ReadonlySet<string> {
    const body = this.interfaces.get(interfaceName);
    if (body === undefined) throw new Error(`${this.module}: interface ${interfaceName} not found`);
    const names = new Set<string>();
    for (const [, described, documented] of body.matchAll(BLOCK_DOC)) {
      if (described === documented && described !== undefined) names.add(described);
    }
    return names;
  }

  block(source: BlockSource): SchemaBlock {
    const attributes: Record<string, SchemaAttribute> = {};
    const blockTypes: Record<string, NestedBlock> = {};
    for (const section of sections(source.body)) {
      if (source.skip.has(section.name)) continue;
      const where = `${source.where}.${section.name}`;
      const hcl = source.hcl.get(section.name);
      if (!section.computed && !section.optional && !section.required) {
        blockTypes[section.name] = this.unsettableBlock(section, where);
        continue;
      }
      if (source.blocks.has(section.name)) {
        if (hcl === undefined) throw new Error(`${this.module}: block ${where} has no HCL entry`);
        blockTypes[section.name] = this.nestedBlock(section, hcl, where);
        continue;
      }
      const configurable = section.optional || section.required;
      if (configurable && hcl === undefined) throw new Error(`${this.module}: ${where} has no HCL entry`);
      const type = hcl !== undefined ? this.hclType(hcl, where) : this.computedType(section, where);
      attributes[section.name] = section.required
        ? { type, required: true }
        : {
            type,
            ...(section.optional ? { optional: true } : {}),
            ...(section.computed ? { computed: true } : {}),
          };
    }
    return { attributes, block_types: blockTypes };
  }

  private nestedBlock(section: Section, hcl: HclEntry, where: string): NestedBlock {
    const struct = hcl.type === 'struct' ? hcl.storageClassType : stripSuffix(hcl.storageClassType, 'List');
    const block = this.structBlock(struct, where);
    if (hcl.type === 'struct') return { nesting_mode: 'single', block };
    if (hcl.type !== 'list' && hcl.type !== 'set') {
      throw new Error(`${this.module}: block ${where} has unsupported HCL type ${hcl.type}`);
    }
    // A block with max_items 1 is stored as one object: its mapper is the struct's own, not a list mapper.
    const singleItem = !hcl.value.startsWith('cdktf.listMapperHcl(');
    if (!singleItem && !hcl.value.includes('ToHclTerraform, true)')) {
      throw new Error(`${this.module}: ${where} is documented as a block but mapped as an attribute`);
    }
    return {
      nesting_mode: hcl.type,
      block,
      ...(section.required ? { min_items: 1 } : {}),
      ...(singleItem ? { max_items: 1 } : {}),
    };
  }

  /**
   * An attribute has at least one flag; a section with none is a block the generator could not
   * make settable: a single block whose attributes are all computed (plugin-framework data
   * sources) or a map block. Both are stored as a class, which tells the nesting.
   */
  private unsettableBlock(section: Section, where: string): NestedBlock {
    const stored = /private _\w+ = new (\w+)\(this, "\w+"\);/.exec(section.text)?.[1];
    if (stored?.endsWith('OutputReference')) {
      return {
        nesting_mode: 'single',
        block: this.structBlock(stripSuffix(stored, 'OutputReference'), where),
      };
    }
    if (stored?.endsWith('Map'))
      return { nesting_mode: 'map', block: this.structBlock(stripSuffix(stored, 'Map'), where) };
    throw new Error(`${this.module}: ${where} has no flags and is not stored as a single or map block`);
  }

  private structBlock(struct: string, where: string): SchemaBlock {
    const reference = this.classes.get(`${struct}OutputReference`);
    const hclFunction = this.hclFunctions.get(struct);
    if (reference === undefined || hclFunction === undefined) {
      throw new Error(`${this.module}: struct ${struct} of ${where} has no output reference or HCL mapper`);
    }
    return this.block({
      where: struct,
      body: reference.body,
      hcl: hclEntries(hclFunction, `${struct}ToHclTerraform`),
      blocks: this.blockNames(struct),
      skip: new Set(),
    });
  }

  /** The type of a configurable attribute, from its HCL entry. */
  private hclType(hcl: HclEntry, where: string): CtyType {
    switch (hcl.type) {
      case 'simple':
      case 'struct':
        return this.storageType(hcl.storageClassType, where);
      case 'list':
      case 'set':
        return [hcl.type, this.storageType(stripSuffix(hcl.storageClassType, 'List'), where)];
      case 'map':
        return ['map', this.storageType(stripSuffix(hcl.storageClassType, 'Map'), where)];
      default:
        throw new Error(`${this.module}: ${where} has unknown HCL type ${hcl.type}`);
    }
  }

  /** The type of a computed-only attribute, from its stored class or its getter. */
  private computedType(section: Section, where: string): CtyType {
    const stored = /private _\w+ = new ([\w.]+)\(this, "\w+"(?:, (true|false))?\);/.exec(section.text);
    if (stored !== null) {
      const [, className, wrapsSet] = stored as unknown as [string, string, string | undefined];
      if (className.startsWith('cdktf.')) return this.storageType(lowerFirst(className.slice(6)), where);
      if (className.endsWith('OutputReference'))
        return this.storageType(stripSuffix(className, 'OutputReference'), where);
      const type = this.storageType(className, where);
      // Lists of a set attribute are read through tolist(): the list class says so in its third argument.
      return wrapsSet === 'true' && Array.isArray(type) && type[0] === 'list' ? ['set', type[1]] : type;
    }
    const getter = /public get \w+\(\) \{\n\s*return (.*);/.exec(section.text)?.[1];
    const call = getter === undefined ? undefined : /this\.(\w+)\('\w+'\)/.exec(getter)?.[1];
    const type = call === undefined ? undefined : GETTER_TYPES[call];
    if (getter === undefined || type === undefined) {
      throw new Error(
        `${this.module}: cannot tell the type of computed ${where} from ${getter ?? 'its code'}`,
      );
    }
    // A set is read through tolist(), like a list.
    const isSet = getter.includes('cdktf.Fn.tolist(') && Array.isArray(type) && type[0] === 'list';
    return isSet ? ['set', type[1]] : type;
  }

  /**
   * A `storageClassType` (or a stored class name) read inside out: `string`, `stringList`,
   * `stringMapList`, `<Struct>List`. A struct name wins over a suffix, since struct names may
   * end in `Map` (names ending in `List` get a `Struct` suffix from the generator).
   */
  private storageType(storage: string, where: string): CtyType {
    const primitive = PRIMITIVES[storage];
    if (primitive !== undefined) return primitive;
    if (this.classes.has(`${storage}OutputReference`)) return this.objectType(storage, where);
    if (storage.endsWith('List')) return ['list', this.storageType(stripSuffix(storage, 'List'), where)];
    if (storage.endsWith('Map')) return ['map', this.storageType(stripSuffix(storage, 'Map'), where)];
    throw new Error(`${this.module}: ${where} has unknown storage class ${storage}`);
  }

  /**
   * An object type: every attribute of the struct, configurable or computed. Object-typed
   * attributes cannot hold blocks, so nested structs are object types as well.
   */
  private objectType(struct: string, where: string): CtyType {
    const known = this.objectTypes.get(struct);
    if (known !== undefined) return known;
    const reference = this.classes.get(`${struct}OutputReference`) as Declaration;
    const hcl = this.hclFunctions.get(struct);
    const entries =
      hcl === undefined ? new Map<string, HclEntry>() : hclEntries(hcl, `${struct}ToHclTerraform`);
    const fields: Record<string, CtyType> = {};
    for (const section of sections(reference.body)) {
      const entry = entries.get(section.name);
      const at = `${where}.${section.name}`;
      fields[section.name] = entry !== undefined ? this.hclType(entry, at) : this.computedType(section, at);
    }
    const type: CtyType = ['object', fields];
    this.objectTypes.set(struct, type);
    return type;
  }
}

function sections(body: string): Section[] {
  const found = [...body.matchAll(SECTION)];
  return found.map((match, i) => {
    const [, name, computed, optional, required] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    const end = found[i + 1]?.index ?? body.length;
    return {
      name,
      computed: computed === 'true',
      optional: optional === 'true',
      required: required === 'true',
      text: body.slice(match.index, end),
    };
  });
}

function hclEntries(body: string, where: string): Map<string, HclEntry> {
  const entries = new Map<string, HclEntry>();
  for (const match of body.matchAll(HCL_ENTRY)) {
    const [, name, value, type, storageClassType] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    entries.set(name, { value, type, storageClassType });
  }
  if (entries.size === 0 && !/const attrs = \{\s*\};/.test(body)) {
    throw new Error(`${where}: no HCL attribute entries found`);
  }
  return entries;
}

function between(text: string, from: string, to: string): string {
  const start = text.indexOf(from);
  if (start < 0) throw new Error(`'${from}' not found`);
  const end = text.indexOf(to, start);
  return text.slice(start, end < 0 ? text.length : end);
}

function stripSuffix(text: string, suffix: string): string {
  if (!text.endsWith(suffix)) throw new Error(`expected ${text} to end in ${suffix}`);
  return text.slice(0, -suffix.length);
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
