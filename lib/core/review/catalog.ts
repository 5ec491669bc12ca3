import type { FindingKind } from './findings';
import { workspaceOfAdminBlock } from '../terraform/names';
import { isSecretName } from './mask';
import {
  accountRole,
  entitlement,
  fixed,
  idpAssignment,
  signingKey,
  ssoSettingsMarker,
  timeLimit,
  type Rule,
} from './rules';
import { makeFact, type FactSink } from './sink';
import { workspaceOfProvider, type Block, type Instance, type StackView } from './stack';
import { isObject } from '../terraform/json';

/*
 * What each resource type means for SSO, as data: one entry per type (or per `type.name` when one
 * block of a type is special), so a new IdP resource is one entry here. Types missing from the
 * table are still compared, attribute by attribute, as low-severity `other` changes.
 */

export interface AttributeSpec {
  readonly kind?: FindingKind;
  readonly rule: Rule;
  /** Names the setting in findings: `ACS URL`. @default the attribute path */
  readonly what?: string;
  /** The promotion gate skips it (URLs, ids, dates). @default false */
  readonly perEnvironment?: boolean;
  /** A list of objects compared item by item, each identified by this field. */
  readonly keyedBy?: string;
  /** Turns the value (with its sibling attributes) into the comparable one. */
  readonly derive?: (value: unknown, siblings: Readonly<Record<string, unknown>>) => unknown;
}

export interface ResourceSpec {
  /** Kind of the resource itself and of attributes not listed. */
  readonly kind: FindingKind;
  /** Rule for attributes not listed. @default low whatever the change */
  readonly rule?: Rule;
  /** Deleting or replacing it breaks every login. @default false */
  readonly idpApp?: boolean;
  /** Attribute paths (`web.redirect_uris`) with their own meaning. */
  readonly attributes?: Readonly<Record<string, AttributeSpec>>;
  /** Facts by meaning (group x workspace cells) instead of attribute by attribute. */
  readonly extract?: (view: StackView, block: Block, sink: FactSink) => void;
}

const low = fixed('low');
const ACS_URL: AttributeSpec = {
  kind: 'saml-settings',
  what: 'ACS URL',
  perEnvironment: true,
  rule: fixed(
    'high',
    'the IdP posts assertions there; unless it equals the Databricks Redirect URL, every login fails',
  ),
};
const AUDIENCE: AttributeSpec = {
  kind: 'saml-settings',
  what: 'audience (SP entity ID)',
  perEnvironment: true,
  rule: fixed('high', 'Databricks rejects assertions for any other audience, so every login fails'),
};
const NAME_ID: AttributeSpec = {
  kind: 'saml-settings',
  what: 'NameID',
  rule: fixed(
    'high',
    'Databricks matches users by NameID: another value signs people in as other or unknown users',
  ),
};
const SIGNING: AttributeSpec = {
  kind: 'saml-settings',
  what: 'signing setting',
  rule: fixed(
    'high',
    'assertions Databricks cannot verify fail every login; weaker signing lets them be forged',
  ),
};
const SESSION_ISO: AttributeSpec = { kind: 'session', rule: timeLimit('iso8601') };
const SESSION_MINUTES: AttributeSpec = { kind: 'session', rule: timeLimit('minutes') };
const ATTRIBUTES: AttributeSpec = {
  kind: 'attributes',
  rule: fixed('medium', 'what the assertion tells Databricks about users'),
};

const OKTA_ROTATION =
  'Okta activates the new key at once and Databricks holds one certificate: paste output databricks_sso_x509_certificate into the account console (Settings > Single sign-on) in the same change window, then Test SSO';
const ENTRA_ROTATION =
  'Entra ID creates a new token-signing certificate: activate it (preferredTokenSigningKeyThumbprint, see the activation command output) and paste it into the account console (Settings > Single sign-on) in the same change window, then Test SSO';

const PRIVILEGED_ENTITLEMENTS = new Set(['allow_cluster_create', 'allow_instance_pool_create']);
const PRIVILEGED_ENTITLEMENT = entitlement(true);
const ENTITLEMENT = entitlement(false);
const TOKEN_LIFETIME = timeLimit('days');
const NOT_ENTITLEMENTS = new Set(['group_id', 'user_id', 'service_principal_id', 'lifecycle']);

