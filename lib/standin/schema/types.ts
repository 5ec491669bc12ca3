/*
 * The schema file a stand-in provider serves: the contract between the schema derivation
 * (from the pinned @cdktf/provider-* bindings plus a curated table) and the plugin server,
 * which knows nothing of SSO or of any particular provider.
 *
 * Attribute and block shapes follow `terraform providers schema -json`, so a reader who knows
 * that format knows this one; `behaviour` holds what the bindings cannot tell.
 */

/**
 * Terraform's JSON encoding of a cty type, as the plugin protocol carries it in
 * `Schema.Attribute.type`: `"string"`, `"number"`, `"bool"`, `"dynamic"`, `["list", T]`,
 * `["set", T]`, `["map", T]` or `["object", { name: T }]`.
 */
export type CtyType =
  | 'string'
  | 'number'
  | 'bool'
  | 'dynamic'
  | readonly ['list' | 'set' | 'map', CtyType]
  | readonly ['object', { readonly [name: string]: CtyType }];

export interface SchemaAttribute {
  readonly type: CtyType;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
}

export interface SchemaBlock {
  readonly attributes: { readonly [name: string]: SchemaAttribute };
  readonly block_types: { readonly [name: string]: NestedBlock };
}

export interface NestedBlock {
  readonly nesting_mode: 'single' | 'list' | 'set' | 'map';
  readonly block: SchemaBlock;
  /** A required single block needs min_items = max_items = 1, or Terraform rejects the schema. */
  readonly min_items?: number;
  readonly max_items?: number;
}

/**
 * How a fake computed value is shaped. Real-shaped fakes matter: a non-numeric group id fails
 * `principal_id: a number is required` downstream. Every fake is derived from the resource's
 * configuration (a hash of it), so a re-plan of the same configuration shows no change.
 */
export type FakeShape =
  /** A decimal string of `length` digits, first digit non-zero (Databricks ids). */
  | { readonly kind: 'digits'; readonly length: number }
  /** `prefix` followed by base62 characters up to `length` in all (Okta ids: `0oa...`). */
  | { readonly kind: 'prefixed'; readonly prefix: string; readonly length: number }
  /** A lower-case RFC 4122 UUID (Entra object and application ids). */
  | { readonly kind: 'uuid' }
  /** Upper-case hex of `length` characters (certificate thumbprints). */
  | { readonly kind: 'hex'; readonly length: number }
  /** The base64 body of a DER X.509 certificate, no PEM armour (Okta `certificate`). */
  | { readonly kind: 'certificate-base64' }
  /** A PEM X.509 certificate (Entra `value`). */
  | { readonly kind: 'certificate-pem' }
  /**
   * A string built from the resource's other values: `{name}` is replaced by the attribute's
   * final value (configured or faked first), `{hash}` by a short hash of the configuration.
   * Example: `{workspace_id}|{principal_id}`, `https://acme.okta.com/app/{id}/sso/saml`.
   */
  | { readonly kind: 'template'; readonly template: string }
  /** A fixed value. */
  | { readonly kind: 'constant'; readonly value: string | number | boolean };

/** What a provider does that its cdktf binding cannot tell; curated from the provider sources. */
export interface Behaviour {
  /** Where this entry was taken from, e.g. `okta/terraform-provider-okta v4.20.0 okta/resource_okta_app_saml.go`. */
  readonly source: string;
  /** Values an unset optional(+computed) top-level attribute takes in the plan (schema `Default`). */
  readonly defaults?: { readonly [attribute: string]: string | number | boolean };
  /** Top-level attributes whose change forces a replacement (ForceNew / RequiresReplace). */
  readonly requiresReplace?: readonly string[];
  /** Groups of top-level attributes of which at most one may be set (ConflictsWith). */
  readonly conflicts?: readonly (readonly string[])[];
  /** Groups of top-level attributes of which exactly one must be set (ExactlyOneOf). */
  readonly exactlyOneOf?: readonly (readonly string[])[];
  /** Groups of top-level attributes of which at least one must be set (AtLeastOneOf). */
  readonly atLeastOneOf?: readonly (readonly string[])[];
  /** Top-level attributes that, once set, need the listed others set too (RequiredWith). */
  readonly requiredWith?: { readonly [attribute: string]: readonly string[] };
  /**
   * Allowed values of a top-level attribute (StringInSlice and the like); for a list or set of
   * strings, of every element.
   */
  readonly allowedValues?: { readonly [attribute: string]: readonly (string | number)[] };
  /**
   * Anchored regular expressions (JavaScript syntax) a known string value of a top-level
   * attribute must match, or every element of a list or set of strings: the provider's own
   * validation (IsUUID, Graph resource-ID parsers, StringMatch).
   */
  readonly patterns?: { readonly [attribute: string]: string };
  /**
   * Values the remote API accepts where the provider passes the attribute through unchecked:
   * the real plan succeeds and the apply fails. A stand-in should warn, not fail the plan.
   */
  readonly apiAllowedValues?: { readonly [attribute: string]: readonly (string | number)[] };
  /**
   * Attributes the provider marks sensitive, as dotted paths through nested blocks
   * (`credential.value`). The bindings do not carry the flag; the merge sets it in the schema.
   */
  readonly sensitive?: readonly string[];
  /**
   * Computed attributes that the real provider changes when one of the listed inputs changes
   * (Okta's `certificate` when `key_name` changes): unknown in the plan of such an update.
   */
  readonly recomputedBy?: { readonly [computed: string]: readonly string[] };
  /**
   * Computed attributes that the real provider changes at apply when one of the listed inputs
   * changes, while its plan still shows the old value (no CustomizeDiff; Okta's `certificate`
   * after a `key_name` change). Terraform tolerates that only from the legacy SDK, so the
   * resource answers as one; anything downstream that was planned with the old value then fails
   * the apply as it would with the real provider ("Provider produced inconsistent final plan").
   */
  readonly changedOnApplyBy?: { readonly [computed: string]: readonly string[] };
  /** Shapes of fake computed top-level values; unlisted ones get a generic fake of their type. */
  readonly fakes?: { readonly [attribute: string]: FakeShape };
}

export interface ResourceSchema {
  readonly version: number;
  readonly block: SchemaBlock;
  readonly behaviour?: Behaviour;
}

export interface ProviderSchemaFile {
  /** The provider's registry address, e.g. `registry.terraform.io/okta/okta`. */
  readonly address: string;
  /** The provider version the stand-in claims to be, e.g. `4.20.0`. */
  readonly version: string;
  /** The binding it was derived from, e.g. `@cdktf/provider-okta@14.1.1`. */
  readonly derivedFrom: string;
  readonly provider: SchemaBlock;
  readonly resources: { readonly [type: string]: ResourceSchema };
  readonly dataSources: { readonly [type: string]: ResourceSchema };
}
