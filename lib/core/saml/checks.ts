import { X509Certificate } from 'crypto';
import type { CheckStatus } from '../diagnose/checks';
import { SAML_ERROR_CODES, type SamlErrorCodeName } from '../diagnose/codes';
import { ALGORITHMS, BEARER, CLAIM_URIS, EMAIL_NAME_ID, STATUS_SUCCESS } from './names';
import { parseResponse, type AssertionFacts, type ParsedResponse } from './response';
import { signatureFacts, verifySignature } from './signature';

/**
 * The clock skew Databricks tolerates is not documented (its SSO, SAML and troubleshooting pages say
 * nothing of it); 3 minutes is the default of the common SAML service-provider stacks (Shibboleth
 * and OpenSAML's clockSkew), so a response is judged with that margin, and the report says so.
 */
export const ASSUMED_CLOCK_SKEW_SECONDS = 180;

export type Permission = 'USER' | 'ADMIN';

/** What Databricks holds and expects, as far as it is known. */
export interface CheckerConfig {
  /** The Databricks Redirect URL: the ACS URL, audience, destination and recipient. */
  readonly redirectUrl?: string;
  /** The Identity Provider Entity ID Databricks holds, and where it was read. */
  readonly entityId?: { readonly value: string; readonly source: string };
  /** The x.509 certificate Databricks holds (PEM), and where it was read. */
  readonly certificate?: {
    readonly pem: string;
    readonly source: string;
    /** Name it by its SHA-256 too. @default true; false for a throwaway key, new at every run */
    readonly fingerprint?: boolean;
  };
  /** "Now" for NotBefore / NotOnOrAfter, and where it came from. */
  readonly at: Date;
  readonly atSource: string;
  /** @default ASSUMED_CLOCK_SKEW_SECONDS */
  readonly clockSkewSeconds?: number;
  /** The declared assertion attributes (`email`, `name`, `groups`...). @default unknown: not checked */
  readonly attributes?: readonly string[];
  /** The declared group mappings: IdP group -> workspace -> permission. @default unknown: not checked */
  readonly groups?: Readonly<Record<string, Readonly<Record<string, Permission>>>>;
  /** Values an IdP sends for a group (Entra: object IDs) -> the declared group name. @default none */
  readonly groupAliases?: ReadonlyMap<string, string>;
}

export type ResponseCheckId =
  | 'well-formed'
  | 'status'
  | 'issuer'
  | 'response-signed'
  | 'assertion-signed'
  | 'response-signature-valid'
  | 'assertion-signature-valid'
  | 'signed-element'
  | 'signature-algorithm'
  | 'destination'
  | 'recipient'
  | 'audience'
  | 'validity'
  | 'name-id'
  | 'name-id-email'
  | 'attributes'
  | 'groups';

export interface ResponseCheck {
  readonly id: ResponseCheckId;
  readonly status: CheckStatus;
  /** What was seen and what was expected. */
  readonly detail: string;
  /** What to do about a failure. */
  readonly fix?: string;
}

export interface LoginUser {
  readonly nameId: string | null;
  readonly email: string | null;
  /** The group values the response sends, as sent. */
  readonly groups: readonly string[];
  /** The declared groups among them (Entra object IDs resolved to names). */
  readonly mappedGroups: readonly string[];
  /** Workspace -> the highest permission the mapped groups grant. */
  readonly access: Readonly<Record<string, Permission>>;
}

export interface ResponseVerdict {
  /** Every check that decides Databricks' answer passed. */
  readonly accepted: boolean;
  /** The Databricks error code the response would produce, or null. */
  readonly errorCode: SamlErrorCodeName | null;
  readonly checks: readonly ResponseCheck[];
  readonly user: LoginUser;
}

/**
 * The checks whose failure makes Databricks refuse the login, in the order one is named: the
 * first failed one gives the error code. `signature-algorithm`, `attributes` and `groups` are this
 * project's policy (SSO-001, SSO-002) or information: they fail without an error code.
 */
