import { ValidationError } from '../../core/errors';
import { SamlMetadata, usableSigningCertificates, type SamlIdpMetadata } from '../../core/metadata';
import { resolveClock } from '../../core/rotation/calendar';
import { Command, stringOption, UsageError } from '../command';
import { EXIT_REJECTED } from '../report';

export const metadataCommand: Command = {
  name: 'metadata',
  help: `usage: sso metadata FILE [--json] [--entity-id ID]

Reads SAML 2.0 federation metadata exported by an identity provider (Okta, Entra ID, ADFS,
PingFederate, Keycloak, Google Workspace...) and prints what the Databricks account console
needs. Refuses DOCTYPEs and entities, files over 1 MiB, malformed XML and metadata without an
IDPSSODescriptor. Exits 1 when no signing certificate is valid today (SSO_CLOCK=YYYY-MM-DD
sets "today").

  --json          print {"entityId", "ssoUrls": {"redirect", "post"},
                  "signingCertificates": [{"sha256", "subject", "notAfter"}]}
  --entity-id ID  the identity provider to read when the file lists several
`,
  options: { json: { type: 'boolean' }, 'entity-id': { type: 'string' } },
  positionals: true,
  run(args) {
    const [file, ...extra] = args.positionals;
    if (file === undefined) throw new UsageError('a metadata FILE is required');
    if (extra.length > 0) throw new UsageError(`one FILE only, got also ${JSON.stringify(extra[0])}`);
    const at = resolveClock(undefined, process.env);
    const metadata = SamlMetadata.fromFile(file, { entityId: stringOption(args, 'entity-id'), at });

    process.stdout.write(
      args.values.json === true ? `${JSON.stringify(asJson(metadata), null, 2)}\n` : summary(metadata),
    );
    if (usableSigningCertificates(metadata).length > 0) return 0;
    const refusal = new ValidationError(
      file,
      metadata.signingCertificates.length === 0
        ? 'no signing certificate'
        : 'only expired signing certificates',
      `a signing certificate valid on ${at.toISOString().slice(0, 10)}`,
    );
    process.stderr.write(`error: ${refusal.message}\n`);
    return EXIT_REJECTED;
  },
};

/** The documented JSON shape, keys in this order, so scripts and reviewers can rely on it. */
function asJson(metadata: SamlIdpMetadata): unknown {
  return {
    entityId: metadata.entityId,
    ssoUrls: { redirect: metadata.ssoUrls.redirect ?? null, post: metadata.ssoUrls.post ?? null },
    signingCertificates: metadata.signingCertificates.map((c) => ({
      sha256: c.sha256,
      subject: c.subject,
      notAfter: c.notAfter,
    })),
  };
}

function summary(metadata: SamlIdpMetadata): string {
  const rows: [string, string][] = [
    ['entity ID', metadata.entityId],
    ['SSO URL (HTTP-Redirect)', metadata.ssoUrls.redirect ?? '(none)'],
    ['SSO URL (HTTP-POST)', metadata.ssoUrls.post ?? '(none)'],
    ['signing certificates', String(metadata.signingCertificates.length)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 1;
  const lines = [
    ...rows.map(([label, value]) => `${`${label}:`.padEnd(width)} ${value}`),
    ...metadata.signingCertificates.flatMap((c) => [
      `  SHA-256   ${c.sha256}${c.expired ? '  (EXPIRED)' : ''}`,
      `  subject   ${c.subject}`,
      `  notAfter  ${c.notAfter}`,
    ]),
  ];
  return `${lines.join('\n')}\n`;
}
