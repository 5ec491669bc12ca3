import type { Declaration } from '../declaration/schema';
import { describeValue, ValidationError } from '../errors';
import type { SamlIdpMetadata } from '../metadata';
import { idpView } from '../runbook/idp';
import type { SsoOutputNames } from '../runbook/runbook';
import { CHECKS, type CheckResult, type KnownCertificate } from './checks';
import { SAML_ERROR_CODES, type SamlErrorCodeName } from './codes';
import { SynthesizedStack } from './stack';

export interface DiagnoseInput {
  readonly code: SamlErrorCodeName;
  readonly declaration: Declaration;
  /** The environment's synthesized Terraform JSON, and where it came from (a file, or in-memory synthesis). */
  readonly stack: { readonly json: unknown; readonly source: string };
  /** The IdP's current metadata, read with the `at` clock. */
  readonly metadata?: { readonly idp: SamlIdpMetadata; readonly source: string };
  /** The certificate the account console should hold, from `terraform output` (Okta and Entra generate theirs). */
  readonly certificate?: KnownCertificate;
  /** The certificate the account console does hold, copied from it. */
  readonly consoleCertificate?: KnownCertificate;
  /** The IdP group of the user who failed to sign in. */
  readonly group?: string;
  readonly at: Date;
  readonly outputs: SsoOutputNames;
}

export interface Diagnosis {
  readonly code: SamlErrorCodeName;
  readonly environment: string;
  readonly meaning: string;
  readonly results: readonly CheckResult[];
  /** The failed checks' fixes; the code's general advice when no check failed. */
  readonly nextSteps: readonly string[];
}

/**
 * Runs the checks that can explain a Databricks SAML error code for one environment, against its
 * declaration, its synthesized configuration and, when given, the IdP's current metadata.
 *
 * @throws ValidationError for an environment without SAML single sign-on (Azure Databricks)
 */
export function diagnose(input: DiagnoseInput): Diagnosis {
  const d = input.declaration;
  // Typed as optional: Azure Databricks declarations have none.
  const redirectUrl: string | undefined = d.databricks.redirectUrl;
  if (redirectUrl === undefined) {
    throw new ValidationError(
      `${d.environment}: databricks.cloud`,
      describeValue(d.databricks.cloud),
      'an environment with SAML single sign-on (Azure Databricks signs in through Entra ID natively)',
    );
  }
  const code = SAML_ERROR_CODES[input.code];
  const context = {
    d,
    idp: idpView(d),
    redirectUrl,
    stack: new SynthesizedStack(input.stack.json),
    stackSource: input.stack.source,
    metadata: input.metadata,
    certificate: input.certificate,
    consoleCertificate: input.consoleCertificate,
    group: input.group,
    at: input.at,
    outputs: input.outputs,
  };
  const results = code.checks.map((id) => CHECKS[id](context));
  const fixes = results.filter((r) => r.status === 'failed').map((r) => r.fix ?? r.detail);
  return {
    code: input.code,
    environment: d.environment,
    meaning: code.meaning,
    results,
    nextSteps: fixes.length > 0 ? [...new Set(fixes)] : [code.nextStep.replace(/<env>/g, d.environment)],
  };
}

export function hasFailedCheck(diagnosis: Diagnosis): boolean {
  return diagnosis.results.some((r) => r.status === 'failed');
}

/** Markdown: meaning, one line per check, then what to do. */
export function renderDiagnosis(diagnosis: Diagnosis): string {
  const mark = { passed: 'passed', failed: 'FAILED', 'cannot-check': 'cannot check' } as const;
  const lines = [
    `# ${diagnosis.code} in ${diagnosis.environment}`,
    '',
    diagnosis.meaning,
    '',
    '## Checks',
    '',
    ...diagnosis.results.flatMap((r) => [
      `- **${mark[r.status]}**: ${r.check}: ${r.detail}`,
      ...(r.status === 'cannot-check' && r.fix !== undefined ? [`  - by hand: ${r.fix}`] : []),
    ]),
    '',
    '## Next step',
    '',
    ...diagnosis.nextSteps.map((step, i) => `${i + 1}. ${step}`),
    '',
  ];
  return lines.join('\n');
}
