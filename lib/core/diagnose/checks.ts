import type { Declaration } from '../declaration/schema';
import type { SamlIdpMetadata } from '../metadata';
import type { IdpView } from '../runbook/idp';
import type { SsoOutputNames } from '../runbook/runbook';
import { literal, SynthesizedStack } from './stack';

export type CheckStatus = 'passed' | 'failed' | 'cannot-check';

export interface CheckResult {
  /** What was checked, as a short noun phrase: "signing certificate". */
  readonly check: string;
  readonly status: CheckStatus;
  /** The evidence: values compared and where they came from. */
  readonly detail: string;
  /** What to do about a failure, or how to check by hand what could not be checked here. */
  readonly fix?: string;
}

/** A certificate with where it was read from, for messages. */
export interface KnownCertificate {
  readonly sha256: string;
  readonly notAfter: string;
  readonly source: string;
}

export interface CheckContext {
  readonly d: Declaration;
  readonly idp: IdpView;
  /** The Databricks Redirect URL: SAML environments always declare one. */
  readonly redirectUrl: string;
  readonly stack: SynthesizedStack;
  /** Where the synthesized stack came from, for messages. */
  readonly stackSource: string;
  readonly metadata?: { readonly idp: SamlIdpMetadata; readonly source: string };
  /** The certificate the account console should hold (`--certificate`, from `terraform output`). */
  readonly certificate?: KnownCertificate;
  /** The certificate the account console does hold, as copied from it (`--console-certificate`). */
  readonly consoleCertificate?: KnownCertificate;
  readonly group?: string;
  readonly at: Date;
  readonly outputs: SsoOutputNames;
}

export type CheckId =
  | 'configuration'
  | 'console-state'
  | 'unified-login'
  | 'sso-url'
  | 'entity-id'
  | 'signing-certificate'
  | 'console-certificate'
  | 'certificate-validity'
  | 'response-signed'
  | 'assertion-signed'
  | 'signature-algorithm'
  | 'name-id'
  | 'acs-url'
  | 'group-mapped'
  | 'group-provisioned'
  | 'clock-skew';

export const CHECKS: Readonly<Record<CheckId, (c: CheckContext) => CheckResult>> = {
  configuration,
  'console-state': consoleState,
  'unified-login': unifiedLogin,
  'sso-url': ssoUrl,
  'entity-id': entityId,
  'signing-certificate': signingCertificate,
  'console-certificate': consoleCertificate,
  'certificate-validity': certificateValidity,
  'response-signed': (c) => oktaFlag(c, 'response_signed', 'SAML response signed'),
  'assertion-signed': (c) => oktaFlag(c, 'assertion_signed', 'SAML assertion signed'),
  'signature-algorithm': signatureAlgorithm,
  'name-id': nameId,
  'acs-url': acsUrl,
  'group-mapped': groupMapped,
  'group-provisioned': groupProvisioned,
  'clock-skew': clockSkew,
};

const EMAIL_NAME_ID = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

function passed(check: string, detail: string): CheckResult {
  return { check, status: 'passed', detail };
}

function failed(check: string, detail: string, fix: string): CheckResult {
  return { check, status: 'failed', detail, fix };
}

function cannotCheck(check: string, detail: string, fix: string): CheckResult {
  return { check, status: 'cannot-check', detail, fix };
}

function output(name: string): string {
  return `\`terraform output -raw ${name}\``;
}

function oktaApps(c: CheckContext): [string, Readonly<Record<string, unknown>>][] {
  return Object.entries(c.stack.blocks('resource', 'okta_app_saml'));
}

function notManagedHere(c: CheckContext, check: string, what: string): CheckResult {
  return cannotCheck(
    check,
    `${c.idp.name} holds this setting outside the synthesized configuration`,
    `Check ${what} in ${c.idp.appSettings}.`,
  );
}

