import { ValidationError } from '../errors';
import { readXml, type XmlElement } from '../metadata/xml';
import { MAX_RESPONSE_BYTES } from './input';
import { NS } from './names';

/** One `<saml:Attribute>` of the assertion. */
export interface SamlAttribute {
  readonly name: string;
  readonly values: readonly string[];
}

/** What the checks read from the one assertion a response carries. */
export interface AssertionFacts {
  readonly element: XmlElement;
  readonly id?: string;
  readonly issuer?: string;
  /** Its own `<ds:Signature>` child, if any. */
  readonly signature?: XmlElement;
  readonly nameId?: { readonly value: string; readonly format?: string };
  readonly confirmations: readonly {
    readonly method?: string;
    readonly recipient?: string;
    readonly notBefore?: string;
    readonly notOnOrAfter?: string;
  }[];
  readonly conditions?: {
    readonly notBefore?: string;
    readonly notOnOrAfter?: string;
    readonly audiences: readonly string[];
  };
  readonly attributes: readonly SamlAttribute[];
}

/** A SAML 2.0 Response, read by its structure only: nothing here is trusted before the signature checks. */
export interface ParsedResponse {
  readonly element: XmlElement;
  readonly id?: string;
  readonly destination?: string;
  readonly issuer?: string;
  readonly status: { readonly code?: string; readonly subCode?: string; readonly message?: string };
  /** The Response's own `<ds:Signature>` child, if any. */
  readonly signature?: XmlElement;
  /** Every `<saml:Assertion>` in the document, at any depth: more than one is how wrapping attacks hide. */
  readonly assertionCount: number;
  readonly encryptedAssertionCount: number;
  /** Every `<ds:Signature>` in the document, at any depth. */
  readonly signatureCount: number;
  /** The assertion that is a direct child of the Response: the one a service provider reads. */
  readonly assertion?: AssertionFacts;
  /** How many elements carry each ID value (`ID`, `Id` or `id`): one each, or a signature may point elsewhere. */
  readonly idCounts: ReadonlyMap<string, number>;
}

export type ParseOutcome =
  { readonly ok: true; readonly response: ParsedResponse } | { readonly ok: false; readonly problem: string };

const LIMITS = { maxBytes: MAX_RESPONSE_BYTES, maxDepth: 64, maxValueChars: 64 * 1024 };

/**
 * Parses a SAML Response with the metadata reader's hardening (no DTD, no entities, bounded size,
 * depth and values), and reads its structure. Never throws for bad input: the problem is returned,
 * as the first check's finding.
 */
export function parseResponse(xml: string): ParseOutcome {
  let root: XmlElement;
  try {
    root = readXml(xml, 'the SAML response', LIMITS);
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, problem: error.message };
    throw error;
  }
  if (root.uri !== NS.protocol || root.local !== 'Response') {
    return {
      ok: false,
      problem: `the document's root is ${describeElement(root)}, expected a samlp:Response (${NS.protocol})`,
    };
  }
  const all = [...descendants(root)];
  const direct = children(root, NS.assertion, 'Assertion');
  const idCounts = new Map<string, number>();
  for (const element of all) {
    for (const name of ['ID', 'Id', 'id']) {
      const value = element.attributes.get(name);
      if (value !== undefined) idCounts.set(value, (idCounts.get(value) ?? 0) + 1);
    }
  }
  const status = child(root, NS.protocol, 'Status');
  const code = status === undefined ? undefined : child(status, NS.protocol, 'StatusCode');
  const subCode = code === undefined ? undefined : child(code, NS.protocol, 'StatusCode');
  const message = status === undefined ? undefined : child(status, NS.protocol, 'StatusMessage')?.text;
  const signature = child(root, NS.dsig, 'Signature');
  const destination = root.attributes.get('Destination');
  const id = root.attributes.get('ID');
  const issuer = child(root, NS.assertion, 'Issuer')?.text;
  const first = direct[0];
  return {
    ok: true,
    response: {
      element: root,
      ...(id !== undefined ? { id } : {}),
      ...(destination !== undefined ? { destination } : {}),
      ...(issuer !== undefined ? { issuer } : {}),
      status: {
        ...(code?.attributes.get('Value') !== undefined ? { code: code.attributes.get('Value') } : {}),
        ...(subCode?.attributes.get('Value') !== undefined
          ? { subCode: subCode.attributes.get('Value') }
          : {}),
        ...(message !== undefined ? { message } : {}),
      },
      ...(signature !== undefined ? { signature } : {}),
      assertionCount: all.filter((e) => e.uri === NS.assertion && e.local === 'Assertion').length,
      encryptedAssertionCount: all.filter((e) => e.uri === NS.assertion && e.local === 'EncryptedAssertion')
        .length,
      signatureCount: all.filter((e) => e.uri === NS.dsig && e.local === 'Signature').length,
      ...(direct.length === 1 && first !== undefined ? { assertion: assertionFacts(first) } : {}),
      idCounts,
    },
  };
}