const CATALOG: Readonly<Record<string, ResourceSpec>> = {
  // Okta
  okta_app_saml: {
    kind: 'idp-app',
    idpApp: true,
    attributes: {
      sso_url: ACS_URL,
      recipient: ACS_URL,
      destination: ACS_URL,
      audience: AUDIENCE,
      subject_name_id_template: NAME_ID,
      subject_name_id_format: NAME_ID,
      signature_algorithm: SIGNING,
      digest_algorithm: SIGNING,
      response_signed: SIGNING,
      assertion_signed: SIGNING,
      key_name: { kind: 'signing-key', what: 'signing key', rule: signingKey(OKTA_ROTATION) },
      key_years_valid: { kind: 'signing-key', rule: low },
      attribute_statements: { ...ATTRIBUTES, what: 'attribute statement', keyedBy: 'name' },
      label: { rule: low, perEnvironment: true },
      authn_context_class_ref: { kind: 'saml-settings', rule: low },
      honor_force_authn: { kind: 'saml-settings', rule: low },
    },
  },
  okta_app_group_assignment: { kind: 'access', extract: idpAssignments('group_id', 'app_id') },
  okta_app_signon_policy: { kind: 'session', attributes: { name: { rule: low, perEnvironment: true } } },
  okta_app_signon_policy_rule: {
    kind: 'session',
    attributes: {
      inactivity_period: { ...SESSION_ISO, what: 'idle timeout' },
      re_authentication_frequency: { ...SESSION_ISO, what: 'session lifetime' },
    },
  },
  okta_policy_rule_signon: {
    kind: 'session',
    attributes: {
      session_idle: { ...SESSION_MINUTES, what: 'idle timeout' },
      session_lifetime: { ...SESSION_MINUTES, what: 'session lifetime' },
    },
  },

  // Microsoft Entra ID
  azuread_application: {
    kind: 'idp-app',
    idpApp: true,
    attributes: {
      identifier_uris: { ...AUDIENCE, what: 'identifier URIs (SP entity ID)' },
      'web.redirect_uris': { ...ACS_URL, what: 'reply URLs (ACS URL)' },
      template_id: { kind: 'idp-app', rule: fixed('high', 'a new template replaces the application') },
      group_membership_claims: ATTRIBUTES,
      optional_claims: ATTRIBUTES,
      display_name: { rule: low, perEnvironment: true },
    },
  },
  azuread_service_principal: {
    kind: 'idp-app',
    idpApp: true,
    attributes: {
      preferred_single_sign_on_mode: {
        kind: 'saml-settings',
        what: 'single sign-on mode',
        rule: fixed('high'),
      },
      app_role_assignment_required: {
        kind: 'access',
        rule: fixed('medium', 'when false, every user of the tenant can sign in'),
      },
      notification_email_addresses: { rule: low, perEnvironment: true },
    },
  },
  azuread_service_principal_token_signing_certificate: {
    kind: 'signing-key',
    rule: signingKey(ENTRA_ROTATION),
    attributes: { end_date: { kind: 'signing-key', rule: signingKey(ENTRA_ROTATION), perEnvironment: true } },
  },
  azuread_app_role_assignment: {
    kind: 'access',
    extract: idpAssignments('principal_object_id', 'resource_object_id'),
  },
  azuread_claims_mapping_policy: { kind: 'attributes', rule: ATTRIBUTES.rule },
  azuread_service_principal_claims_mapping_policy_assignment: { kind: 'attributes', rule: ATTRIBUTES.rule },
  azuread_conditional_access_policy: {
    kind: 'session',
    attributes: {
      'session_controls.sign_in_frequency': {
        kind: 'session',
        what: 'sign-in frequency (hours)',
        rule: timeLimit('hours'),
        derive: (value, siblings) =>
          typeof value === 'number' && siblings.sign_in_frequency_period === 'days' ? value * 24 : value,
      },
    },
  },
  azuread_synchronization_job: { kind: 'provisioning' },
  azuread_synchronization_secret: { kind: 'provisioning' },

  // Databricks
  databricks_mws_permission_assignment: { kind: 'access', extract: permissionAssignments },
  databricks_group_role: { kind: 'access', extract: groupRoles },
  databricks_entitlements: { kind: 'access', extract: entitlements },
  databricks_workspace_conf: { kind: 'token-policy', extract: workspaceConf },
  databricks_group: { kind: 'group', extract: groups('created by this stack') },
  'data.databricks_group': { kind: 'group', extract: groups('looked up (synced by SCIM)') },
  databricks_access_control_rule_set: { kind: 'access', rule: fixed('medium', 'account-level access rules') },
  // system.access holds the audit log: disabling it ends sign-in traceability for the whole metastore.
  databricks_system_schema: {
    kind: 'other',
    rule: fixed('medium', 'system.access.audit is where sign-ins are traced (sso audit-query)'),
  },

  // The account console's SAML settings have no API: this marker makes their changes plan-visible.
  'terraform_data.databricks_sso_settings': { kind: 'sso-settings', rule: ssoSettingsMarker },
  // Written at synthesis for the day's blocking policy findings (an overdue production key): the
  // finding itself is the news, and the gate comes and goes with the clock, not with the change.
  'terraform_data.sso_deploy_gate': { kind: 'other', extract: () => undefined },
};