/** The synthesized stack describes the declaration: a stale `cdktf.out` would make every other check moot. */
function configuration(c: CheckContext): CheckResult {
  const check = 'synthesized configuration matches the declaration';
  const synthesized = c.stack.literalOutput(c.outputs.redirectUrl);
  const stale = `Run \`npx sso synth\` (or pass --out with the directory that was deployed) and diagnose again.`;
  if (synthesized !== c.redirectUrl) {
    return failed(
      check,
      `${c.stackSource} has Redirect URL ${JSON.stringify(synthesized ?? null)}, the declaration ${JSON.stringify(c.redirectUrl)}`,
      stale,
    );
  }
  const generation = c.d.signingKey?.generation;
  const keyNames = oktaApps(c).map(([, app]) => app.key_name);
  if (generation !== undefined && keyNames.some((name) => name !== generation)) {
    return failed(
      check,
      `${c.stackSource} signs with key ${keyNames.map((n) => JSON.stringify(n)).join(', ')}, the declaration with ${JSON.stringify(generation)}`,
      stale,
    );
  }
  const what = keyNames.length > 0 ? 'Redirect URL and signing key' : 'Redirect URL';
  return passed(check, `${c.stackSource} carries the declared ${what}`);
}

function consoleState(c: CheckContext): CheckResult {
  return cannotCheck(
    'SSO enabled in the account console',
    'Databricks has no API for the account-console SAML settings',
    `Open the account console > Settings > Authentication: single sign-on must show SAML 2.0 and Enabled. ` +
      `If it does not, follow \`npx sso runbook --env ${c.d.environment} --change initial\`.`,
  );
}

function unifiedLogin(c: CheckContext): CheckResult {
  const workspaces = Object.keys(c.d.databricks.workspaces).sort().join(', ');
  return cannotCheck(
    'unified login for the workspaces',
    'Databricks has no API for unified login',
    `Account console > Settings > Authentication > Unified login must include ${workspaces}.`,
  );
}

function ssoUrl(c: CheckContext): CheckResult {
  const check = 'IdP SSO URL';
  if (c.metadata === undefined) {
    return cannotCheck(
      check,
      'no IdP metadata given',
      `Pass --metadata with the IdP's current metadata, or compare ${output(c.outputs.ssoUrl)} with the ` +
        'Single Sign-On URL in the account console.',
    );
  }
  const urls = [c.metadata.idp.ssoUrls.post, c.metadata.idp.ssoUrls.redirect].filter(
    (u): u is string => u !== undefined,
  );
  const shown = urls.map((u) => JSON.stringify(u)).join(' / ') || 'none';
  const expected = c.stack.literalOutput(c.outputs.ssoUrl);
  if (expected !== undefined) {
    return urls.includes(expected)
      ? passed(
          check,
          `${c.metadata.source} lists ${JSON.stringify(expected)}, the URL the configuration expects`,
        )
      : failed(
          check,
          `${c.metadata.source} lists ${shown}; the configuration expects ${JSON.stringify(expected)}`,
          'Update the declared IdP (or its metadata file), deploy, and paste the new Single Sign-On URL in the ' +
            'account console.',
        );
  }
  const host = oktaHost(c);
  if (host !== undefined) {
    const onHost = urls.filter((u) => hostOf(u) === host);
    return onHost.length > 0
      ? passed(check, `${c.metadata.source} lists ${shown}, on the declared Okta org ${host}`)
      : failed(
          check,
          `${c.metadata.source} lists ${shown}, not on the declared Okta org ${host}`,
          `Download the metadata of ${c.idp.app} (${c.idp.metadataExport}), or fix idp.orgName in the declaration.`,
        );
  }
  return cannotCheck(
    check,
    `the SSO URL is only known after apply; ${c.metadata.source} lists ${shown}`,
    `Compare ${output(c.outputs.ssoUrl)} with ${shown} and with the account console.`,
  );
}