function assertionFacts(element: XmlElement): AssertionFacts {
  const subject = child(element, NS.assertion, 'Subject');
  const nameId = subject === undefined ? undefined : child(subject, NS.assertion, 'NameID');
  const conditions = child(element, NS.assertion, 'Conditions');
  const confirmations = (
    subject === undefined ? [] : children(subject, NS.assertion, 'SubjectConfirmation')
  ).map((confirmation) => {
    const data = child(confirmation, NS.assertion, 'SubjectConfirmationData');
    return definedOnly({
      method: confirmation.attributes.get('Method'),
      recipient: data?.attributes.get('Recipient'),
      notBefore: data?.attributes.get('NotBefore'),
      notOnOrAfter: data?.attributes.get('NotOnOrAfter'),
    });
  });
  const attributes = children(element, NS.assertion, 'AttributeStatement').flatMap((statement) =>
    children(statement, NS.assertion, 'Attribute').map((attribute) => ({
      name: attribute.attributes.get('Name') ?? '',
      values: children(attribute, NS.assertion, 'AttributeValue').map((v) => v.text),
    })),
  );
  const signature = child(element, NS.dsig, 'Signature');
  const id = element.attributes.get('ID');
  const issuer = child(element, NS.assertion, 'Issuer')?.text;
  return {
    element,
    ...(id !== undefined ? { id } : {}),
    ...(issuer !== undefined ? { issuer } : {}),
    ...(signature !== undefined ? { signature } : {}),
    ...(nameId !== undefined
      ? {
          nameId: definedOnly({ value: nameId.text, format: nameId.attributes.get('Format') }) as {
            value: string;
          },
        }
      : {}),
    confirmations,
    ...(conditions !== undefined
      ? {
          conditions: {
            ...definedOnly({
              notBefore: conditions.attributes.get('NotBefore'),
              notOnOrAfter: conditions.attributes.get('NotOnOrAfter'),
            }),
            audiences: children(conditions, NS.assertion, 'AudienceRestriction').flatMap((restriction) =>
              children(restriction, NS.assertion, 'Audience').map((a) => a.text.trim()),
            ),
          },
        }
      : {}),
    attributes,
  };
}

function definedOnly<T extends Record<string, string | undefined>>(record: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: string;
  };
}

export function children(element: XmlElement, uri: string, local: string): XmlElement[] {
  return element.children.filter((c) => c.uri === uri && c.local === local);
}

export function child(element: XmlElement, uri: string, local: string): XmlElement | undefined {
  return children(element, uri, local)[0];
}

function* descendants(element: XmlElement): Generator<XmlElement> {
  yield element;
  for (const c of element.children) yield* descendants(c);
}

function describeElement(element: XmlElement): string {
  return element.uri === '' ? `<${element.local}>` : `<${element.local}> in namespace ${element.uri}`;
}
