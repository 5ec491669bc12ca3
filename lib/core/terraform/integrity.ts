import { asObject, isObject, type JsonObject } from './json';

/**
 * Proves a synthesized Terraform JSON stack is self-consistent without running Terraform:
 * every interpolation refers to something declared in the stack, no IdP expression slipped
 * through unescaped, every resource has a configured provider, and provider versions are pinned.
 *
 * cdktf does not escape `${`, so an Okta expression written as `${user.email}` reaches the JSON
 * as an interpolation that Terraform would fail on (or, worse, evaluate); this checker catches it.
 */

export interface IntegrityProblem {
  /** Where in the JSON: `resource.okta_app_saml.databricks.subject_name_id_template`. */
  readonly path: string;
  readonly message: string;
}

/** Names that may start a reference inside these blocks besides declared objects. */
const CONTEXT_ROOTS = new Set(['each', 'count', 'self', 'path', 'terraform']);
const EXACT_VERSION = /^(=\s*)?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

export function checkStackIntegrity(stack: unknown): IntegrityProblem[] {
  if (!isObject(stack)) return [{ path: '', message: 'the stack is not a JSON object' }];
  const declared = declaredNames(stack);
  const problems: IntegrityProblem[] = [];

  walkStrings(stack, [], (value, path) => {
    if (path[0] === '//') return;
    const where = path.join('.');
    if (/(^|[^%])%\{/.test(value)) {
      problems.push({
        path: where,
        message: 'holds an unescaped template directive %{ (write %%{ for a literal)',
      });
    }
    const iterator = blockIterator(stack, path);
    for (const expression of interpolations(value)) {
      for (const reference of references(expression)) {
        if ((reference === 'each' || reference === 'count') && iterator !== reference) {
          problems.push({
            path: where,
            message: `uses ${reference} outside a block with ${reference === 'each' ? 'for_each' : 'count'}`,
          });
        } else if (!declared.names.has(reference)) {
          problems.push({
            path: where,
            message: `\${${expression}} refers to ${reference}, which this stack does not declare`,
          });
        }
      }
    }
  });

  problems.push(...providerProblems(stack));
  problems.push(...blockProblems(stack, declared));
  return problems;
}

/** What Terraform accepts as a resource or data source name. */
const BLOCK_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** `type.name` or `type.name["key"]`: the addresses `depends_on` and `moved` may hold here. */
const ADDRESS = /^([A-Za-z0-9_]+\.[A-Za-z_][A-Za-z0-9_-]*)(\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?$/;

/**
 * Block names (written from group names), and the addresses in `depends_on` and `moved` blocks,
 * which are plain strings rather than references: Terraform rejects what points at nothing, and a
 * `moved` block whose target is missing would destroy what it was meant to keep.
 */
function blockProblems(stack: JsonObject, declared: Declared): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, blocks] of Object.entries(asObject(stack[kind]))) {
      for (const [name, block] of Object.entries(asObject(blocks))) {
        const path = `${kind}.${type}.${name}`;
        if (!BLOCK_NAME.test(name)) {
          problems.push({ path, message: `${JSON.stringify(name)} is not a valid Terraform block name` });
        }
        const dependsOn = asObject(block).depends_on;
        for (const [i, entry] of (Array.isArray(dependsOn) ? dependsOn : []).entries()) {
          if (typeof entry !== 'string' || !declared.names.has(entry)) {
            problems.push({
              path: `${path}.depends_on.${i}`,
              message: `depends on ${JSON.stringify(entry)}, which this stack does not declare as a whole block`,
            });
          }
        }
      }
    }
  }
  const moved = stack.moved;
  const sources = new Set<string>();
  for (const [i, block] of (Array.isArray(moved) ? moved : []).entries()) {
    const { from, to } = asObject(block);
    const source = typeof from === 'string' ? ADDRESS.exec(from) : null;
    const target = typeof to === 'string' ? ADDRESS.exec(to) : null;
    if (!source || !target) {
      problems.push({ path: `moved.${i}`, message: 'from and to must be resource addresses' });
      continue;
    }
    if (!declared.names.has(target[1] ?? '')) {
      problems.push({
        path: `moved.${i}.to`,
        message: `moves ${String(from)} to ${String(to)}, which this stack does not declare: Terraform would destroy it`,
      });
    }
    if (source[2] === undefined && declared.names.has(source[1] ?? '')) {
      problems.push({
        path: `moved.${i}.from`,
        message: `moves ${String(from)}, which this stack still declares`,
      });
    }
    if (sources.has(String(from))) {
      problems.push({ path: `moved.${i}.from`, message: `moves ${String(from)} a second time` });
    }
    sources.add(String(from));
  }
  return problems;
}

/** The `${...}` expressions of a string, skipping `$${` (a literal `${` for Terraform). */
export function interpolations(value: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '$' && value[i + 1] === '$' && value[i + 2] === '{') {
      i += 2;
      continue;
    }
    if (value[i] === '$' && value[i + 1] === '{') {
      const end = matchingBrace(value, i + 1);
      found.push(value.slice(i + 2, end === -1 ? value.length : end));
      if (end === -1) break;
      i = end;
    }
  }
  return found;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  let quote = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === '"') quote = false;
      continue;
    }
    if (c === '"') quote = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * The references of an HCL expression as `root.name` (or `type.name` for resources), ignoring
 * string literals, function names, object keys and names bound by `for` expressions.
 */
