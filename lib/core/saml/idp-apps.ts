import { createHash } from 'crypto';
import { literal, SynthesizedStack } from '../diagnose/stack';
import { ALGORITHMS, EMAIL_NAME_ID, ENTRA_GROUPS_CLAIM, UNSPECIFIED_NAME_FORMAT } from './names';
import type { ResponseSpec } from './response-xml';

/*
 * What an IdP app, as synthesized, would send Databricks for one user: read from the Terraform
 * JSON of okta_app_saml, the Entra application and its claims mapping policy, or, for a metadata
 * IdP configured by hand, assumed from what the stack tells its administrators.
 */

/** The stand-in user test-login signs in: a member of every mapped group and of one that is not. */
export const TEST_USER = {
  email: 'test-login.user@example.com',
  firstName: 'Test',
  lastName: 'User',
  unmappedGroup: 'Everyone',
} as const;

export type ResponseContent = Omit<
  ResponseSpec,
  'responseId' | 'assertionId' | 'issueInstant' | 'notBefore' | 'notOnOrAfter'
>;

export interface IdpModel {
  readonly kind: 'okta' | 'entra' | 'metadata';
  /** The app's Terraform address, or what stands for it. */
  readonly app: string;
  readonly content: ResponseContent;
  /** The URLs at which the app takes Databricks' AuthnRequest; undefined when not known (metadata IdPs). */
  readonly ssoEndpoints?: readonly string[];
  /** Why the IdP would refuse Databricks' AuthnRequest instead of answering, if it would. */
  readonly requestProblem?: string;
  /** Whether the certificate handed to Databricks is the one of the key the app signs with, and why. */
  readonly handoffCertificate: { readonly matches: boolean; readonly detail: string };
  /** Values the IdP sends for a group -> the group's name (Entra sends object IDs). */
  readonly groupAliases?: ReadonlyMap<string, string>;
  readonly assumptions: readonly string[];
  /** Resolves a handoff output: a literal, or a computed attribute of the app to its stand-in value. */
  readonly resolve: (value: unknown) => string | undefined;
}

export interface ModelInput {
  readonly stack: SynthesizedStack;
  readonly json: unknown;
  readonly redirectUrl: string;
  /** The output holding the certificate Databricks is given. */
  readonly certificateOutput: unknown;
  /** Groups the stack maps (and assigns to the app). */
  readonly mappedGroups: readonly string[];
}

/** The IdP model of a SAML environment's stack, by the kind of app it synthesizes. */
export function idpModel(input: ModelInput): IdpModel {
  const okta = Object.entries(input.stack.blocks('resource', 'okta_app_saml'))[0];
  if (okta !== undefined) return oktaModel(input, okta[0], okta[1]);
  const entra = Object.entries(input.stack.blocks('resource', 'azuread_application')).find(
    ([, app]) => Array.isArray(app.identifier_uris) && app.identifier_uris.length > 0,
  );
  if (entra !== undefined) return entraModel(input, entra[0], entra[1]);
  return metadataModel(input);
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? (literal(value) ?? value) : undefined;

function hash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex');
}

function literalResolver(
  extra: (expression: string) => string | undefined,
): (value: unknown) => string | undefined {
  return (value) => {
    if (typeof value !== 'string') return undefined;
    return literal(value) ?? extra(value);
  };
}

// ---------------------------------------------------------------- Okta

const OKTA_COMPUTED =
  /^\$\{okta_app_saml\.([A-Za-z0-9_-]+)\.(entity_url|entity_key|http_post_binding|http_redirect_binding)\}$/;

