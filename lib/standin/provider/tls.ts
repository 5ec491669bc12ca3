import * as crypto from 'crypto';
import { certificate, EXTENSIONS, OID, oid, pem, sequence } from './x509';

export interface ServerCertificate {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  /** The DER, which go-plugin's handshake line carries (base64 without padding). */
  readonly certificateDer: Buffer;
}

/**
 * A fresh self-signed certificate for go-plugin's AutoMTLS. Terraform pins it as the only root
 * for this plugin and dials `localhost`, so it must name `localhost`, be a CA and allow server
 * (and client) authentication; it lives as long as the process.
 */
export function serverCertificate(now = new Date()): ServerCertificate {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const der = certificate({
    serial: crypto.randomBytes(16),
    subject: [[OID.commonName, 'localhost']],
    // A minute of slack for a clock that differs between Terraform's checks and ours.
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + 365 * 24 * 3600_000),
    publicKey: publicKey.export({ type: 'spki', format: 'der' }),
    signatureAlgorithm: sequence(oid(OID.ecdsaWithSha256)),
    extensions: [
      EXTENSIONS.basicConstraintsCa,
      EXTENSIONS.keyUsageSignAndCertSign,
      EXTENSIONS.serverAndClientAuth,
      EXTENSIONS.subjectAltNameDns('localhost'),
    ],
    sign: (tbs) => crypto.sign('sha256', tbs, privateKey),
  });
  return {
    certificatePem: pem(der),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificateDer: der,
  };
}