export function references(expression: string): string[] {
  const code = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const bound = new Set<string>();
  for (const match of code.matchAll(/\bfor\s+([A-Za-z_][\w-]*)(?:\s*,\s*([A-Za-z_][\w-]*))?\s+in\b/g)) {
    if (match[1]) bound.add(match[1]);
    if (match[2]) bound.add(match[2]);
  }
  const found: string[] = [];
  const token = /(?<![\w.\]-])([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*|\[[^\]]*\])*)(\s*\()?/g;
  for (const match of code.matchAll(token)) {
    const [, root = '', rest = '', call] = match;
    const following = code.slice((match.index ?? 0) + match[0].length).trimStart();
    if (call || bound.has(root) || ['for', 'in', 'if', 'true', 'false', 'null'].includes(root)) continue;
    if (following.startsWith('=') && !following.startsWith('==')) continue;
    if (following.startsWith(':') && !rest) continue;
    const parts = rest.split(/[.[]/).filter(Boolean);
    if (root === 'data') found.push(`data.${parts[0] ?? ''}.${(parts[1] ?? '').replace(/\]$/, '')}`);
    else if (['var', 'local', 'module'].includes(root)) found.push(`${root}.${parts[0] ?? ''}`);
    else if (CONTEXT_ROOTS.has(root)) found.push(root);
    else found.push(`${root}.${(parts[0] ?? '').replace(/\]$/, '')}`);
  }
  return found;
}

interface Declared {
  readonly names: Set<string>;
}

function declaredNames(stack: JsonObject): Declared {
  const names = new Set<string>(CONTEXT_ROOTS);
  for (const [type, blocks] of Object.entries(asObject(stack.resource))) {
    for (const name of Object.keys(asObject(blocks))) names.add(`${type}.${name}`);
  }
  for (const [type, blocks] of Object.entries(asObject(stack.data))) {
    for (const name of Object.keys(asObject(blocks))) names.add(`data.${type}.${name}`);
  }
  for (const name of Object.keys(asObject(stack.variable))) names.add(`var.${name}`);
  for (const name of Object.keys(asObject(stack.locals))) names.add(`local.${name}`);
  for (const name of Object.keys(asObject(stack.module))) names.add(`module.${name}`);
  return { names };
}

/** Which iteration a string's enclosing resource or data block offers: `each`, `count` or none. */
function blockIterator(stack: JsonObject, path: readonly string[]): 'each' | 'count' | undefined {
  if (path[0] !== 'resource' && path[0] !== 'data') return undefined;
  const block = asObject(asObject(asObject(stack[path[0]])[path[1] ?? ''])[path[2] ?? '']);
  if ('for_each' in block) return path[3] === 'for_each' ? undefined : 'each';
  if ('count' in block) return path[3] === 'count' ? undefined : 'count';
  return undefined;
}

function providerProblems(stack: JsonObject): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  const terraform = asObject(stack.terraform);
  const required = asObject(terraform.required_providers);
  const configured = new Set<string>();
  for (const [name, configs] of Object.entries(asObject(stack.provider))) {
    const list = Array.isArray(configs) ? configs : [configs];
    for (const config of list) {
      const alias = asObject(config).alias;
      configured.add(typeof alias === 'string' ? `${name}.${alias}` : name);
    }
  }
  for (const [name, requirement] of Object.entries(required)) {
    const version = asObject(requirement).version;
    if (typeof version !== 'string' || !EXACT_VERSION.test(version.trim())) {
      problems.push({
        path: `terraform.required_providers.${name}.version`,
        message: `provider ${name} is not pinned to an exact version (got ${JSON.stringify(version ?? null)})`,
      });
    }
  }
  const builtIn = new Set(['terraform']);
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, blocks] of Object.entries(asObject(stack[kind]))) {
      const local = type.split('_')[0] ?? type;
      if (builtIn.has(local)) continue;
      for (const [name, block] of Object.entries(asObject(blocks))) {
        const provider = asObject(block).provider;
        const wanted = typeof provider === 'string' ? provider : local;
        if (!configured.has(wanted)) {
          problems.push({
            path: `${kind}.${type}.${name}.provider`,
            message: `uses provider ${wanted}, which this stack does not configure`,
          });
        }
        if (!(wanted.split('.')[0]! in required)) {
          problems.push({
            path: `${kind}.${type}.${name}`,
            message: `provider ${wanted.split('.')[0]} is not in terraform.required_providers`,
          });
        }
      }
    }
  }
  return problems;
}

function walkStrings(value: unknown, path: string[], visit: (value: string, path: string[]) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((item, i) => walkStrings(item, [...path, String(i)], visit));
  else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) walkStrings(item, [...path, key], visit);
  }
}