const ERROR_CODES: readonly (readonly [ResponseCheckId, SamlErrorCodeName])[] = [
  ['well-formed', 'saml_generic_response_validation_error'],
  ['status', 'saml_generic_request_error'],
  ['response-signed', 'saml_response_not_signed_error'],
  ['assertion-signed', 'saml_assertion_not_signed_error'],
  ['response-signature-valid', 'saml_invalid_signature_error'],
  ['assertion-signature-valid', 'saml_invalid_signature_error'],
  ['signed-element', 'saml_invalid_signature_error'],
  ['issuer', 'saml_generic_response_validation_error'],
  ['destination', 'saml_generic_response_validation_error'],
  ['recipient', 'saml_generic_response_validation_error'],
  ['audience', 'saml_generic_response_validation_error'],
  ['validity', 'saml_expired_error'],
  ['name-id', 'saml_nameid_missing_error'],
  ['name-id-email', 'user_not_registered_error'],
];

const BLOCKING = new Set(ERROR_CODES.map(([id]) => id));
const EMAIL = /^[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$/;

/**
 * Judges a SAML response the way the Databricks account would: each check passed, FAILED or
 * cannot check (what it needs is not known), the error code of the first decisive failure, and
 * what the user would get. A library verifies the signatures' cryptography; every other decision,
 * wrapping included, is made here.
 */
export function checkResponse(xml: string, config: CheckerConfig): ResponseVerdict {
  const parsed = parseResponse(xml);
  const checks: ResponseCheck[] = [];
  if (!parsed.ok) {
    checks.push({
      id: 'well-formed',
      status: 'failed',
      detail: `refused without reading further: ${parsed.problem}`,
      fix: 'Capture the response again, whole (a HAR export, or the complete SAMLResponse field); an IdP never sends a DOCTYPE.',
    });
    for (const [id] of ERROR_CODES.slice(1)) checks.push(notRead(id));
    for (const id of ['signature-algorithm', 'attributes', 'groups'] as const) checks.push(notRead(id));
    return verdict(sortChecks(checks), emptyUser());
  }
  const response = parsed.response;
  const assertion = response.assertion;
  checks.push(wellFormed(xml, response));
  checks.push(status(response));
  checks.push(...signaturesPresent(response, assertion));
  checks.push(...signaturesValid(xml, response, assertion, config));
  checks.push(signedElement(response, assertion));
  checks.push(signatureAlgorithm(response, assertion));
  checks.push(issuer(response, assertion, config));
  checks.push(destination(response, config));
  checks.push(recipient(assertion, config));
  checks.push(audience(assertion, config));
  checks.push(validity(assertion, config));
  checks.push(...nameId(assertion));
  checks.push(attributes(assertion, config));
  const groups = groupsCheck(assertion, config);
  checks.push(groups.check);
  const email = attributeValues(assertion, 'email')[0] ?? null;
  return verdict(sortChecks(checks), {
    nameId: assertion?.nameId?.value ?? null,
    email,
    groups: groups.sent,
    mappedGroups: groups.mapped,
    access: groups.access,
  });
}

function verdict(checks: ResponseCheck[], user: LoginUser): ResponseVerdict {
  const failed = new Set(checks.filter((c) => c.status === 'failed').map((c) => c.id));
  let errorCode: SamlErrorCodeName | null = ERROR_CODES.find(([id]) => failed.has(id))?.[1] ?? null;
  // Databricks names a response without any signature differently from one missing one of the two.
  if (failed.has('response-signed') && failed.has('assertion-signed')) errorCode = 'saml_no_signature_error';
  const accepted = checks.filter((c) => BLOCKING.has(c.id)).every((c) => c.status === 'passed');
  return { accepted, errorCode, checks, user };
}

const ORDER: readonly ResponseCheckId[] = [
  'well-formed',
  'status',
  'issuer',
  'response-signed',
  'assertion-signed',
  'response-signature-valid',
  'assertion-signature-valid',
  'signed-element',
  'signature-algorithm',
  'destination',
  'recipient',
  'audience',
  'validity',
  'name-id',
  'name-id-email',
  'attributes',
  'groups',
];

function sortChecks(checks: ResponseCheck[]): ResponseCheck[] {
  return [...checks].sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id));
}

