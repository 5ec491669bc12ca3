import { createHash } from 'crypto';
import type { CheckStatus } from '../diagnose/checks';
import type { SamlErrorCodeName } from '../diagnose/codes';
import { SynthesizedStack } from '../diagnose/stack';
import type { SsoOutputNames } from '../runbook/runbook';
import {
  checkResponse,
  type CheckerConfig,
  type LoginUser,
  type Permission,
  type ResponseCheck,
} from './checks';
import { idpModel } from './idp-apps';
import { responseXml } from './response-xml';
import { throwawaySigningKey, type SigningKey } from './signing-key';

/** A check of the IdP side that decides whether a response is sent at all, before the response's own checks. */
export interface LoginCheck {
  readonly id: 'sso-url' | 'idp-request' | 'handoff-certificate' | ResponseCheck['id'];
  readonly status: CheckStatus;
  readonly detail: string;
  readonly fix?: string;
}

export interface LoginTestResult {
  readonly environment: string;
  readonly idp: 'okta' | 'entra' | 'metadata';
  readonly accepted: boolean;
  readonly errorCode: SamlErrorCodeName | null;
  readonly checks: readonly LoginCheck[];
  /** What had to be assumed because the synthesized configuration does not say it. */
  readonly assumptions: readonly string[];
  readonly user: LoginUser;
  /** The response that was built, signed (never printed unless asked). */
  readonly xml: string;
}

export interface LoginTestInput {
  readonly environment: string;
  /** The environment's main stack, synthesized. */
  readonly json: unknown;
  readonly outputs: SsoOutputNames;
  readonly at: Date;
  /** Stands in for the IdP's signing key. */
  readonly key: SigningKey;
  /** Another throwaway key, for a handoff whose certificate is not the signing key's. */
  readonly otherKey: () => SigningKey;
  /** From the declaration, when known: the declared attributes and group mappings. */
  readonly attributes?: readonly string[];
  readonly groups?: Readonly<Record<string, Readonly<Record<string, Permission>>>>;
}

const PRE_CHECK_CODES = {
  'sso-url': 'saml_generic_request_error',
  'idp-request': 'saml_generic_request_error',
  'handoff-certificate': 'saml_invalid_signature_error',
} as const;

/**
 * The offline "Test SSO" of one environment: builds the response its IdP app, as synthesized,
 * would send a mapped user, signs it with a throwaway key standing in for the IdP's, and puts it
 * through the checker configured from the SSO settings handoff (entity ID, SSO URL, certificate).
 *
 * @returns undefined for a stack without SAML single sign-on (Azure Databricks, mapping shards)
 */
export function testLogin(input: LoginTestInput): LoginTestResult | undefined {
  const stack = new SynthesizedStack(input.json);
  const redirectUrl = stack.literalOutput(input.outputs.redirectUrl);
  if (redirectUrl === undefined) return undefined;
  // The handoff is the outputs; stacks from before some of them carry the same values in the marker.
  const marker = stack.blocks('resource', 'terraform_data').databricks_sso_settings?.triggers_replace as
    Record<string, unknown> | undefined;
  const fromMarker: Record<string, unknown> = {
    [input.outputs.ssoUrl]: marker?.sso_url,
    [input.outputs.entityId]: marker?.idp_entity_id,
  };
  const output = (name: string): unknown =>
    ((input.json as { output?: Record<string, { value?: unknown }> }).output ?? {})[name]?.value ??
    fromMarker[name];
  const mappedGroups = mappedGroupsOf(stack, input.groups);
  const model = idpModel({
    stack,
    json: input.json,
    redirectUrl,
    certificateOutput: output(input.outputs.certificatePem),
    mappedGroups,
  });
  const entityIdExpression = output(input.outputs.entityId);
  const entityId = model.resolve(entityIdExpression);
  const ssoUrl = model.resolve(output(input.outputs.ssoUrl));
  const handoff = (name: string, expression: unknown) =>
    `output ${name}${typeof expression === 'string' && expression.startsWith('${') ? ` = ${expression}` : ''}`;

  const content = model.kind === 'metadata' ? { ...model.content, issuer: entityId ?? '' } : model.content;
  const ids = createHash('sha256').update(`${input.environment}\0${input.at.toISOString()}`).digest('hex');
  const minute = 60_000;
  const xml = responseXml(
    {
      ...content,
      responseId: `_r${ids.slice(0, 32)}`,
      assertionId: `_a${ids.slice(32, 64)}`,
      issueInstant: input.at,
      notBefore: new Date(input.at.getTime() - 5 * minute),
      notOnOrAfter: new Date(input.at.getTime() + 5 * minute),
    },
    input.key,
  );

  const pre: LoginCheck[] = [
    ssoUrlCheck(
      ssoUrl,
      model.ssoEndpoints,
      handoff(input.outputs.ssoUrl, output(input.outputs.ssoUrl)),
      model.app,
    ),
    model.requestProblem === undefined
      ? {
          id: 'idp-request',
          status: 'passed',
          detail: `${model.app} takes Databricks' request for ${redirectUrl} and answers it`,
        }
      : {
          id: 'idp-request',
          status: 'failed',
          detail: model.requestProblem,
          fix: `Set ${model.app}'s ACS (reply) URL and entity ID to the Databricks Redirect URL, and deploy.`,
        },
    model.handoffCertificate.matches
      ? { id: 'handoff-certificate', status: 'passed', detail: model.handoffCertificate.detail }
      : {
          id: 'handoff-certificate',
          status: 'failed',
          detail: model.handoffCertificate.detail,
          fix: `Hand Databricks the certificate of the key ${model.app} signs with (output ${input.outputs.certificatePem}).`,
        },
  ];
  const certificatePem = model.handoffCertificate.matches
    ? input.key.certificatePem
    : input.otherKey().certificatePem;
  const config: CheckerConfig = {
    redirectUrl,
    ...(entityId !== undefined
      ? { entityId: { value: entityId, source: handoff(input.outputs.entityId, entityIdExpression) } }
      : {}),
    certificate: {
      pem: certificatePem,
      source: `output ${input.outputs.certificatePem}, a throwaway key standing in for the signing key of ${model.app}`,
      fingerprint: false,
    },
    at: input.at,
    atSource: 'the moment of the test login',
    ...(input.attributes !== undefined ? { attributes: input.attributes } : {}),
    ...(input.groups !== undefined ? { groups: input.groups } : {}),
    ...(model.groupAliases !== undefined ? { groupAliases: model.groupAliases } : {}),
  };
  const verdict = checkResponse(xml, config);
  const firstPre = pre.find((c) => c.status === 'failed');
  return {
    environment: input.environment,
    idp: model.kind,
    accepted: firstPre === undefined && verdict.accepted,
    errorCode:
      firstPre !== undefined
        ? PRE_CHECK_CODES[firstPre.id as keyof typeof PRE_CHECK_CODES]
        : verdict.errorCode,
    checks: [...pre, ...verdict.checks],
    assumptions: model.assumptions,
    user: verdict.user,
    xml,
  };
}

