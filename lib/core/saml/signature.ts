import { X509Certificate, type KeyObject } from 'crypto';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import type { XmlElement } from '../metadata/xml';
import { NS } from './names';
import { child, children } from './response';

/** What a `<ds:Signature>` declares, read from our own parse of it. */
export interface SignatureFacts {
  readonly signatureMethod?: string;
  readonly canonicalization?: string;
  readonly references: readonly {
    readonly uri?: string;
    readonly digestMethod?: string;
    readonly transforms: readonly string[];
  }[];
}

export function signatureFacts(signature: XmlElement): SignatureFacts {
  const info = child(signature, NS.dsig, 'SignedInfo');
  const algorithm = (element: XmlElement | undefined, local: string) =>
    element === undefined ? undefined : child(element, NS.dsig, local)?.attributes.get('Algorithm');
  const signatureMethod = algorithm(info, 'SignatureMethod');
  const canonicalization = algorithm(info, 'CanonicalizationMethod');
  return {
    ...(signatureMethod !== undefined ? { signatureMethod } : {}),
    ...(canonicalization !== undefined ? { canonicalization } : {}),
    references: (info === undefined ? [] : children(info, NS.dsig, 'Reference')).map((reference) => {
      const uri = reference.attributes.get('URI');
      const digestMethod = algorithm(reference, 'DigestMethod');
      const transforms = child(reference, NS.dsig, 'Transforms');
      return {
        ...(uri !== undefined ? { uri } : {}),
        ...(digestMethod !== undefined ? { digestMethod } : {}),
        transforms: (transforms === undefined ? [] : children(transforms, NS.dsig, 'Transform')).map(
          (t) => t.attributes.get('Algorithm') ?? '',
        ),
      };
    }),
  };
}

export type Verification = { readonly valid: true } | { readonly valid: false; readonly reason: string };

/**
 * Verifies the Response's own signature, or the one of its assertion, with xml-crypto against the
 * certificate Databricks holds. The certificate a response embeds in its KeyInfo is never used:
 * anyone can sign a forged response and embed their own certificate.
 *
 * Only call it on XML that `parseResponse` accepted: this second parser must never see a DTD.
 */
export function verifySignature(
  xml: string,
  which: 'response' | 'assertion',
  certificatePem: string,
): Verification {
  const document = new DOMParser({
    errorHandler: {
      error: (message: string) => {
        throw new Error(message);
      },
      fatalError: (message: string) => {
        throw new Error(message);
      },
    },
  }).parseFromString(xml, 'text/xml');
  const response = document.documentElement;
  const holder =
    which === 'response'
      ? response
      : response === null
        ? undefined
        : directChild(response, NS.assertion, 'Assertion');
  const signature =
    holder === undefined || holder === null ? undefined : directChild(holder, NS.dsig, 'Signature');
  if (signature === undefined) return { valid: false, reason: `the ${which} has no signature` };
  const verifier = new SignedXml({
    publicCert: publicKey(certificatePem),
    // Never the response's own KeyInfo: that would let anyone sign with a key of their own.
    getCertFromKeyInfo: () => null,
  });
  try {
    verifier.loadSignature(signature);
    if (verifier.checkSignature(xml)) return { valid: true };
    const problem = verifier.getReferences().find((r) => r.validationError !== undefined)?.validationError;
    return { valid: false, reason: explain(problem?.message ?? 'a reference did not validate') };
  } catch (error) {
    return { valid: false, reason: explain((error as Error).message) };
  }
}

function directChild(parent: Element, uri: string, local: string): Element | undefined {
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    const element = node as Element;
    if (node.nodeType === 1 && element.namespaceURI === uri && element.localName === local) return element;
  }
  return undefined;
}

function publicKey(certificatePem: string): KeyObject {
  return new X509Certificate(certificatePem).publicKey;
}

/** xml-crypto's messages quote digest and signature values: the report says what they mean instead. */
function explain(message: string): string {
  if (/signature value .* is incorrect/s.test(message)) {
    return 'the signature value does not verify with the certificate Databricks holds: signed by another key, or its SignedInfo was changed';
  }
  if (/calculated digest/.test(message)) {
    return 'the digest of the signed element does not match: the element was changed after it was signed';
  }
  if (/multiple elements with the same value for the ID/.test(message)) {
    return 'a signature wrapping attempt: several elements carry the signed ID';
  }
  if (/multiple Signature elements with the same SignatureValue/.test(message)) {
    return 'a signature wrapping attempt: the same signature appears twice';
  }
  if (/could not find such element/.test(message)) {
    return 'the signature references an element that is not in the response';
  }
  return `the signature could not be verified (${message.replace(/[A-Za-z0-9+/=]{20,}/g, '...').slice(0, 160)})`;
}