function emptyUser(): LoginUser {
  return { nameId: null, email: null, groups: [], mappedGroups: [], access: {} };
}

const passed = (id: ResponseCheckId, detail: string): ResponseCheck => ({ id, status: 'passed', detail });
const failed = (id: ResponseCheckId, detail: string, fix: string): ResponseCheck => ({
  id,
  status: 'failed',
  detail,
  fix,
});
const cannot = (id: ResponseCheckId, detail: string, fix?: string): ResponseCheck => ({
  id,
  status: 'cannot-check',
  detail,
  ...(fix !== undefined ? { fix } : {}),
});
const notRead = (id: ResponseCheckId) => cannot(id, 'the response could not be read');
const noAssertion = (id: ResponseCheckId) => cannot(id, 'the response carries no assertion to read');

const quote = (value: string | undefined) => (value === undefined ? 'none' : JSON.stringify(value));

function wellFormed(xml: string, response: ParsedResponse): ResponseCheck {
  const id = 'well-formed';
  if (response.encryptedAssertionCount > 0) {
    return failed(
      id,
      `the response carries ${response.encryptedAssertionCount} EncryptedAssertion element(s); Databricks reads only unencrypted assertions`,
      'Turn assertion encryption off for the Databricks app at the IdP (Databricks documents "Assertion encryption must be set to Unencrypted").',
    );
  }
  const success = response.status.code === STATUS_SUCCESS;
  if (success && response.assertion === undefined && response.assertionCount <= 1) {
    return failed(
      id,
      'the status is Success but the Response carries no assertion',
      'Capture the whole response again; if it repeats, the IdP app is misconfigured.',
    );
  }
  return passed(
    id,
    `a well-formed SAML 2.0 Response of ${Buffer.byteLength(xml, 'utf8')} bytes, without DOCTYPE or entity declarations`,
  );
}

function status(response: ParsedResponse): ResponseCheck {
  const { code, subCode, message } = response.status;
  if (code === STATUS_SUCCESS) return passed('status', 'the IdP answered Success');
  const short = (uri: string | undefined) => (uri === undefined ? 'none' : uri.replace(/^.*:/, ''));
  return failed(
    'status',
    `the IdP answered ${short(code)}${subCode === undefined ? '' : ` / ${short(subCode)}`}` +
      `${message === undefined ? '' : ` with the message ${JSON.stringify(message.slice(0, 200))}`}; expected Success`,
    'The IdP refused the sign-in: check that the user is assigned to the Databricks app and that the app accepts the ' +
      "Databricks Redirect URL as its ACS URL; the IdP's sign-in log has the reason.",
  );
}

function signaturesPresent(response: ParsedResponse, assertion: AssertionFacts | undefined): ResponseCheck[] {
  const responseSigned =
    response.signature !== undefined
      ? passed('response-signed', `the Response carries a signature (ID ${quote(response.id)})`)
      : failed(
          'response-signed',
          'the Response element carries no signature; Databricks expects the response and the assertion signed',
          'Sign the SAML response at the IdP (Okta: response_signed = true; Entra: Signing Option "Sign SAML response and assertion"), and deploy.',
        );
  if (assertion === undefined) return [responseSigned, noAssertion('assertion-signed')];
  const assertionSigned =
    assertion.signature !== undefined
      ? passed('assertion-signed', `the assertion carries its own signature (ID ${quote(assertion.id)})`)
      : failed(
          'assertion-signed',
          'the assertion carries no signature of its own; Databricks expects the response and the assertion signed',
          'Sign the SAML assertion at the IdP (Okta: assertion_signed = true; Entra: Signing Option "Sign SAML response and assertion"), and deploy.',
        );
  return [responseSigned, assertionSigned];
}

