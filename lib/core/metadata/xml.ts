import { SaxesParser } from 'saxes';
import { ValidationError, describeValue } from '../errors';

/** An element of a parsed document, reduced to what reading SAML metadata needs. */
export interface XmlElement {
  readonly uri: string;
  readonly local: string;
  /** Attributes without a namespace (the only kind SAML metadata defines), by name. */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** The element's own character data (text and CDATA); its children's text is not included. */
  readonly text: string;
  /** Line where the start tag ends, for messages. */
  readonly line: number;
}

export interface XmlLimits {
  readonly maxBytes: number;
  readonly maxDepth: number;
  /** Longest accepted attribute value or element text, in characters. */
  readonly maxValueChars: number;
}

interface ElementUnderConstruction extends XmlElement {
  readonly children: ElementUnderConstruction[];
  text: string;
}

/**
 * Parses untrusted XML into a small element tree, refusing with a `ValidationError` anything that
 * is oversized, not well formed, or declares a DTD or entities. It never reads another resource.
 *
 * @param source names the input in messages (a file path, or a description)
 */
export function readXml(input: string | Buffer, source: string, limits: XmlLimits): XmlElement {
  const bytes = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
  if (bytes > limits.maxBytes) throw tooLarge(source, bytes, limits.maxBytes);
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decode(input, source);
  refuseDeclarations(text, source);
  return parse(text, source, limits);
}

export function tooLarge(source: string, bytes: number, maxBytes: number): ValidationError {
  return new ValidationError(source, `${bytes} bytes`, `SAML metadata of at most ${maxBytes} bytes`);
}

// Windows PowerShell 5 saves downloads as UTF-16 with a byte order mark, so the three BOMs are
// honoured; without one XML means UTF-8. `fatal` refuses other encodings instead of garbling them.
function decode(bytes: Buffer, source: string): string {
  const encoding =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'utf-16le'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'utf-16be'
        : 'utf-8';
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError(
      source,
      `bytes that are not valid ${encoding.toUpperCase()}`,
      'UTF-8 text, or UTF-16 with a byte order mark',
    );
  }
}

// DTDs are how entity-expansion bombs and external-entity file reads work, and SAML metadata never
// needs one: refuse them outright rather than rely on how a parser treats them.
function refuseDeclarations(text: string, source: string): void {
  const found = /<!(DOCTYPE|ENTITY)/i.exec(text);
  if (found === null) return;
  const line = text.slice(0, found.index).split('\n').length;
  throw new ValidationError(
    `${source} line ${line}`,
    `${/entity/i.test(found[0]) ? 'an ENTITY' : 'a DOCTYPE'} declaration`,
    'XML without DOCTYPE or ENTITY declarations (they can expand entities or read other files)',
  );
}

function parse(text: string, source: string, limits: XmlLimits): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  // saxes expands only the five predefined entities and reports any other reference as an error
  // (thrown below); freezing its table guarantees nothing can define more.
  Object.freeze(parser.ENTITIES);
  const open: ElementUnderConstruction[] = [];
  let root: XmlElement | undefined;
  const at = (): string => `${source} line ${parser.line}`;

  parser.on('error', (error) => {
    throw new ValidationError(
      `${source} line ${parser.line}, column ${parser.column + 1}`,
      describeValue(error.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '')),
      'well-formed XML',
    );
  });
  parser.on('opentag', (tag) => {
    if (open.length >= limits.maxDepth) {
      throw new ValidationError(at(), `elements nested deeper than ${limits.maxDepth}`, 'shallower XML');
    }
    const attributes = new Map<string, string>();
    for (const attribute of Object.values(tag.attributes)) {
      refuseLongValue(attribute.value.length, `attribute ${describeValue(attribute.name)}`, at(), limits);
      if (attribute.uri === '') attributes.set(attribute.local, attribute.value);
    }
    const element: ElementUnderConstruction = {
      uri: tag.uri,
      local: tag.local,
      attributes,
      children: [],
      text: '',
      line: parser.line,
    };
    const parent = open[open.length - 1];
    if (parent === undefined) root = element;
    else parent.children.push(element);
    open.push(element);
  });
  parser.on('closetag', () => open.pop());
  const addText = (data: string): void => {
    const element = open[open.length - 1];
    if (element === undefined) return;
    refuseLongValue(
      element.text.length + data.length,
      `text of ${describeValue(element.local)}`,
      at(),
      limits,
    );
    element.text += data;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);

  parser.write(text).close();
  if (root === undefined) throw new Error(`saxes accepted ${source} without a root element`);
  return root;
}

function refuseLongValue(length: number, what: string, field: string, limits: XmlLimits): void {
  if (length <= limits.maxValueChars) return;
  throw new ValidationError(
    field,
    `${what} of ${length} characters`,
    `attribute values and texts of at most ${limits.maxValueChars} characters`,
  );
}