/** The entry for a block: `type.name` first, then `type` (`data.type` for data sources). */
export function specFor(block: Block): ResourceSpec | undefined {
  if (block.mode === 'data') return CATALOG[`data.${block.type}`];
  return CATALOG[`${block.type}.${block.name}`] ?? CATALOG[block.type];
}

/** Meta-arguments and cdktf metadata: not settings of the resource. */
const META = new Set(['//', 'for_each', 'count', 'depends_on', 'provider', 'provisioner', 'connection']);

function instanceAddress(instance: Instance): string {
  return instance.key === undefined
    ? instance.block.address
    : `${instance.block.address}[${JSON.stringify(instance.key)}]`;
}

/** One fact per setting of each instance, classified by the entry's attribute table. */
export function attributeFacts(
  view: StackView,
  block: Block,
  spec: ResourceSpec | undefined,
  sink: FactSink,
  sensitive: (text: string) => boolean,
): void {
  const kind = spec?.kind ?? 'other';
  for (const instance of view.instances(block)) {
    const address = instanceAddress(instance);
    const visit = (
      path: string,
      name: string,
      value: unknown,
      siblings: Readonly<Record<string, unknown>>,
    ) => {
      const attribute = spec?.attributes?.[path];
      if (attribute?.keyedBy !== undefined && Array.isArray(value)) {
        value.forEach((item, i) => {
          const id = isObject(item) ? item[attribute.keyedBy ?? ''] : undefined;
          emit(`${path}[${typeof id === 'string' ? id : i}]`, name, item, attribute);
        });
        return;
      }
      if (attribute === undefined && isObject(value) && !isSecretName(name)) {
        for (const [child, v] of Object.entries(value)) visit(`${path}.${child}`, child, v, value);
        return;
      }
      emit(path, name, attribute?.derive ? attribute.derive(value, siblings) : value, attribute);
    };
    const emit = (path: string, name: string, value: unknown, attribute: AttributeSpec | undefined) => {
      const text = JSON.stringify(value) ?? '';
      sink.add(
        makeFact({
          key: `${address}:${path}`,
          kind: attribute?.kind ?? kind,
          subject: `${address}: ${attribute?.what === undefined ? path : `${attribute.what} (${path})`}`,
          raw: value,
          secret: isSecretName(name) || sensitive(text),
          rule: attribute?.rule ?? spec?.rule ?? low,
          perEnvironment: attribute?.perEnvironment ?? false,
          address: block.address,
        }),
      );
    };
    for (const [name, raw] of Object.entries(block.body)) {
      if (!META.has(name)) visit(name, name, view.resolve(raw, instance), block.body);
    }
  }
}

function permissionAssignments(view: StackView, block: Block, sink: FactSink): void {
  for (const instance of view.instances(block)) {
    const principal = view.resolve(block.body.principal_id, instance);
    const group = view.groupOf(block.body.principal_id, instance) ?? String(principal);
    const workspaceId = String(view.resolve(block.body.workspace_id, instance));
    const permissions = view.resolve(block.body.permissions, instance);
    // The readable workspace name: a group's USER block is keyed by workspace
    // (`user_analysts["ml-prod"]`, the workspace id its value), a workspace's ADMIN block is named
    // after it (`admin_ml-prod`), and the per-kind layout of earlier releases keyed `group/workspace`.
    const key = instance.key;
    const named = key?.startsWith(`${group}/`)
      ? key.slice(group.length + 1)
      : key !== undefined && key !== '*' && String(instance.value) === workspaceId
        ? key
        : workspaceOfAdminBlock(block.name);
    for (const permission of Array.isArray(permissions) ? permissions : []) {
      sink.permission(group, named, workspaceId, String(permission));
    }
  }
}

