import { describeValue, ValidationError } from '../errors';
import { findSamlPost } from './har';

/** What the browser posted, decoded to the Response XML, and where it was found. */
export interface ResponseInput {
  readonly xml: string;
  /** How the input was read: `raw XML`, `base64 SAMLResponse`, or the HAR entry used. */
  readonly origin: string;
  /** When the browser posted it, when the input says (a HAR entry). */
  readonly postedAt?: Date;
  /** The error code Databricks answered with, when the input shows it (a HAR entry's redirect). */
  readonly observedError?: string;
}

/** A HAR of a whole login, with page loads, stays well under this; anything larger is the wrong file. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;
/** A SAML response is a few KiB; a large group list makes it tens. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * Reads what a browser POSTs to the Databricks Redirect URL, in any of the forms a user can copy
 * it: a HAR file from the developer tools, the form body (`SAMLResponse=...&RelayState=...`), the
 * base64 `SAMLResponse` value (URL-encoded or not), or the Response XML itself.
 *
 * @param source names the input in messages (a file, or standard input)
 * @param redirectUrl picks the HAR entry posted to it, when known
 * @throws ValidationError when none of these forms is found
 */
export function readResponseInput(input: Buffer, source: string, redirectUrl?: string): ResponseInput {
  if (input.length > MAX_INPUT_BYTES) {
    throw new ValidationError(
      source,
      `${input.length} bytes`,
      `a HAR or SAML response of at most ${MAX_INPUT_BYTES} bytes`,
    );
  }
  const text = input
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim();
  if (text.startsWith('<')) return { xml: bounded(text, source), origin: 'raw XML' };
  if (text.startsWith('{')) {
    let har: unknown;
    try {
      har = JSON.parse(text);
    } catch {
      throw new ValidationError(
        source,
        'text starting with "{" that is not JSON',
        'a HAR file, a SAMLResponse or its XML',
      );
    }
    const post = findSamlPost(har, source, redirectUrl);
    return {
      xml: decodeBase64(post.value, `${source} (${post.origin})`),
      origin: post.origin,
      ...(post.postedAt !== undefined ? { postedAt: post.postedAt } : {}),
      ...(post.observedError !== undefined ? { observedError: post.observedError } : {}),
    };
  }
  if (/(^|&)SAMLResponse=/.test(text)) {
    const value = new URLSearchParams(text).get('SAMLResponse') ?? '';
    return { xml: decodeBase64(value, source), origin: 'form body, field SAMLResponse' };
  }
  const urlEncoded = /%[0-9A-Fa-f]{2}/.test(text);
  return {
    xml: decodeBase64(urlEncoded ? percentDecode(text, source) : text, source),
    origin: urlEncoded ? 'URL-encoded base64 SAMLResponse' : 'base64 SAMLResponse',
  };
}

function percentDecode(text: string, source: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ValidationError(source, 'malformed URL encoding', 'a SAMLResponse value, URL-encoded or not');
  }
}

const EXPECTED = 'a HAR file, a SAMLResponse value (base64, URL-encoded or not) or the Response XML';

function decodeBase64(value: string, source: string): string {
  const base64 = value.replace(/\s+/g, '');
  // A truncated copy still decodes (to truncated XML, which the well-formedness check reports).
  if (base64 === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    throw new ValidationError(
      source,
      base64 === '' ? 'nothing' : `${describeValue(base64)}, not base64`,
      EXPECTED,
    );
  }
  const xml = Buffer.from(base64, 'base64')
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (!xml.trimStart().startsWith('<')) {
    throw new ValidationError(source, 'base64 that does not decode to XML', EXPECTED);
  }
  return bounded(xml, source);
}

function bounded(xml: string, source: string): string {
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > MAX_RESPONSE_BYTES) {
    throw new ValidationError(
      source,
      `a SAML response of ${bytes} bytes`,
      `a SAML response of at most ${MAX_RESPONSE_BYTES} bytes`,
    );
  }
  return xml;
}