function oktaModel(input: ModelInput, name: string, app: Readonly<Record<string, unknown>>): IdpModel {
  const address = `okta_app_saml.${name}`;
  const provider = (input.json as { provider?: { okta?: { org_name?: unknown; base_url?: unknown }[] } })
    .provider?.okta?.[0];
  const host = `${text(provider?.org_name) ?? 'okta-org'}.${text(provider?.base_url) ?? 'okta.com'}`;
  // Okta computes these at apply; the stand-ins have their shape, derived from the app's address.
  const entityKey = `exk${hash(address).slice(0, 17)}`;
  const slug = (text(app.label) ?? name).toLowerCase().replace(/[^a-z0-9]+/g, '');
  const computed: Record<string, string> = {
    entity_key: entityKey,
    entity_url: `http://www.okta.com/${entityKey}`,
    http_post_binding: `https://${host}/app/${slug}/${entityKey}/sso/saml`,
    http_redirect_binding: `https://${host}/app/${slug}/${entityKey}/sso/saml`,
  };
  const resolve = literalResolver((expression) => {
    const match = OKTA_COMPUTED.exec(expression);
    return match !== null && match[1] === name ? computed[match[2] as string] : undefined;
  });
  const assumptions: string[] = [
    `${address}'s entity_url, http_post_binding and certificate are computed by Okta at apply: stand-ins of their shape are used (issuer ${computed.entity_url})`,
  ];
  const profile: Record<string, string> = {
    email: TEST_USER.email,
    login: TEST_USER.email,
    userName: TEST_USER.email,
    firstName: TEST_USER.firstName,
    lastName: TEST_USER.lastName,
    displayName: `${TEST_USER.firstName} ${TEST_USER.lastName}`,
    department: 'Data Platform',
    employeeNumber: '1001',
  };
  const template = text(app.subject_name_id_template);
  const nameIdValue =
    template === undefined || template.trim() === '' ? undefined : evaluateTemplate(template, profile);
  if (template !== undefined && template.trim() !== '' && nameIdValue === undefined) {
    assumptions.push(
      `the NameID template ${JSON.stringify(template)} is not evaluated offline: sent as written`,
    );
  }
  const userGroups = [...input.mappedGroups, TEST_USER.unmappedGroup];
  const attributes = (Array.isArray(app.attribute_statements) ? app.attribute_statements : []).flatMap(
    (statement: Record<string, unknown>) => {
      const attributeName = text(statement.name) ?? '';
      const nameFormat = text(statement.namespace) ?? UNSPECIFIED_NAME_FORMAT;
      if (statement.type === 'GROUP') {
        const values = userGroups.filter((g) =>
          groupFilter(text(statement.filter_type), text(statement.filter_value))(g),
        );
        // Okta leaves out a group statement that matches none of the user's groups.
        return values.length === 0 ? [] : [{ name: attributeName, nameFormat, values }];
      }
      const values = (Array.isArray(statement.values) ? statement.values : []).map((v: unknown) => {
        const expression = text(v) ?? '';
        const value = evaluateExpression(expression, profile);
        if (value === undefined)
          assumptions.push(
            `the attribute expression ${JSON.stringify(expression)} is not evaluated offline: sent as written`,
          );
        return value ?? expression;
      });
      return [{ name: attributeName, nameFormat, values }];
    },
  );
  const ssoUrl = text(app.sso_url);
  return {
    kind: 'okta',
    app: address,
    content: {
      issuer: computed.entity_url as string,
      destination: text(app.destination) ?? '',
      recipient: text(app.recipient) ?? '',
      audience: text(app.audience) ?? '',
      ...(template === undefined || template.trim() === ''
        ? {}
        : {
            nameId: {
              value: nameIdValue ?? template,
              format:
                text(app.subject_name_id_format) ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
            },
          }),
      attributes,
      authnContextClassRef:
        text(app.authn_context_class_ref) ??
        'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
      sign: {
        response: app.response_signed === true,
        assertion: app.assertion_signed === true,
        signatureAlgorithm:
          app.signature_algorithm === 'RSA_SHA1' ? ALGORITHMS.rsaSha1 : ALGORITHMS.rsaSha256,
        digestAlgorithm: app.digest_algorithm === 'SHA1' ? ALGORITHMS.sha1 : ALGORITHMS.sha256,
      },
    },
    ssoEndpoints: [computed.http_post_binding as string],
    ...(ssoUrl !== input.redirectUrl
      ? {
          requestProblem: `${address}.sso_url is ${JSON.stringify(ssoUrl ?? null)}: Okta posts the response there, not to the Databricks Redirect URL ${input.redirectUrl}`,
        }
      : {}),
    handoffCertificate: oktaCertificate(input, name),
    assumptions,
    resolve,
  };
}

