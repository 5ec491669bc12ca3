import * as fs from 'fs';
import { isAlias, isNode, parseDocument, visit } from 'yaml';
import { describeValue, ValidationError } from '../errors';

/** A declaration file is small; anything bigger is a mistake or an attack. */
export const MAX_DECLARATION_BYTES = 4 * 1024 * 1024;
const MAX_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Reads a declaration file (JSON or YAML, same schema) into plain data, refusing what a
 * declaration never needs: non-UTF-8 bytes, control characters, duplicate keys, YAML tags
 * and alias expansion, prototype keys, deep nesting. Schema validation happens afterwards.
 */
export function readDeclarationFile(file: string): unknown {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ValidationError(`--declaration ${file}`, 'no such file', 'a readable declaration file');
  }
  if (!stat.isFile()) {
    throw new ValidationError(`--declaration ${file}`, 'not a regular file', 'a readable declaration file');
  }
  if (stat.size > MAX_DECLARATION_BYTES) {
    throw new ValidationError(
      `${file}`,
      `${stat.size} bytes`,
      `a file of at most ${MAX_DECLARATION_BYTES} bytes`,
    );
  }
  return parseDeclarationText(fs.readFileSync(file), file);
}

/**
 * Parses a declaration's bytes, from a file or elsewhere (standard input, a secret store),
 * refusing what {@link readDeclarationFile} refuses in a file's content. Text that starts with `{`
 * is read as JSON, anything else as YAML. The result is plain data still to be validated ({@link validateDeclaration}).
 *
 * @param bytes - the raw bytes, at most {@link MAX_DECLARATION_BYTES}; they must be UTF-8
 * @param source - names the input in error messages (a file name, for example)
 * @throws ValidationError on the first thing refused, located by line where possible
 */
export function parseDeclarationText(bytes: Uint8Array, source: string): unknown {
  if (bytes.byteLength > MAX_DECLARATION_BYTES) {
    throw new ValidationError(source, `${bytes.byteLength} bytes`, `at most ${MAX_DECLARATION_BYTES} bytes`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ValidationError(source, 'bytes that are not UTF-8', 'a UTF-8 text file');
  }
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(text);
  if (control) {
    const line = text.slice(0, control.index).split('\n').length;
    throw new ValidationError(
      `${source}:${line}`,
      `control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`,
      'printable text (tabs and newlines only)',
    );
  }

  const data = text.trimStart().startsWith('{') ? parseJson(text, source) : parseYaml(text, source);
  checkShape(data, '', 0, source);
  return data;
}

/** JSON.parse is ten times faster than a YAML parser on large files, but takes the last of duplicate keys silently. */
function parseJson(text: string, source: string): unknown {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    const where = position ? `:${lineAndColumn(text, Number(position[1]))}` : '';
    throw new ValidationError(`${source}${where}`, firstLine((error as Error).message), 'well-formed JSON');
  }
  const duplicate = firstDuplicateKey(text);
  if (duplicate !== undefined) {
    throw new ValidationError(
      `${source}:${lineAndColumn(text, duplicate.index)}`,
      `the key ${JSON.stringify(duplicate.key)} a second time in one object`,
      'each key once per object',
    );
  }
  return data;
}

/** One pass over well-formed JSON, tracking the keys of every open object. */
function firstDuplicateKey(text: string): { key: string; index: number } | undefined {
  const open: (Set<string> | undefined)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') open.push(new Set());
    else if (c === '[') open.push(undefined);
    else if (c === '}' || c === ']') open.pop();
    else if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const keys = open[open.length - 1];
      let next = end + 1;
      while (/\s/.test(text[next] ?? '')) next++;
      if (keys && text[next] === ':') {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (keys.has(key)) return { key, index: i };
        keys.add(key);
      }
      i = end;
    }
  }
  return undefined;
}

function lineAndColumn(text: string, index: number): string {
  const before = text.slice(0, index).split('\n');
  return `${before.length}:${(before[before.length - 1]?.length ?? 0) + 1}`;
}

function parseYaml(text: string, source: string): unknown {
  const doc = parseDocument(text, {
    schema: 'core',
    uniqueKeys: true,
    strict: true,
    prettyErrors: true,
    customTags: [],
    resolveKnownTags: false,
  });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const where = problem.linePos?.[0] ? `:${problem.linePos[0].line}:${problem.linePos[0].col}` : '';
    throw new ValidationError(
      `${source}${where}`,
      firstLine(problem.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '')),
      'a well-formed JSON or YAML document without duplicate keys or tags',
    );
  }
  const unsupported = unsupportedYaml(doc);
  if (unsupported) {
    throw new ValidationError(
      source,
      unsupported,
      'plain data without YAML anchors (&), aliases (*) or tags (!)',
    );
  }
  return doc.toJS({ maxAliasCount: 0 });
}
/** Anchors and aliases allow exponential expansion; tags allow custom types. Declarations need neither. */
function unsupportedYaml(doc: ReturnType<typeof parseDocument>): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Node(_, node) {
      if (isAlias(node)) found = `the YAML alias *${node.source}`;
      else if (isNode(node) && node.anchor) found = `the YAML anchor &${node.anchor}`;
      else if (isNode(node) && node.tag) found = `the YAML tag ${node.tag}`;
      return found ? visit.BREAK : undefined;
    },
  });
  return found;
}

function checkShape(value: unknown, path: string, depth: number, source: string): void {
  if (depth > MAX_DEPTH) {
    throw new ValidationError(
      `${source}: ${path}`,
      `nesting deeper than ${MAX_DEPTH}`,
      'a shallow declaration',
    );
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkShape(item, `${path}[${i}]`, depth + 1, source));
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) {
        throw new ValidationError(
          `${source}: ${path ? `${path}.` : ''}${key}`,
          describeValue(key),
          'a field name of the schema',
        );
      }
      checkShape((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key, depth + 1, source);
    }
  }
}

function firstLine(text: string): string {
  return describeValue(text.split('\n')[0] ?? '');
}