function certificateName(pem: string, source: string): string {
  try {
    return `${source} (SHA-256 ${new X509Certificate(pem).fingerprint256})`;
  } catch {
    return source;
  }
}

function signaturesValid(
  xml: string,
  response: ParsedResponse,
  assertion: AssertionFacts | undefined,
  config: CheckerConfig,
): ResponseCheck[] {
  const one = (
    id: 'response-signature-valid' | 'assertion-signature-valid',
    which: 'response' | 'assertion',
    present: boolean,
  ): ResponseCheck => {
    if (!present) return cannot(id, `the ${which} has no signature to verify`);
    if (config.certificate === undefined) {
      return cannot(
        id,
        'the certificate Databricks holds is not known here (the one embedded in the response proves nothing)',
        'Pass --certificate with the x.509 certificate from the account console (Settings > Authentication > Single sign-on).',
      );
    }
    const holder =
      config.certificate.fingerprint === false
        ? config.certificate.source
        : certificateName(config.certificate.pem, config.certificate.source);
    const result = verifySignature(xml, which, config.certificate.pem);
    return result.valid
      ? passed(id, `the ${which} signature verifies with the certificate Databricks holds: ${holder}`)
      : failed(
          id,
          `${result.reason}; checked with ${holder}`,
          'If the IdP rotated its signing key, paste its current certificate into the account console ' +
            '(`npx sso runbook --env <env> --change rotation`); if the response was edited, capture it again.',
        );
  };
  return [
    one('response-signature-valid', 'response', response.signature !== undefined),
    assertion === undefined
      ? noAssertion('assertion-signature-valid')
      : one('assertion-signature-valid', 'assertion', assertion.signature !== undefined),
  ];
}

/**
 * Signature wrapping moves the signed element aside and puts a forged one where a service provider
 * reads: each signature must cover exactly its own parent, that parent must be the element read, and
 * nothing else in the document may carry an assertion, a signature or a duplicate ID.
 */
function signedElement(response: ParsedResponse, assertion: AssertionFacts | undefined): ResponseCheck {
  const id = 'signed-element';
  const signed: { what: string; signature: NonNullable<ParsedResponse['signature']>; holderId?: string }[] =
    [];
  if (response.signature !== undefined) {
    signed.push({
      what: 'Response',
      signature: response.signature,
      ...(response.id !== undefined ? { holderId: response.id } : {}),
    });
  }
  if (assertion?.signature !== undefined) {
    signed.push({
      what: 'assertion',
      signature: assertion.signature,
      ...(assertion.id !== undefined ? { holderId: assertion.id } : {}),
    });
  }
  if (signed.length === 0) return cannot(id, 'nothing in the response is signed');
  const problems: string[] = [];
  if (response.assertionCount !== 1) {
    problems.push(
      `the document holds ${response.assertionCount} Assertion elements; only the one the Response carries may be there`,
    );
  }
  if (response.signatureCount !== signed.length) {
    problems.push(
      `the document holds ${response.signatureCount} Signature elements, ${signed.length} where a response or assertion carries its own`,
    );
  }
  for (const { what, signature, holderId } of signed) {
    const references = signatureFacts(signature).references;
    const uri = references[0]?.uri;
    if (references.length !== 1) {
      problems.push(`the ${what} signature has ${references.length} references, expected exactly one`);
    } else if (holderId === undefined || uri !== `#${holderId}`) {
      problems.push(
        `the ${what} signature covers ${quote(uri)}, not the ${what} it sits in (ID ${quote(holderId)})`,
      );
    } else if ((response.idCounts.get(holderId) ?? 0) !== 1) {
      problems.push(
        `${response.idCounts.get(holderId)} elements carry the ID ${quote(holderId)} the ${what} signature covers`,
      );
    }
  }
  if (problems.length > 0) {
    return failed(
      id,
      `signature wrapping: ${problems.join('; ')}`,
      'Treat this response as forged: it was altered after the IdP signed it. Report it to your security team.',
    );
  }
  return passed(
    id,
    signed
      .map((s) => `the ${s.what} signature covers the ${s.what} that is read (ID ${quote(s.holderId)})`)
      .join('; ') + '; one assertion, every ID unique',
  );
}

