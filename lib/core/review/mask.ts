import { createHash } from 'crypto';

/*
 * Review reports are posted on pull requests and kept in CI logs, so nothing that could be a
 * credential may reach them: values of sensitive variables and outputs, attributes named like
 * credentials, and any substring shaped like a known token or a long random string.
 */

const MASK = '***';

const TOKEN_PATTERNS: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\bdapi[0-9a-f]{32}(?:-\d+)?\b/g, // Databricks personal access token
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, // JWT
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{30,}\b/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\bSSWS\s+\S+/g, // Okta API token header
  // A long run of mixed-case letters and digits: API tokens, client secrets, key material.
  /(?<![A-Za-z0-9+/=_-])(?=[A-Za-z0-9+/=_-]*[A-Z])(?=[A-Za-z0-9+/=_-]*[a-z])(?=[A-Za-z0-9+/=_-]*\d)[A-Za-z0-9+/=_-]{32,}(?![A-Za-z0-9+/=_-])/g,
];

/** Attribute, variable or config key names whose values are credentials. */
const SECRET_NAME =
  /(secret|token|password|passwd|passphrase|credentials?|private_?key|api_?key|access_?key|sas|connection_?string)$/i;

/** Replaces every token-shaped substring with `***`. */
export function maskTokens(text: string): string {
  if (text.length < 16) return text;
  let masked = text;
  for (const pattern of TOKEN_PATTERNS) masked = masked.replace(pattern, MASK);
  return masked;
}

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Compares secret values without keeping them: equal digests mean equal values. */
export function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