function oktaHost(c: CheckContext): string | undefined {
  const idp: { kind: string; orgName?: string; baseUrl?: string } = c.d.idp;
  return idp.kind === 'okta' && idp.orgName !== undefined
    ? `${idp.orgName}.${idp.baseUrl ?? 'okta.com'}`
    : undefined;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

function entityId(c: CheckContext): CheckResult {
  const check = 'IdP entity ID (issuer)';
  if (c.metadata === undefined) {
    return cannotCheck(
      check,
      'no IdP metadata given',
      `Pass --metadata, or compare ${output(c.outputs.entityId)} with the Identity Provider Entity ID in ` +
        'the account console.',
    );
  }
  const actual = c.metadata.idp.entityId;
  const expected = c.stack.literalOutput(c.outputs.entityId);
  if (expected === undefined) {
    return cannotCheck(
      check,
      `the entity ID is only known after apply; ${c.metadata.source} has ${JSON.stringify(actual)}`,
      `Compare ${output(c.outputs.entityId)} with ${JSON.stringify(actual)} and with the account console.`,
    );
  }
  return actual === expected
    ? passed(check, `${c.metadata.source} has ${JSON.stringify(actual)}, as the configuration expects`)
    : failed(
        check,
        `${c.metadata.source} has ${JSON.stringify(actual)}; the configuration expects ${JSON.stringify(expected)}`,
        'Paste the entity ID the IdP uses as its issuer into the account console, and fix the declaration if ' +
          'the IdP changed.',
      );
}

/** The certificate the console should hold: given on the command line, or known at synthesis (metadata IdPs). */
function expectedCertificate(c: CheckContext): { sha256: string; source: string } | undefined {
  if (c.certificate !== undefined) return c.certificate;
  const sha256 = c.stack.literalOutput(c.outputs.certificateSha256);
  return sha256 === undefined
    ? undefined
    : { sha256, source: `${c.stackSource} (${c.outputs.certificateSha256})` };
}

function signingCertificate(c: CheckContext): CheckResult {
  const check = 'the IdP signs with the deployed certificate';
  const expected = expectedCertificate(c);
  const pem = `${c.d.environment}-idp.pem`;
  const howToGet =
    `Save the certificate Databricks should hold with \`terraform output -raw ${c.outputs.certificatePem} > ` +
    `${pem}\` and pass --certificate ${pem}`;
  if (c.metadata === undefined) {
    return cannotCheck(
      check,
      'no IdP metadata given',
      `Pass --metadata with the IdP's current metadata${expected === undefined ? `; ${howToGet}` : ''}.`,
    );
  }
  const signing = c.metadata.idp.signingCertificates;
  const listed = signing.map((s) => s.sha256).join(', ') || 'none';
  if (expected === undefined) {
    return cannotCheck(
      check,
      `${c.idp.name} generates its certificate at apply time; ${c.metadata.source} signs with ${listed}`,
      `${howToGet}.`,
    );
  }
  const match = signing.find((s) => s.sha256 === expected.sha256);
  if (match !== undefined) {
    const others = signing.length > 1 ? ` (one of ${signing.length} listed: a rotation overlap)` : '';
    return passed(
      check,
      `compared the signing certificates of ${c.metadata.source} with ${expected.source}: the IdP signs with ` +
        `${match.sha256}, the deployed one${others}. This proves the IdP and the deployment agree; it cannot ` +
        'prove that the account console holds that certificate (see the account-console check)',
    );
  }
  const replace =
    'then replace the x.509 certificate in the account console right away: the change-window steps of ' +
    `\`npx sso runbook --env ${c.d.environment} --change rotation\`.`;
  return failed(
    check,
    `compared the signing certificates of ${c.metadata.source} (${listed}) with ${expected.source} ` +
      `(${expected.sha256}): the IdP does not sign with the deployed certificate`,
    c.idp.fingerprintOutput
      ? 'The IdP signs with a certificate the declared metadata does not hold: export its current metadata ' +
          `over the declared file, set a new signingKey, deploy, ${replace}`
      : `The IdP signs with a certificate Databricks does not hold: paste its current one ` +
          `(\`terraform output -raw ${c.outputs.certificatePem}\` after a deploy of the declared key), ${replace}`,
  );
}

/**
 * What the account console holds, the usual culprit of `saml_invalid_signature_error`: a rotation
 * whose console step was skipped leaves `terraform output` and the IdP's metadata in agreement
 * while the console keeps the old certificate. Only the console's own copy can show it.
 */
function consoleCertificate(c: CheckContext): CheckResult {
  const check = 'the account console holds the certificate the IdP signs with';
  const held = c.consoleCertificate;
  const file = `${c.d.environment}-console.pem`;
  const copy =
    'Copy the x.509 certificate the account console shows (Settings > Authentication > Single sign-on) into ' +
    `${file} and pass --console-certificate ${file}`;
  if (held === undefined) {
    return cannotCheck(
      check,
      'no certificate from the account console given. A rotation whose console step was skipped is the usual ' +
        "cause of a signature error, and then the certificate from `terraform output` matches the IdP's " +
        'metadata while the console still holds the old one: neither can prove what the console holds',
      `${copy}.`,
    );
  }
  const replace =
    `Replace the x.509 certificate in the account console with ${output(c.outputs.certificatePem)}, then Test SSO ` +
    `and Enable SSO: the change-window steps of \`npx sso runbook --env ${c.d.environment} --change rotation\`.`;
  const signing = c.metadata?.idp.signingCertificates ?? [];
  if (c.metadata !== undefined && signing.length > 0) {
    const listed = signing.map((s) => s.sha256).join(', ');
    return signing.some((s) => s.sha256 === held.sha256)
      ? passed(
          check,
          `compared ${held.source} (${held.sha256}) with the signing certificates of ${c.metadata.source}: the ` +
            'console holds the certificate the IdP signs with',
        )
      : failed(
          check,
          `compared ${held.source} (${held.sha256}) with the signing certificates of ${c.metadata.source} ` +
            `(${listed}): the console holds a certificate the IdP does not sign with, typically because the console ` +
            'step of a rotation was skipped',
          replace,
        );
  }
  const expected = expectedCertificate(c);
  if (expected === undefined) {
    return cannotCheck(
      check,
      `${held.source} holds ${held.sha256}; nothing to compare it with`,
      "Pass --metadata with the IdP's current metadata (or --certificate with the deployed one).",
    );
  }
  return held.sha256 === expected.sha256
    ? passed(
        check,
        `compared ${held.source} (${held.sha256}) with ${expected.source}: the console holds the deployed ` +
          'certificate (pass --metadata to check that the IdP signs with it)',
      )
    : failed(
        check,
        `compared ${held.source} (${held.sha256}) with ${expected.source} (${expected.sha256}): the console ` +
          'does not hold the deployed certificate, typically because the console step of a rotation was skipped',
        replace,
      );
}

function certificateValidity(c: CheckContext): CheckResult {
  const check = 'certificate validity';
  const now = c.at.toISOString();
  const dates: { what: string; notAfter: string }[] = [];
  if (c.certificate !== undefined)
    dates.push({ what: c.certificate.source, notAfter: c.certificate.notAfter });
  if (c.consoleCertificate !== undefined)
    dates.push({ what: c.consoleCertificate.source, notAfter: c.consoleCertificate.notAfter });
  for (const s of c.metadata?.idp.signingCertificates ?? []) {
    dates.push({
      what: `${c.metadata?.source} certificate ${s.sha256.slice(0, 11)}...`,
      notAfter: s.notAfter,
    });
  }
  if (dates.length === 0) {
    return cannotCheck(
      check,
      'no certificate or IdP metadata given',
      'Pass --metadata, --certificate or --console-certificate.',
    );
  }
  const expired = dates.filter((d) => d.notAfter < now);
  if (expired.length === 0) {
    return passed(check, dates.map((d) => `${d.what} valid until ${d.notAfter}`).join('; '));
  }
  return failed(
    check,
    expired.map((d) => `${d.what} expired on ${d.notAfter}`).join('; '),
    `Rotate now: \`npx sso runbook --env ${c.d.environment} --change rotation\`.`,
  );
}

function oktaFlag(
  c: CheckContext,
  field: 'response_signed' | 'assertion_signed',
  check: string,
): CheckResult {
  const apps = oktaApps(c);
  if (apps.length === 0) return notManagedHere(c, check, `that the ${check.replace('SAML ', '')} is on`);
  const off = apps.filter(([, app]) => app[field] !== true);
  if (off.length === 0)
    return passed(check, `okta_app_saml ${apps.map(([n]) => n).join(', ')}: ${field} = true`);
  return failed(
    check,
    `okta_app_saml ${off.map(([n]) => n).join(', ')}: ${field} = ${JSON.stringify(off[0]?.[1][field] ?? null)}`,
    `Set ${field} back to true in the IdP construct and deploy; if the configuration is right, the app drifted ` +
      `in the Okta console: \`npx cdktf diff ${c.d.environment}\` shows it and a deploy restores it.`,
  );
}

function signatureAlgorithm(c: CheckContext): CheckResult {
  const check = 'signature and digest algorithms';
  const apps = oktaApps(c);
  if (apps.length === 0)
    return notManagedHere(c, check, 'that responses are signed with RSA-SHA256 and SHA-256');
  const wrong = apps.filter(
    ([, app]) => app.signature_algorithm !== 'RSA_SHA256' || app.digest_algorithm !== 'SHA256',
  );
  if (wrong.length === 0) return passed(check, 'okta_app_saml: RSA_SHA256 signature, SHA256 digest');
  const [name, app] = wrong[0] as [string, Readonly<Record<string, unknown>>];
  return failed(
    check,
    `okta_app_saml ${name}: signature ${JSON.stringify(app.signature_algorithm ?? null)}, digest ${JSON.stringify(app.digest_algorithm ?? null)}`,
    'Sign with RSA_SHA256 and digest with SHA256, then deploy.',
  );
}

function nameId(c: CheckContext): CheckResult {
  const check = 'NameID (the user email)';
  const apps = oktaApps(c);
  if (apps.length === 0) return notManagedHere(c, check, "that the NameID is the user's email address");
  const wrong = apps.filter(
    ([, app]) =>
      typeof app.subject_name_id_template !== 'string' ||
      app.subject_name_id_template.trim() === '' ||
      app.subject_name_id_format !== EMAIL_NAME_ID,
  );
  if (wrong.length === 0) {
    const [, app] = apps[0] as [string, Readonly<Record<string, unknown>>];
    const template = literal(String(app.subject_name_id_template)) ?? String(app.subject_name_id_template);
    return passed(check, `okta_app_saml: NameID ${template} in the emailAddress format`);
  }
  const [name, app] = wrong[0] as [string, Readonly<Record<string, unknown>>];
  return failed(
    check,
    `okta_app_saml ${name}: template ${JSON.stringify(app.subject_name_id_template ?? null)}, format ${JSON.stringify(app.subject_name_id_format ?? null)}`,
    "Send the user's email as NameID (Okta template ${user.email}, format " + `${EMAIL_NAME_ID}) and deploy.`,
  );
}

function acsUrl(c: CheckContext): CheckResult {
  const check = 'ACS, recipient, destination and audience';
  const url = c.redirectUrl;
  const apps = oktaApps(c);
  if (apps.length > 0) {
    const fields = ['sso_url', 'recipient', 'destination', 'audience'];
    const wrong = apps.flatMap(([name, app]) =>
      fields
        .filter((f) => app[f] !== url)
        .map((f) => `okta_app_saml ${name}.${f} = ${JSON.stringify(app[f] ?? null)}`),
    );
    return wrong.length === 0
      ? passed(check, `okta_app_saml: all four are the Databricks Redirect URL ${url}`)
      : failed(
          check,
          `${wrong.join('; ')}; expected ${url}`,
          'Set them to the Databricks Redirect URL and deploy.',
        );
  }
  const entra = Object.entries(c.stack.blocks('resource', 'azuread_application'));
  if (entra.length > 0) {
    const wrong = entra.filter(([, app]) => !JSON.stringify(app.web ?? null).includes(JSON.stringify(url)));
    return wrong.length === 0
      ? passed(check, `azuread_application: the reply URL is the Databricks Redirect URL ${url}`)
      : failed(
          check,
          `azuread_application ${wrong.map(([n]) => n).join(', ')} has no reply URL ${url}`,
          'Set the reply URL (ACS) to the Databricks Redirect URL and deploy.',
        );
  }
  return cannotCheck(
    check,
    `${c.idp.name} holds them outside the synthesized configuration`,
    `In ${c.idp.appSettings}, the ACS URL, recipient, destination and audience must all be ${url}.`,
  );
}

function groupMapped(c: CheckContext): CheckResult {
  const check = "the user's group is mapped and assigned to the IdP app";
  const group = c.group;
  if (group === undefined) {
    return cannotCheck(
      check,
      'no group given',
      'Pass --group with the IdP group of the user who cannot sign in.',
    );
  }
  const mapping = c.d.groups[group];
  if (mapping === undefined) {
    const nearly = Object.keys(c.d.groups).find((g) => g.toLowerCase() === group.toLowerCase());
    return failed(
      check,
      `${JSON.stringify(group)} is not in the ${c.d.environment} declaration's groups` +
        (nearly === undefined ? '' : ` (${JSON.stringify(nearly)} is: group names are compared exactly)`),
      'Map the group in the declaration (groups.<name>.workspaces) and deploy, or add the user to a mapped group.',
    );
  }
  if (Object.keys(mapping.workspaces).length === 0) {
    return failed(
      check,
      `${JSON.stringify(group)} is declared but assigned to no workspace`,
      'Give the group a workspace permission in the declaration and deploy.',
    );
  }
  const lookups = [
    ...Object.values(c.stack.blocks('data', 'okta_group')).map((block) => ({ block, attribute: 'name' })),
    ...Object.values(c.stack.blocks('data', 'azuread_group')).map((block) => ({
      block,
      attribute: 'display_name',
    })),
  ];
  if (lookups.length === 0) {
    return cannotCheck(
      check,
      `${JSON.stringify(group)} is mapped to ${Object.keys(mapping.workspaces).sort().join(', ')}; the IdP's app assignments are outside this configuration`,
      `Check in ${c.idp.appSettings} that the group is assigned to ${c.idp.app}.`,
    );
  }
  return lookups.some(({ block, attribute }) => SynthesizedStack.isAbout(block, attribute, group))
    ? passed(
        check,
        `${JSON.stringify(group)} is mapped to ${Object.keys(mapping.workspaces).sort().join(', ')} and assigned to ${c.idp.app}`,
      )
    : failed(
        check,
        `${JSON.stringify(group)} is declared, but ${c.stackSource} does not assign it to ${c.idp.app}`,
        'Run `npx sso synth` and deploy: the synthesized configuration is older than the declaration.',
      );
}

function groupProvisioned(c: CheckContext): CheckResult {
  const check = 'the group is provisioned in the Databricks account';
  const group = c.group;
  const mapping = group === undefined ? undefined : c.d.groups[group];
  if (group === undefined || mapping === undefined) {
    return cannotCheck(check, 'no mapped group given', 'Pass --group with a group of the declaration.');
  }
  if (mapping.source === 'terraform') {
    const created = Object.entries(c.stack.blocks('resource', 'databricks_group')).find(([, block]) =>
      SynthesizedStack.isAbout(block, 'display_name', group),
    );
    return created
      ? passed(
          check,
          `${JSON.stringify(group)} is created by databricks_group.${created[0]}; its members are managed in Databricks, ` +
            'so the user must be added there',
        )
      : failed(
          check,
          `${JSON.stringify(group)} is declared source: terraform but ${c.stackSource} does not create it`,
          'Run `npx sso synth` and deploy.',
        );
  }
  return cannotCheck(
    check,
    `${JSON.stringify(group)} is synced by SCIM, whose state is not visible from here`,
    `Account console > User management > Groups must list ${JSON.stringify(group)} with the user as a member; ` +
      "if not, check the IdP's SCIM provisioning (pushed groups, provisioning errors).",
  );
}

function clockSkew(c: CheckContext): CheckResult {
  const selfHosted = c.idp.kind === 'metadata';
  return cannotCheck(
    'clock skew between the IdP and Databricks',
    'assertions are valid for a few minutes only (NotBefore / NotOnOrAfter)',
    selfHosted
      ? `Check that ${c.idp.name} keeps its clock with NTP (a self-hosted IdP minutes off makes every assertion ` +
          'expired or not yet valid), then sign in again from the workspace URL, not from a bookmark or the back button.'
      : 'Sign in again from the workspace URL, not from a bookmark or the back button; hosted IdPs keep their ' +
          'clocks, so a repeat means a replayed or slow sign-in.',
  );
}