function signatureAlgorithm(response: ParsedResponse, assertion: AssertionFacts | undefined): ResponseCheck {
  const id = 'signature-algorithm';
  const signatures = [
    ...(response.signature !== undefined ? [['response', response.signature] as const] : []),
    ...(assertion?.signature !== undefined ? [['assertion', assertion.signature] as const] : []),
  ];
  if (signatures.length === 0) return cannot(id, 'nothing in the response is signed');
  const allowedTransforms = new Set<string>([ALGORITHMS.envelopedSignature, ALGORITHMS.exclusiveC14n]);
  const problems: string[] = [];
  for (const [what, signature] of signatures) {
    const facts = signatureFacts(signature);
    if (facts.signatureMethod !== ALGORITHMS.rsaSha256) {
      problems.push(`the ${what} is signed with ${quote(facts.signatureMethod)}`);
    }
    for (const reference of facts.references) {
      if (reference.digestMethod !== ALGORITHMS.sha256) {
        problems.push(`the ${what} digest is ${quote(reference.digestMethod)}`);
      }
      const odd = reference.transforms.filter((t) => !allowedTransforms.has(t));
      if (odd.length > 0) problems.push(`the ${what} reference applies ${odd.map(quote).join(', ')}`);
    }
  }
  if (problems.length > 0) {
    return failed(
      id,
      `${problems.join('; ')}; expected RSA-SHA256 (${ALGORITHMS.rsaSha256}) and SHA-256 digests. ` +
        "This project's rule (SSO-002): Databricks does not document refusing SHA-1, so no error code follows from it",
      'Sign with RSA-SHA256 and digest with SHA-256 at the IdP (Okta: RSA_SHA256 / SHA256), and deploy.',
    );
  }
  return passed(
    id,
    `${signatures.map(([w]) => w).join(' and ')}: RSA-SHA256 with SHA-256 digests, exclusive canonicalization`,
  );
}

function issuer(
  response: ParsedResponse,
  assertion: AssertionFacts | undefined,
  config: CheckerConfig,
): ResponseCheck {
  const id = 'issuer';
  const seen = [
    ...(response.issuer !== undefined ? [['Response', response.issuer.trim()] as const] : []),
    ...(assertion?.issuer !== undefined ? [['assertion', assertion.issuer.trim()] as const] : []),
  ];
  if (assertion !== undefined && assertion.issuer === undefined) {
    return failed(
      id,
      'the assertion has no Issuer',
      'The IdP must name itself in the assertion; check the IdP app.',
    );
  }
  if (seen.length === 0) return noAssertion(id);
  const shown = seen.map(([w, v]) => `${w} ${quote(v)}`).join(', ');
  if (config.entityId === undefined) {
    return cannot(
      id,
      `the response names ${shown}; the entity ID Databricks holds is not known here`,
      'Pass --entity-id with the Identity Provider Entity ID the account console shows (or `terraform output -raw databricks_sso_idp_entity_id`).',
    );
  }
  const expected = config.entityId.value;
  const wrong = seen.filter(([, v]) => v !== expected);
  return wrong.length === 0
    ? passed(id, `${shown}: the entity ID Databricks holds (${config.entityId.source})`)
    : failed(
        id,
        `the response names ${shown}; Databricks holds ${quote(expected)} (${config.entityId.source})`,
        'Paste the issuer the IdP uses into the account console as the Identity Provider Entity ID ' +
          '(`terraform output -raw databricks_sso_idp_entity_id`), or fix the IdP app that answered.',
      );
}

function needsRedirectUrl(id: ResponseCheckId, seen: string): ResponseCheck {
  return cannot(
    id,
    `the response says ${seen}; the Databricks Redirect URL is not known here`,
    "Pass --env (and --declaration) to compare it with the environment's Redirect URL.",
  );
}

