import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { SSO_OUTPUTS } from '../../constructs/databricks-sso-settings';
import { isAccountMember } from '../../core/declaration/account';
import type { Declaration } from '../../core/declaration/schema';
import { validateDeclarations } from '../../core/declaration/validate';
import { readExpectedCertificate } from '../../core/diagnose/certificate';
import type { KnownCertificate } from '../../core/diagnose/checks';
import { isKnownCode, KNOWN_CODES } from '../../core/diagnose/codes';
import { diagnose, hasFailedCheck, renderDiagnosis } from '../../core/diagnose/diagnose';
import { ValidationError } from '../../core/errors';
import { SamlMetadata } from '../../core/metadata';
import { resolveClock } from '../../core/rotation/calendar';
import { localStatePath } from '../../core/declaration/shards';
import { addEnvironments, type DeclarationSource } from '../../../stacks/sso-app';
import { MAX_CERTIFICATE_BYTES, readSmallFile } from '../files';
import { Command, stringListOption, stringOption, UsageError } from '../command';
import { declarationSources } from '../declarations';
import { EXIT_REJECTED } from '../report';

// A PEM certificate is a few KiB; anything far larger is the wrong file.

export const diagnoseCommand: Command = {
  name: 'diagnose',
  help: `usage: sso diagnose CODE --env ENV [--declaration FILE]... [--metadata FILE]
                    [--certificate FILE] [--console-certificate FILE] [--group NAME]
                    [--out DIR] [--at DATE]
       sso diagnose --saml-response FILE|- [--env ENV] [--declaration FILE]...
                    [--certificate FILE] [--entity-id ID] [--out DIR] [--at TIME]
                    [--json] [--show-xml]

Explains the error code from a failed Databricks sign-in, then checks the environment's
declaration, its synthesized configuration and, when given, the IdP's current metadata;
each check is passed, FAILED or cannot check. Exits 1 when a check failed.

codes: ${KNOWN_CODES.join(',\n       ')}

With --saml-response, judges a captured login instead: FILE is a HAR exported from the
browser's developer tools (the POST of SAMLResponse to the Redirect URL is found in it), the
form body, the base64 SAMLResponse (URL-encoded or not) or the Response XML; - reads standard
input. Each check (well-formed and safe, status, issuer, signatures present and valid against
the certificate Databricks holds, wrapping, algorithms, destination, recipient, audience,
validity, NameID, attributes, groups) is passed, FAILED or cannot check; the report names the
Databricks error code the response produces and the fix. Exit 0 when Databricks would accept
it, 1 when not (or when the input is refused). A captured response is sensitive: the report
never prints the assertion or signature values; --show-xml prints the XML, indented.

  --env ENV           the environment
  --declaration FILE  a TypeScript, JSON or YAML declaration; repeatable.
                      Default: the built-in staging and prod example.
  --metadata FILE     the IdP's current SAML metadata (XML)
  --certificate FILE  the certificate Databricks should hold (Okta, Entra ID):
                      terraform output -raw databricks_sso_x509_certificate > FILE
                      Default: that output in a local state in DIR/stacks/ENV, if any.
                      It shows what was deployed, never what the account console holds.
  --console-certificate FILE
                      the x.509 certificate as the account console shows it (Settings >
                      Authentication > Single sign-on), PEM or bare base64: the only way
                      to see a rotation whose console step was skipped, the usual cause
                      of saml_invalid_signature_error
  --group NAME        the IdP group of the user who cannot sign in
  --out DIR           read DIR/stacks/ENV/cdk.tf.json when present (default: cdktf.out);
                      otherwise the declarations are synthesized in memory
  --at DATE           the day for certificate expiry (YYYY-MM-DD); default: the SSO_CLOCK
                      environment variable, else now. With --saml-response: the moment of the
                      login (2026-11-25T10:00:00Z); default: the HAR entry's time, else now
  --saml-response FILE  a captured login (HAR, form body, base64 or XML), or - for stdin
  --certificate FILE  with --saml-response: the certificate Databricks holds (the account
                      console's, PEM or base64); default: the metadata IdP's, else the local
                      state's output
  --entity-id ID      with --saml-response: the Identity Provider Entity ID the account console
                      holds; default: the stack's output when literal, else the local state's
  --json              with --saml-response: {"accepted", "errorCode", "checks": [{"id",
                      "status", "detail"}], "user": {"nameId", "email", "groups",
                      "mappedGroups", "access"}}
  --show-xml          with --saml-response: also print the response, indented
`,
  options: {
    env: { type: 'string' },
    declaration: { type: 'string', multiple: true },
    metadata: { type: 'string' },
    certificate: { type: 'string' },
    'console-certificate': { type: 'string' },
    group: { type: 'string' },
    out: { type: 'string' },
    at: { type: 'string' },
    'saml-response': { type: 'string' },
    'entity-id': { type: 'string' },
    json: { type: 'boolean' },
    'show-xml': { type: 'boolean' },
  },
  positionals: true,
  run(args) {
    if (stringOption(args, 'saml-response') !== undefined) {
      if (args.positionals.length > 0)
        throw new UsageError('give an error code or --saml-response, not both');
      // Loaded here: the module imports this one for the synthesized stack.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { diagnoseResponse } = require('./diagnose-response') as typeof import('./diagnose-response');
      return diagnoseResponse(args);
    }
    const [code, ...extra] = args.positionals;
    if (code === undefined || extra.length > 0) {
      throw new UsageError(`give exactly one error code, one of: ${KNOWN_CODES.join(', ')}`);
    }
    if (!isKnownCode(code)) {
      throw new UsageError(
        `unknown error code ${JSON.stringify(code)}; known codes: ${KNOWN_CODES.join(', ')}`,
      );
    }
    const env = stringOption(args, 'env');
    if (env === undefined) throw new UsageError('--env is required');
    const at = resolveClock(stringOption(args, 'at'), process.env);
    const sources = declarationSources(stringListOption(args, 'declaration'));
    const declarations = validateDeclarations(sources);
    const named = declarations.find((d) => d.environment === env);
    if (named === undefined) {
      throw new UsageError(
        `--env must be one of ${declarations.map((d) => d.environment).join(', ')}, got ${JSON.stringify(env)}`,
      );
    }
    // In a shared account the SAML settings and IdP app users sign in through are the owner's.
    const owner = named.databricks.sharedAccount?.owner;
    const declaration = isAccountMember(named)
      ? (declarations.find((d) => d.environment === owner) ?? named)
      : named;
    if (declaration !== named) {
      process.stdout.write(
        `> ${env} shares Databricks account \`${named.databricks.accountId}\` with ${declaration.environment}, ` +
          `whose IdP app and SSO settings its users sign in through: this diagnoses ${declaration.environment}'s.\n\n`,
      );
    }
    const outDir = stringOption(args, 'out') ?? 'cdktf.out';
    const metadataFile = stringOption(args, 'metadata');
    const certificateFile = stringOption(args, 'certificate');
    const consoleFile = stringOption(args, 'console-certificate');
    const diagnosis = diagnose({
      code,
      declaration,
      stack: synthesizedStack(sources, declaration, outDir),
      metadata:
        metadataFile === undefined
          ? undefined
          : { idp: SamlMetadata.fromFile(metadataFile, { at }), source: metadataFile },
      certificate:
        certificateFile === undefined
          ? certificateFromState(declaration, outDir)
          : readCertificateFile(certificateFile, '--certificate', certificateFile),
      consoleCertificate:
        consoleFile === undefined
          ? undefined
          : readCertificateFile(
              consoleFile,
              '--console-certificate',
              `the account console's certificate (${consoleFile})`,
            ),
      group: stringOption(args, 'group'),
      at,
      outputs: SSO_OUTPUTS,
    });
    process.stdout.write(renderDiagnosis(diagnosis));
    return hasFailedCheck(diagnosis) ? EXIT_REJECTED : 0;
  },
};

