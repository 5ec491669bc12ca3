import { describeValue, ValidationError } from '../../core/errors';
import { pemBodies, readCertificate } from '../../core/metadata/certificate';
import { Command, UsageError } from '../command';
import { MAX_CERTIFICATE_BYTES, readSmallFile } from '../files';

export const fingerprintCommand: Command = {
  name: 'fingerprint',
  help: `usage: sso fingerprint [FILE]

Reads one x.509 certificate, PEM or bare base64 DER, from FILE or from stdin (no FILE, or "-")
and prints its SHA-256 fingerprint as openssl does (uppercase hex pairs joined by colons).
Compare what the Databricks console holds with what the IdP signs with:

  terraform output -raw databricks_sso_x509_certificate | npx sso fingerprint
`,
  options: {},
  positionals: true,
  async run(args) {
    const [file, ...extra] = args.positionals;
    if (extra.length > 0) throw new UsageError(`one FILE only, got also ${JSON.stringify(extra[0])}`);
    const fromStdin = file === undefined || file === '-';
    if (fromStdin && process.stdin.isTTY) {
      throw new UsageError('give a certificate FILE, or pipe one into stdin');
    }
    const source = fromStdin ? 'stdin' : file;
    const bytes = fromStdin
      ? await readStdin()
      : readSmallFile(file, file, 'certificate file', MAX_CERTIFICATE_BYTES);
    process.stdout.write(`${certificateSha256(bytes.toString('utf8'), source)}\n`);
    return 0;
  },
};

/** The fingerprint of exactly one certificate, given as PEM or as base64 DER with any line breaks. */
export function certificateSha256(text: string, source: string): string {
  const bodies = pemBodies(text);
  if (bodies.length > 1) {
    throw new ValidationError(source, `${bodies.length} PEM certificates`, 'exactly one certificate');
  }
  return readCertificate(bodies[0] ?? text, source).sha256;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    // Stop reading at the bound instead of buffering whatever is piped in.
    if (size > MAX_CERTIFICATE_BYTES) throw tooLarge('stdin', size);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function tooLarge(source: string, size: number): ValidationError {
  return new ValidationError(
    source,
    `${describeValue(size)} bytes or more`,
    `one certificate of at most ${MAX_CERTIFICATE_BYTES} bytes`,
  );
}