function destination(response: ParsedResponse, config: CheckerConfig): ResponseCheck {
  const id = 'destination';
  if (config.redirectUrl === undefined)
    return needsRedirectUrl(id, `Destination ${quote(response.destination)}`);
  if (response.destination === config.redirectUrl) {
    return passed(id, `Destination is the Databricks Redirect URL ${config.redirectUrl}`);
  }
  return failed(
    id,
    `Destination is ${quote(response.destination)}; expected the Databricks Redirect URL ${config.redirectUrl}`,
    "Set the IdP app's destination (Okta: destination; others: ACS URL) to the Databricks Redirect URL, and deploy.",
  );
}

function recipient(assertion: AssertionFacts | undefined, config: CheckerConfig): ResponseCheck {
  const id = 'recipient';
  if (assertion === undefined) return noAssertion(id);
  const bearer = assertion.confirmations.filter((c) => c.method === BEARER);
  const seen = bearer.map((c) => quote(c.recipient)).join(', ') || 'no bearer SubjectConfirmation';
  if (config.redirectUrl === undefined) return needsRedirectUrl(id, `Recipient ${seen}`);
  if (bearer.length > 0 && bearer.every((c) => c.recipient === config.redirectUrl)) {
    return passed(id, `Recipient is the Databricks Redirect URL ${config.redirectUrl}`);
  }
  return failed(
    id,
    `Recipient is ${seen}; expected the Databricks Redirect URL ${config.redirectUrl} on a bearer SubjectConfirmation`,
    "Set the IdP app's recipient (Okta: recipient; others: ACS URL) to the Databricks Redirect URL, and deploy.",
  );
}

function audience(assertion: AssertionFacts | undefined, config: CheckerConfig): ResponseCheck {
  const id = 'audience';
  if (assertion === undefined) return noAssertion(id);
  const audiences = assertion.conditions?.audiences ?? [];
  const seen = audiences.map(quote).join(', ') || 'no Audience';
  if (config.redirectUrl === undefined) return needsRedirectUrl(id, `Audience ${seen}`);
  if (audiences.includes(config.redirectUrl)) {
    return passed(id, `Audience is the Databricks Redirect URL ${config.redirectUrl}`);
  }
  return failed(
    id,
    `Audience is ${seen}; expected the Databricks Redirect URL ${config.redirectUrl}`,
    "Set the IdP app's audience (Okta: audience; Entra: Identifier (Entity ID)) to the Databricks Redirect URL, and deploy.",
  );
}

function validity(assertion: AssertionFacts | undefined, config: CheckerConfig): ResponseCheck {
  const id = 'validity';
  if (assertion === undefined) return noAssertion(id);
  const skew = config.clockSkewSeconds ?? ASSUMED_CLOCK_SKEW_SECONDS;
  const now = config.at.getTime();
  const bounds: { what: string; value: string; kind: 'from' | 'until' }[] = [];
  const conditions = assertion.conditions;
  if (conditions?.notBefore !== undefined)
    bounds.push({ what: 'Conditions NotBefore', value: conditions.notBefore, kind: 'from' });
  if (conditions?.notOnOrAfter !== undefined) {
    bounds.push({ what: 'Conditions NotOnOrAfter', value: conditions.notOnOrAfter, kind: 'until' });
  }
  for (const c of assertion.confirmations.filter((c) => c.method === BEARER)) {
    if (c.notOnOrAfter !== undefined)
      bounds.push({ what: 'SubjectConfirmationData NotOnOrAfter', value: c.notOnOrAfter, kind: 'until' });
  }
  const judged =
    `judged at ${config.at.toISOString()} (${config.atSource}) with ${skew / 60} minutes of clock skew, ` +
    'assumed: Databricks does not document its tolerance';
  const unreadable = bounds.filter(
    (b) => !/^\d{4}-\d{2}-\d{2}T/.test(b.value) || Number.isNaN(Date.parse(b.value)),
  );
  if (unreadable.length > 0) {
    return failed(
      id,
      `${unreadable.map((b) => `${b.what} ${quote(b.value)}`).join(', ')} is not an xs:dateTime`,
      'The IdP sent a malformed timestamp: report it to the IdP vendor.',
    );
  }
  if (!bounds.some((b) => b.kind === 'until')) {
    return failed(
      id,
      'the assertion has no NotOnOrAfter (the SAML Web SSO profile requires one on the bearer confirmation)',
      'Check the IdP app: every IdP sets a validity window on its assertions.',
    );
  }
  const problems = bounds.flatMap((b) => {
    const t = Date.parse(b.value);
    if (b.kind === 'from' && now + skew * 1000 < t)
      return [`not valid before ${b.value} (${b.what}), ${minutes(t - now)} after that moment`];
    if (b.kind === 'until' && now - skew * 1000 >= t)
      return [`expired at ${b.value} (${b.what}), ${minutes(now - t)} before that moment`];
    return [];
  });
  const window = bounds.map((b) => `${b.what} ${b.value}`).join(', ');
  if (problems.length > 0) {
    return failed(
      id,
      `${problems.join('; ')}; ${judged}`,
      'If the response was captured earlier, pass --at with the moment of the login. Otherwise start the sign-in again ' +
        "from the workspace URL (not a bookmark or the back button), and check the IdP's clock.",
    );
  }
  return passed(id, `${window}; ${judged}`);
}