function groupRoles(view: StackView, block: Block, sink: FactSink): void {
  for (const instance of view.instances(block)) {
    const group = view.groupOf(block.body.group_id, instance) ?? instance.key ?? '?';
    const role = String(view.resolve(block.body.role, instance));
    sink.add(
      makeFact({
        key: `role|${group}|${role}`,
        kind: 'access',
        subject: `${group}: account role ${role}`,
        raw: role,
        rule: accountRole,
        group,
      }),
    );
  }
}

function entitlements(view: StackView, block: Block, sink: FactSink): void {
  const workspace = workspaceOfProvider(block.body.provider) ?? block.name;
  // The same fields for every instance of the block: sort them out once, resolve per instance.
  const fields = Object.entries(block.body)
    .filter(([field]) => !META.has(field) && !NOT_ENTITLEMENTS.has(field))
    .map(([field, raw]) => ({
      field,
      raw,
      name: field.replace(/_/g, '-'),
      rule: PRIVILEGED_ENTITLEMENTS.has(field) ? PRIVILEGED_ENTITLEMENT : ENTITLEMENT,
    }));
  for (const instance of view.instances(block)) {
    const group = view.groupOf(block.body.group_id, instance) ?? instance.key ?? '?';
    for (const { field, raw, name, rule } of fields) {
      const value = view.resolve(raw, instance);
      // Not granted is the same as not listed: only grants are facts, so new groups add no noise.
      if (value === false) continue;
      sink.add(
        makeFact({
          key: `entitlement|${group}|${workspace}|${field}`,
          kind: 'access',
          subject: `${group} on ${workspace}: ${name}`,
          raw: value,
          rule,
          group,
          workspace,
          cell: `entitlement|${group}|${field}`,
        }),
      );
    }
  }
}

function workspaceConf(view: StackView, block: Block, sink: FactSink): void {
  const workspace = workspaceOfProvider(block.body.provider) ?? block.name;
  for (const instance of view.instances(block)) {
    const config = view.resolve(block.body.custom_config, instance);
    for (const [setting, value] of Object.entries(isObject(config) ? config : {})) {
      sink.add(
        makeFact({
          key: `workspace-conf|${workspace}|${setting}`,
          kind: 'token-policy',
          subject: `workspace ${workspace}: ${setting}`,
          raw: value,
          rule: setting === 'maxTokenLifetimeDays' ? TOKEN_LIFETIME : low,
          workspace,
          cell: `workspace-conf|${setting}`,
        }),
      );
    }
  }
}

function groups(source: string): ResourceSpec['extract'] {
  return (view, block, sink) => {
    for (const instance of view.instances(block)) {
      const name = view.resolve(block.body.display_name, instance);
      const group = typeof name === 'string' ? name : (instance.key ?? block.name);
      sink.add(
        makeFact({
          key: `group|${group}`,
          kind: 'group',
          subject: `account group ${group}`,
          raw: source,
          rule: low,
          group,
        }),
      );
    }
  };
}

/**
 * Groups assigned to an IdP app: one block per group, or a for_each over the groups (earlier
 * releases). Keyed by the app and the group, not by the assignment's address, so a change of layout
 * is no change of access.
 */
function idpAssignments(principalField: string, appField: string): ResourceSpec['extract'] {
  return (view, block, sink) => {
    const target = /^\$\{((?:data\.)?[\w-]+\.[\w-]+)\.[\w-]+\}$/.exec(String(block.body[appField]))?.[1];
    const app = target ?? block.type;
    for (const instance of view.instances(block)) {
      const group = view.groupOf(block.body[principalField], instance) ?? instance.key ?? block.name;
      sink.add(
        makeFact({
          key: `idp-assignment|${app}|${group}`,
          kind: 'access',
          subject: `${group}: ${app}`,
          raw: 'assigned',
          rule: idpAssignment,
          group,
        }),
      );
    }
  };
}