/** The handoff certificate must be read from this app's metadata for its active key. */
function oktaCertificate(input: ModelInput, app: string): IdpModel['handoffCertificate'] {
  const expression = typeof input.certificateOutput === 'string' ? input.certificateOutput : '';
  const source = /data\.okta_app_metadata_saml\.([A-Za-z0-9_-]+)\.certificate/.exec(expression)?.[1];
  const metadata =
    source === undefined ? undefined : input.stack.blocks('data', 'okta_app_metadata_saml')[source];
  const ok =
    metadata !== undefined &&
    metadata.app_id === `\${okta_app_saml.${app}.id}` &&
    metadata.key_id === `\${okta_app_saml.${app}.key_id}`;
  // Stacks from before the metadata data source hand over the app's own certificate attribute.
  if (expression === `\${okta_app_saml.${app}.certificate}`) {
    return { matches: true, detail: `the handed-over certificate is okta_app_saml.${app}'s own certificate` };
  }
  return ok
    ? {
        matches: true,
        detail: `the handed-over certificate is read from data.okta_app_metadata_saml.${source}, the metadata of okta_app_saml.${app}'s active key`,
      }
    : {
        matches: false,
        detail: `the handed-over certificate ${source === undefined ? 'is not read from an okta_app_metadata_saml' : `is read from data.okta_app_metadata_saml.${source}`}, not from the metadata of okta_app_saml.${app}'s active key (app_id and key_id)`,
      };
}

function groupFilter(type: string | undefined, value: string | undefined): (group: string) => boolean {
  const v = value ?? '';
  switch (type) {
    case 'REGEX': {
      let pattern: RegExp;
      try {
        // Okta matches the whole name (Java's String.matches).
        pattern = new RegExp(`^(?:${v})$`);
      } catch {
        return () => false;
      }
      return (g) => pattern.test(g);
    }
    case 'STARTS_WITH':
      return (g) => g.startsWith(v);
    case 'EQUALS':
      return (g) => g === v;
    case 'CONTAINS':
      return (g) => g.includes(v);
    default:
      return () => false;
  }
}

/** `${user.email}`-style templates: every `${...}` is an expression. */
function evaluateTemplate(template: string, profile: Readonly<Record<string, string>>): string | undefined {
  let unknown = false;
  const value = template.replace(/\$\{([^}]*)\}/g, (_, expression: string) => {
    const result = evaluateExpression(expression, profile);
    if (result === undefined) unknown = true;
    return result ?? '';
  });
  return unknown ? undefined : value;
}

/** The small part of Okta's expression language this project writes: `user.x`, string literals, `String.join`. */
function evaluateExpression(
  expression: string,
  profile: Readonly<Record<string, string>>,
): string | undefined {
  const e = expression.trim();
  const attribute = /^user\.([A-Za-z][A-Za-z0-9_]*)$/.exec(e);
  if (attribute !== null) return profile[attribute[1] as string];
  const string = /^"((?:[^"\\]|\\.)*)"$/.exec(e);
  if (string !== null) return (string[1] as string).replace(/\\(.)/g, '$1');
  const join = /^String\.join\((.*)\)$/.exec(e);
  if (join !== null) {
    const args =
      (join[1] as string).match(/"(?:[^"\\]|\\.)*"|[^,]+/g)?.map((a) => evaluateExpression(a, profile)) ?? [];
    if (args.length < 1 || args.some((a) => a === undefined)) return undefined;
    const [separator, ...parts] = args as string[];
    return parts.join(separator);
  }
  return undefined;
}

// ---------------------------------------------------------------- Entra ID

const ENTRA_USER: Readonly<Record<string, string>> = {
  mail: TEST_USER.email,
  userprincipalname: TEST_USER.email,
  displayname: `${TEST_USER.firstName} ${TEST_USER.lastName}`,
  givenname: TEST_USER.firstName,
  surname: TEST_USER.lastName,
  department: 'Data Platform',
  employeeid: '1001',
};
const NAME_ID_CLAIM = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier';

interface ClaimSchemaEntry {
  readonly Source?: string;
  readonly ID?: string;
  readonly SamlClaimType?: string;
  readonly SamlNameIdFormat?: string;
}