function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m < 1 ? 'under a minute' : `${m} minute${m === 1 ? '' : 's'}`;
}

function nameId(assertion: AssertionFacts | undefined): ResponseCheck[] {
  if (assertion === undefined) return [noAssertion('name-id'), noAssertion('name-id-email')];
  const value = assertion.nameId?.value;
  if (value === undefined || value.trim() === '') {
    return [
      failed(
        'name-id',
        `the assertion's Subject has ${value === undefined ? 'no NameID' : 'an empty NameID'}`,
        "Send the user's email address as the NameID (format emailAddress) from the IdP app, and deploy.",
      ),
      cannot('name-id-email', 'no NameID to read'),
    ];
  }
  const format = assertion.nameId?.format;
  const present = passed(
    'name-id',
    `NameID ${quote(value)}, format ${format === undefined ? 'unspecified' : format.replace(/^.*:/, '')}`,
  );
  if (EMAIL.test(value)) {
    const note =
      format === EMAIL_NAME_ID || format === undefined
        ? ''
        : ` (format ${format.replace(/^.*:/, '')}: Databricks only reads the value)`;
    return [
      present,
      passed(
        'name-id-email',
        `${quote(value)} is an email address, the user name Databricks looks the user up by${note}`,
      ),
    ];
  }
  return [
    present,
    failed(
      'name-id-email',
      `${quote(value)} is not an email address${value !== value.trim() ? ' (it has surrounding whitespace)' : ''}; ` +
        'Databricks looks the user up by the NameID as their email address, exactly',
      "Send the user's email address, without whitespace, as the NameID (Okta: ${user.email}; Entra: user.mail), and deploy.",
    ),
  ];
}

/** Attribute names as declared: Entra's claim URIs mapped to the short names the declaration uses. */
function declaredName(name: string): string {
  return CLAIM_URIS[name] ?? name;
}

function attributeValues(assertion: AssertionFacts | undefined, declared: string): string[] {
  return (assertion?.attributes ?? [])
    .filter((a) => declaredName(a.name) === declared)
    .flatMap((a) => a.values);
}

function attributes(assertion: AssertionFacts | undefined, config: CheckerConfig): ResponseCheck {
  const id = 'attributes';
  if (assertion === undefined) return noAssertion(id);
  const sent = [...new Set(assertion.attributes.map((a) => a.name))];
  const shown = sent.map(quote).join(', ') || 'none';
  if (config.attributes === undefined)
    return cannot(id, `sent: ${shown}; the declared set is not known here`, 'Pass --env.');
  const declared = new Set(config.attributes);
  const extra = sent.filter((name) => !declared.has(declaredName(name)));
  const missing = config.attributes.filter((name) => !sent.some((s) => declaredName(s) === name));
  const missingNote = missing.length > 0 ? `; declared but not sent: ${missing.join(', ')}` : '';
  if (extra.length > 0) {
    return failed(
      id,
      `sent ${extra.map(quote).join(', ')} beyond the declared ${config.attributes.join(', ')}${missingNote}. ` +
        "This project's rule (SSO-001, minimal attributes): Databricks ignores attributes it does not use, so no error code follows",
      'Remove the extra attribute statements from the IdP app (or declare them in assertion.attributes), and deploy.',
    );
  }
  return passed(id, `sent: ${shown}, within the declared ${config.attributes.join(', ')}${missingNote}`);
}