function ssoUrlCheck(
  ssoUrl: string | undefined,
  endpoints: readonly string[] | undefined,
  handoff: string,
  app: string,
): LoginCheck {
  if (ssoUrl === undefined) {
    return {
      id: 'sso-url',
      status: 'failed',
      detail: `${handoff} is neither a literal nor an endpoint of ${app}`,
      fix: `Hand Databricks ${app}'s SAML sign-on URL (HTTP-POST binding) as the Single Sign-On URL.`,
    };
  }
  if (endpoints === undefined) {
    return {
      id: 'sso-url',
      status: 'cannot-check',
      detail: `${handoff} is ${ssoUrl}, read from the IdP's metadata; the IdP's own configuration is not visible here`,
    };
  }
  return endpoints.includes(ssoUrl)
    ? { id: 'sso-url', status: 'passed', detail: `${handoff} is ${app}'s sign-on endpoint ${ssoUrl}` }
    : {
        id: 'sso-url',
        status: 'failed',
        detail: `${handoff} is ${ssoUrl}; ${app} takes requests at ${endpoints.join(', ')}`,
        fix: `Hand Databricks ${app}'s SAML sign-on URL (HTTP-POST binding) as the Single Sign-On URL.`,
      };
}

/** The groups the stack maps: its IdP group lookups, or its Databricks groups for metadata IdPs. */
function mappedGroupsOf(
  stack: SynthesizedStack,
  declared: Readonly<Record<string, unknown>> | undefined,
): string[] {
  const names = new Set<string>(Object.keys(declared ?? {}));
  const blocks = [
    ...Object.values(stack.blocks('data', 'okta_group')),
    ...Object.values(stack.blocks('data', 'azuread_group')),
    ...Object.values(stack.blocks('data', 'databricks_group')),
    ...Object.values(stack.blocks('resource', 'databricks_group')),
  ];
  for (const block of blocks) {
    for (const key of forEachKeys(block.for_each)) names.add(key);
    // A block of the group's own (today's layout) names it; one `for_each` over every group was the earlier one.
    const name = block.for_each === undefined ? (block.name ?? block.display_name) : undefined;
    if (typeof name === 'string' && !name.includes('${')) names.add(name);
  }
  return [...names].sort();
}

function forEachKeys(forEach: unknown): string[] {
  if (forEach !== null && typeof forEach === 'object' && !Array.isArray(forEach)) return Object.keys(forEach);
  const list = typeof forEach === 'string' ? /^\$\{toset\((\[.*\])\)\}$/s.exec(forEach)?.[1] : undefined;
  if (list === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(list);
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export interface LoginTestsOptions {
  readonly at: Date;
  readonly outputs: SsoOutputNames;
  /** Declared attributes and group mappings, by environment, when the declarations are known. */
  readonly declared?: ReadonlyMap<string, Pick<LoginTestInput, 'attributes' | 'groups'>>;
}

/**
 * Test-logs-in every SAML environment of a synthesized output, with one throwaway key for all.
 *
 * @returns the results, and the environments without SAML single sign-on in their stack
 */
export function testLogins(
  environments: readonly { readonly name: string; readonly json: unknown }[],
  options: LoginTestsOptions,
): { results: LoginTestResult[]; skipped: string[] } {
  let key: SigningKey | undefined;
  let other: SigningKey | undefined;
  const results: LoginTestResult[] = [];
  const skipped: string[] = [];
  for (const environment of environments) {
    key ??= throwawaySigningKey('sso test-login stand-in IdP', options.at);
    const result = testLogin({
      environment: environment.name,
      json: environment.json,
      outputs: options.outputs,
      at: options.at,
      key,
      otherKey: () => (other ??= throwawaySigningKey('a key the IdP does not sign with', options.at)),
      ...(options.declared?.get(environment.name) ?? {}),
    });
    if (result === undefined) skipped.push(environment.name);
    else results.push(result);
  }
  return { results, skipped };
}
