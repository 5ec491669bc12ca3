import { BEARER, NS } from './names';
import { signElement } from './sign';
import type { SigningKey } from './signing-key';

/** Everything an IdP puts in the response it posts for one user, before signing. */
export interface ResponseSpec {
  readonly responseId: string;
  readonly assertionId: string;
  readonly issuer: string;
  readonly destination: string;
  readonly recipient: string;
  readonly audience: string;
  /** Absent: the subject carries no NameID. */
  readonly nameId?: { readonly value: string; readonly format: string };
  readonly attributes: readonly {
    readonly name: string;
    readonly nameFormat?: string;
    readonly values: readonly string[];
  }[];
  readonly issueInstant: Date;
  readonly notBefore: Date;
  readonly notOnOrAfter: Date;
  readonly authnContextClassRef: string;
  readonly sign: {
    readonly response: boolean;
    readonly assertion: boolean;
    readonly signatureAlgorithm: string;
    readonly digestAlgorithm: string;
  };
}

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const instant = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The Response XML an IdP would post, signed as the spec says (assertion first, then the response). */
export function responseXml(spec: ResponseSpec, key: SigningKey): string {
  const attributes = spec.attributes
    .map(
      (a) =>
        `<saml:Attribute Name="${escape(a.name)}"${a.nameFormat === undefined ? '' : ` NameFormat="${escape(a.nameFormat)}"`}>` +
        a.values.map((v) => `<saml:AttributeValue>${escape(v)}</saml:AttributeValue>`).join('') +
        '</saml:Attribute>',
    )
    .join('');
  const nameId =
    spec.nameId === undefined
      ? ''
      : `<saml:NameID Format="${escape(spec.nameId.format)}">${escape(spec.nameId.value)}</saml:NameID>`;
  const assertion =
    `<saml:Assertion xmlns:saml="${NS.assertion}" ID="${spec.assertionId}" IssueInstant="${instant(spec.issueInstant)}" Version="2.0">` +
    `<saml:Issuer>${escape(spec.issuer)}</saml:Issuer>` +
    `<saml:Subject>${nameId}<saml:SubjectConfirmation Method="${BEARER}">` +
    `<saml:SubjectConfirmationData NotOnOrAfter="${instant(spec.notOnOrAfter)}" Recipient="${escape(spec.recipient)}"/>` +
    '</saml:SubjectConfirmation></saml:Subject>' +
    `<saml:Conditions NotBefore="${instant(spec.notBefore)}" NotOnOrAfter="${instant(spec.notOnOrAfter)}">` +
    `<saml:AudienceRestriction><saml:Audience>${escape(spec.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${instant(spec.issueInstant)}" SessionIndex="${spec.assertionId}">` +
    `<saml:AuthnContext><saml:AuthnContextClassRef>${escape(spec.authnContextClassRef)}</saml:AuthnContextClassRef></saml:AuthnContext>` +
    '</saml:AuthnStatement>' +
    (attributes === '' ? '' : `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>`) +
    '</saml:Assertion>';
  let xml =
    `<samlp:Response xmlns:samlp="${NS.protocol}" Destination="${escape(spec.destination)}" ID="${spec.responseId}" ` +
    `IssueInstant="${instant(spec.issueInstant)}" Version="2.0">` +
    `<saml:Issuer xmlns:saml="${NS.assertion}">${escape(spec.issuer)}</saml:Issuer>` +
    '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>' +
    `${assertion}</samlp:Response>`;
  const algorithms = {
    signatureAlgorithm: spec.sign.signatureAlgorithm,
    digestAlgorithm: spec.sign.digestAlgorithm,
  };
  if (spec.sign.assertion) xml = signElement(xml, 'assertion', key, algorithms);
  if (spec.sign.response) xml = signElement(xml, 'response', key, algorithms);
  return xml;
}