/** What was synthesized last (and so, most likely, deployed); the declarations themselves when nothing was. */
export function synthesizedStack(
  sources: readonly DeclarationSource[],
  declaration: Declaration,
  outDir: string,
): { json: unknown; source: string } {
  const file = path.join(outDir, 'stacks', declaration.environment, 'cdk.tf.json');
  if (fs.existsSync(file)) {
    try {
      return { json: JSON.parse(fs.readFileSync(file, 'utf8')) as unknown, source: file };
    } catch (error) {
      const reason =
        error instanceof SyntaxError ? 'text that is not JSON' : `error ${(error as Error).message}`;
      throw new ValidationError(file, reason, 'a cdk.tf.json written by `sso synth` or `cdktf synth`');
    }
  }
  // Nothing is written: the stack is rendered straight from the construct tree.
  const stacks = addEnvironments(new App({ outdir: os.tmpdir() }), sources);
  const stack = stacks.find((s) => s.declaration.environment === declaration.environment);
  return { json: stack?.toTerraform(), source: 'the in-memory synthesis of the declarations' };
}

/**
 * The certificate the last `cdktf deploy` output, from a local state next to the synthesized stack.
 * Only that one output is read: state also holds values that must never be printed.
 */
function certificateFromState(declaration: Declaration, outDir: string): KnownCertificate | undefined {
  if (declaration.backend.type !== 'local') return undefined;
  // Where Terraform, run in the stack's working directory, finds it.
  const stateFile = path.resolve(
    outDir,
    'stacks',
    declaration.environment,
    localStatePath(declaration.backend.path, declaration.environment),
  );
  if (!fs.existsSync(stateFile)) return undefined;
  let pem: unknown;
  try {
    const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as {
      outputs?: Record<string, { value?: unknown }>;
    };
    pem = state.outputs?.[SSO_OUTPUTS.certificatePem]?.value;
  } catch {
    throw new ValidationError(stateFile, 'text that is not JSON', 'a Terraform state file');
  }
  if (typeof pem !== 'string') return undefined;
  return readExpectedCertificate(pem, `${stateFile} (output ${SSO_OUTPUTS.certificatePem})`);
}

function readCertificateFile(file: string, flag: string, source: string): KnownCertificate {
  const text = readSmallFile(file, `${flag} ${file}`, 'PEM certificate file', MAX_CERTIFICATE_BYTES);
  return readExpectedCertificate(text.toString('utf8'), source);
}
