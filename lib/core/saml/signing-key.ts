import { createSign, generateKeyPairSync, randomBytes } from 'crypto';
import { certificate, NULL, OID, oid, pem, sequence } from '../../standin/provider/x509';

/** A key pair and its self-signed certificate, standing in for an IdP's signing key. */
export interface SigningKey {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * A fresh RSA-2048 key with a self-signed X.509 certificate valid a day either side of `at`: what
 * `sso test-login` signs with in place of the IdP's key, which never leaves the IdP.
 */
export function throwawaySigningKey(commonName: string, at: Date): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = certificate({
    serial: randomBytes(8),
    subject: [[OID.commonName, commonName]],
    notBefore: new Date(at.getTime() - DAY),
    notAfter: new Date(at.getTime() + DAY),
    publicKey: publicKey.export({ type: 'spki', format: 'der' }),
    signatureAlgorithm: sequence(oid(OID.sha256WithRsa), NULL),
    extensions: [],
    sign: (tbs) => createSign('sha256').update(tbs).sign(privateKey),
  });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificatePem: pem(der),
  };
}
