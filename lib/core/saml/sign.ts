import { SignedXml } from 'xml-crypto';
import { ALGORITHMS } from './names';
import type { SigningKey } from './signing-key';

export interface SigningOptions {
  readonly signatureAlgorithm: string;
  readonly digestAlgorithm: string;
}

const XPATH = {
  response: "/*[local-name(.)='Response']",
  assertion: "/*[local-name(.)='Response']/*[local-name(.)='Assertion']",
} as const;

/**
 * Signs the Response, or its assertion, the way IdPs do: an enveloped signature over the element's
 * ID with exclusive canonicalization, placed right after the element's Issuer (where the SAML
 * schema puts it), with the certificate in KeyInfo. Sign the assertion first, then the response.
 */
export function signElement(
  xml: string,
  target: 'response' | 'assertion',
  key: SigningKey,
  options: SigningOptions,
): string {
  const signer = new SignedXml({
    privateKey: key.privateKeyPem,
    publicCert: key.certificatePem,
    signatureAlgorithm: options.signatureAlgorithm,
    canonicalizationAlgorithm: ALGORITHMS.exclusiveC14n,
  });
  signer.addReference({
    xpath: XPATH[target],
    transforms: [ALGORITHMS.envelopedSignature, ALGORITHMS.exclusiveC14n],
    digestAlgorithm: options.digestAlgorithm,
  });
  signer.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `${XPATH[target]}/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return signer.getSignedXml();
}
