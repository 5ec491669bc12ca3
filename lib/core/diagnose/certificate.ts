import { readPemCertificate } from '../metadata/certificate';
import type { KnownCertificate } from './checks';

/**
 * Reads the certificate Databricks should hold, as `terraform output -raw databricks_sso_x509_certificate`
 * prints it (PEM), or as bare base64 DER the way the account console shows it.
 *
 * @param source names the file in messages
 * @throws ValidationError when the text is not one X.509 certificate
 */
export function readExpectedCertificate(text: string, source: string): KnownCertificate {
  const facts = readPemCertificate(text, source);
  return { sha256: facts.sha256, notAfter: facts.notAfter, source };
}