function groupsCheck(
  assertion: AssertionFacts | undefined,
  config: CheckerConfig,
): { check: ResponseCheck; sent: string[]; mapped: string[]; access: Record<string, Permission> } {
  const id = 'groups';
  const sent = attributeValues(assertion, 'groups').map((v) => v.trim());
  const none = { sent, mapped: [] as string[], access: {} as Record<string, Permission> };
  if (assertion === undefined) return { ...none, check: noAssertion(id) };
  if (config.groups === undefined) {
    return {
      ...none,
      check: cannot(
        id,
        `sent: ${sent.map(quote).join(', ') || 'none'}; the declared mappings are not known here`,
        'Pass --env.',
      ),
    };
  }
  const resolved = sent.map((value) => ({ value, name: config.groupAliases?.get(value) ?? value }));
  const mappedEntries = resolved.filter((g) => Object.prototype.hasOwnProperty.call(config.groups, g.name));
  const mapped = [...new Set(mappedEntries.map((g) => g.name))].sort();
  const ignored = resolved.filter((g) => !mappedEntries.includes(g)).map((g) => g.value);
  const access: Record<string, Permission> = {};
  for (const group of mapped) {
    for (const [workspace, permission] of Object.entries(config.groups[group] ?? {})) {
      if (access[workspace] !== 'ADMIN') access[workspace] = permission;
    }
  }
  const sortedAccess = Object.fromEntries(
    Object.entries(access).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const grants =
    Object.entries(sortedAccess)
      .map(([w, p]) => `${w} ${p}`)
      .join(', ') || 'no workspace';
  const aliasNote = (g: { value: string; name: string }) =>
    g.value === g.name ? g.name : `${g.name} (${g.value})`;
  const ignoredNote = ignored.length > 0 ? `; ignored (not mapped): ${ignored.map(quote).join(', ')}` : '';
  const source =
    'Databricks grants access through the account groups SCIM provisions; this is what the declaration gives these groups';
  if (sent.length === 0) {
    const declared = config.attributes === undefined || config.attributes.includes('groups');
    const check = declared
      ? failed(
          id,
          'no groups attribute: the user is in no mapped group, or the IdP app does not send the groups',
          "Add the user to a mapped group at the IdP, or check the app's group attribute and its filter.",
        )
      : passed(id, 'no groups attribute, and none is declared');
    return { ...none, check };
  }
  if (mapped.length === 0) {
    return {
      sent,
      mapped,
      access: sortedAccess,
      check: failed(
        id,
        `none of the groups sent is mapped${ignoredNote}: the user gets no workspace`,
        'Map one of these groups in the declaration, or add the user to a mapped group at the IdP.',
      ),
    };
  }
  return {
    sent,
    mapped,
    access: sortedAccess,
    check: passed(
      id,
      `mapped: ${mappedEntries
        .map(aliasNote)
        .filter((v, i, all) => all.indexOf(v) === i)
        .join(', ')}; the user gets ${grants}${ignoredNote} (${source})`,
    ),
  };
}

/** The meaning and general fix of an error code, for the report. */
export function errorCodeAdvice(
  code: SamlErrorCodeName,
  environment: string | undefined,
): { meaning: string; nextStep: string } {
  const known = SAML_ERROR_CODES[code];
  return { meaning: known.meaning, nextStep: known.nextStep.replace(/<env>/g, environment ?? 'ENV') };
}