/** A stand-in object ID for a group: Entra's groups claim carries object IDs, known after apply. */
function objectId(group: string): string {
  const h = hash('entra-group', group);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function entraModel(input: ModelInput, name: string, app: Readonly<Record<string, unknown>>): IdpModel {
  const address = `azuread_application.${name}`;
  const provider = (input.json as { provider?: { azuread?: { tenant_id?: unknown }[] } }).provider
    ?.azuread?.[0];
  const tenant = text(provider?.tenant_id) ?? 'TENANT';
  const identifierUris = (app.identifier_uris as unknown[]).map(text);
  const web = app.web as { redirect_uris?: unknown[] } | undefined;
  const replyUrls = (web?.redirect_uris ?? []).map(text);
  const assumptions: string[] = [
    "Entra's signing option is not in the configuration (the azuread provider cannot set it): assumed " +
      '"Sign SAML response and assertion" with SHA-256; Entra\'s default signs the assertion only',
    "the groups claim carries the groups' object IDs, known after apply: stand-ins are used",
  ];
  const policy = entraClaims(input.stack);
  if (policy === undefined) {
    assumptions.push(
      "no claims mapping policy is assigned to the service principal: Entra's default claims are assumed",
    );
  }
  const claims: ClaimSchemaEntry[] = policy ?? [
    {
      Source: 'user',
      ID: 'userprincipalname',
      SamlClaimType: NAME_ID_CLAIM,
      SamlNameIdFormat: EMAIL_NAME_ID,
    },
    {
      Source: 'user',
      ID: 'mail',
      SamlClaimType: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
    },
    {
      Source: 'user',
      ID: 'givenname',
      SamlClaimType: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
    },
    {
      Source: 'user',
      ID: 'surname',
      SamlClaimType: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
    },
    {
      Source: 'user',
      ID: 'userprincipalname',
      SamlClaimType: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
    },
  ];
  const nameIdClaim = claims.find((c) => c.SamlClaimType === NAME_ID_CLAIM);
  const membership = Array.isArray(app.group_membership_claims) ? app.group_membership_claims.map(text) : [];
  // ApplicationGroup: only the groups assigned to the app; the others send every group of the user.
  const groups = membership.includes('ApplicationGroup')
    ? input.mappedGroups
    : membership.some((m) => m === 'SecurityGroup' || m === 'All' || m === 'DirectoryRole')
      ? [...input.mappedGroups, TEST_USER.unmappedGroup]
      : [];
  const attributes = [
    ...claims
      .filter((c) => c.SamlClaimType !== NAME_ID_CLAIM && c.SamlClaimType !== undefined)
      .map((c) => ({
        name: c.SamlClaimType as string,
        values: [ENTRA_USER[(c.ID ?? '').toLowerCase()] ?? ''],
      })),
    ...(groups.length > 0 ? [{ name: ENTRA_GROUPS_CLAIM, values: groups.map(objectId) }] : []),
  ];
  const spEntityId = input.redirectUrl;
  const requestProblem = !identifierUris.includes(spEntityId)
    ? `${address}.identifier_uris does not hold the Databricks entity ID ${spEntityId}: Entra answers AADSTS700016 (application not found) instead of a response`
    : !replyUrls.includes(input.redirectUrl)
      ? `${address}.web.redirect_uris does not hold the Databricks Redirect URL ${input.redirectUrl}: Entra answers AADSTS50011 (reply URL mismatch) instead of a response`
      : undefined;
  return {
    kind: 'entra',
    app: address,
    content: {
      issuer: `https://sts.windows.net/${tenant}/`,
      destination: input.redirectUrl,
      recipient: input.redirectUrl,
      audience: spEntityId,
      nameId: {
        value: ENTRA_USER[(nameIdClaim?.ID ?? 'userprincipalname').toLowerCase()] ?? '',
        format: nameIdClaim?.SamlNameIdFormat ?? EMAIL_NAME_ID,
      },
      attributes,
      authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:Password',
      sign: {
        response: true,
        assertion: true,
        signatureAlgorithm: ALGORITHMS.rsaSha256,
        digestAlgorithm: ALGORITHMS.sha256,
      },
    },
    ssoEndpoints: [`https://login.microsoftonline.com/${tenant}/saml2`],
    ...(requestProblem !== undefined ? { requestProblem } : {}),
    handoffCertificate: entraCertificate(input, name),
    groupAliases: new Map(groups.map((g) => [objectId(g), g])),
    assumptions,
    resolve: literalResolver(() => undefined),
  };
}

/** The claims schema of the policy assigned to the app's service principal, if any. */
function entraClaims(stack: SynthesizedStack): ClaimSchemaEntry[] | undefined {
  const assignment = Object.values(
    stack.blocks('resource', 'azuread_service_principal_claims_mapping_policy_assignment'),
  )[0];
  const policyName = /^\$\{azuread_claims_mapping_policy\.([A-Za-z0-9_-]+)\.id\}$/.exec(
    String(assignment?.claims_mapping_policy_id ?? ''),
  )?.[1];
  const policy =
    policyName === undefined
      ? undefined
      : stack.blocks('resource', 'azuread_claims_mapping_policy')[policyName];
  const definition = Array.isArray(policy?.definition) ? policy.definition[0] : undefined;
  if (typeof definition !== 'string') return undefined;
  try {
    const parsed = JSON.parse(definition) as { ClaimsMappingPolicy?: { ClaimsSchema?: ClaimSchemaEntry[] } };
    return parsed.ClaimsMappingPolicy?.ClaimsSchema ?? [];
  } catch {
    return undefined;
  }
}

/** The handoff certificate must be the value of a signing certificate of this app's service principal. */
function entraCertificate(input: ModelInput, app: string): IdpModel['handoffCertificate'] {
  const expression = typeof input.certificateOutput === 'string' ? input.certificateOutput : '';
  const name = /azuread_service_principal_token_signing_certificate\.([A-Za-z0-9_-]+)\.value/.exec(
    expression,
  )?.[1];
  const certificate =
    name === undefined
      ? undefined
      : input.stack.blocks('resource', 'azuread_service_principal_token_signing_certificate')[name];
  const principal = /^\$\{azuread_service_principal\.([A-Za-z0-9_-]+)\.id\}$/.exec(
    String(certificate?.service_principal_id ?? ''),
  )?.[1];
  const sp =
    principal === undefined
      ? undefined
      : input.stack.blocks('resource', 'azuread_service_principal')[principal];
  const ok = sp !== undefined && sp.client_id === `\${azuread_application.${app}.client_id}`;
  return ok
    ? {
        matches: true,
        detail: `the handed-over certificate is azuread_service_principal_token_signing_certificate.${name}, of azuread_application.${app}'s service principal`,
      }
    : {
        matches: false,
        detail: `the handed-over certificate is not a signing certificate of azuread_application.${app}'s service principal`,
      };
}

// ---------------------------------------------------------------- metadata IdPs

function metadataModel(input: ModelInput): IdpModel {
  const expression = typeof input.certificateOutput === 'string' ? input.certificateOutput : '';
  const embedded = /"(MII[A-Za-z0-9+/=]{100,})"/.test(expression);
  return {
    kind: 'metadata',
    app: 'the IdP app configured by hand',
    content: {
      // Filled in by the caller from the handoff: only the Databricks side is known.
      issuer: '',
      destination: input.redirectUrl,
      recipient: input.redirectUrl,
      audience: input.redirectUrl,
      nameId: { value: TEST_USER.email, format: EMAIL_NAME_ID },
      attributes: [
        { name: 'email', nameFormat: UNSPECIFIED_NAME_FORMAT, values: [TEST_USER.email] },
        {
          name: 'name',
          nameFormat: UNSPECIFIED_NAME_FORMAT,
          values: [`${TEST_USER.firstName} ${TEST_USER.lastName}`],
        },
        ...(input.mappedGroups.length > 0
          ? [{ name: 'groups', nameFormat: UNSPECIFIED_NAME_FORMAT, values: [...input.mappedGroups] }]
          : []),
      ],
      authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
      sign: {
        response: true,
        assertion: true,
        signatureAlgorithm: ALGORITHMS.rsaSha256,
        digestAlgorithm: ALGORITHMS.sha256,
      },
    },
    handoffCertificate: embedded
      ? {
          matches: true,
          detail:
            "the handed-over certificate is the metadata's signing certificate, written into the stack at synthesis",
        }
      : { matches: false, detail: 'the handed-over certificate is not the one read from the metadata' },
    assumptions: [
      'the IdP app is configured by hand, so only the Databricks side is known: assumed the IdP issues as the handed-over entity ID, ' +
        'signs the response and the assertion with RSA-SHA256 by the key of its metadata certificate, sends the email as NameID ' +
        '(emailAddress), email, name and the mapped groups by name, and posts to the Redirect URL (output idp_manual_setup)',
    ],
    resolve: literalResolver(() => undefined),
  };
}
