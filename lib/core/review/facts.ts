import { attributeFacts, specFor } from './catalog';
import { isSecretName } from './mask';
import type { EnvironmentOutput } from './output';
import type { JsonObject } from '../terraform/json';
import { emergencyRotationRule, fixed, suppression, type Fact } from './rules';
import { FactSink, makeFact } from './sink';
import { StackView, workspaceOfProvider } from './stack';
import { asObject, isObject } from '../terraform/json';

/** Everything the review compares about one environment. */
export interface FactSet {
  readonly facts: ReadonlyMap<string, Fact>;
  /** Every workspace the environment manages (from facts and workspace-level providers). */
  readonly workspaces: ReadonlySet<string>;
  /** Resource block addresses (`type.name`) by type. */
  readonly addresses: ReadonlyMap<string, ReadonlySet<string>>;
  /** Renames declared with `moved` blocks: from -> to. */
  readonly moved: ReadonlyMap<string, string>;
  /** A declared `promotionOverride`, if any. */
  readonly promotionOverride?: OverrideRecord;
  /** A declared `emergencyRotation`, if any. */
  readonly emergencyRotation?: {
    readonly generation: string;
    readonly reason: string;
    readonly expires: string;
  };
}

/** A promotion override as the synthesized stack records it (`"//".sso.promotionOverride`). */
export interface OverrideRecord {
  readonly reason: string;
  /** The changes it lets through, as the review names them; none when an older output recorded no list. */
  readonly covers: readonly string[];
  /** The last day it applies, `YYYY-MM-DD`. @default none */
  readonly expires?: string;
}

const low = fixed('low');

export function collectFacts(environment: EnvironmentOutput): FactSet {
  const sink = new FactSink();
  const addresses = new Map<string, Set<string>>();
  const moved = new Map<string, string>();
  let promotionOverride: OverrideRecord | undefined;
  let emergencyRotation: FactSet['emergencyRotation'];

  for (const { json } of environment.stacks) {
    const view = new StackView(json);
    const sensitiveVariables = Object.entries(asObject(json.variable))
      .filter(([, v]) => asObject(v).sensitive === true)
      .map(([name]) => new RegExp(`\\bvar\\.${name.replace(/[^\w-]/g, '')}\\b`));
    const sensitive = (text: string) => sensitiveVariables.some((pattern) => pattern.test(text));

    for (const block of view.blocks) {
      const spec = specFor(block);
      if (block.mode === 'resource') {
        const names = addresses.get(block.type) ?? new Set<string>();
        names.add(block.address);
        addresses.set(block.type, names);
      }
      // Data sources only look things up: they matter only where the catalog says so.
      if (spec === undefined && block.mode === 'data') continue;
      if (spec?.extract) spec.extract(view, block, sink);
      else attributeFacts(view, block, spec, sink, sensitive);
    }

    providerFacts(json, sink);
    terraformFacts(asObject(json.terraform), sink);
    for (const [name, output] of Object.entries(asObject(json.output))) {
      const { value, sensitive: secret } = asObject(output);
      sink.add(
        makeFact({
          key: `output|${name}`,
          kind: 'output',
          subject: `output ${name}`,
          raw: value,
          secret: secret === true || isSecretName(name) || sensitive(JSON.stringify(value) ?? ''),
          rule: low,
          perEnvironment: true,
        }),
      );
    }
    for (const [name, variable] of Object.entries(asObject(json.variable))) {
      const { default: value, sensitive: secret } = asObject(variable);
      sink.add(
        makeFact({
          key: `variable|${name}`,
          kind: 'other',
          subject: `variable ${name}`,
          raw: value ?? null,
          secret: secret === true || isSecretName(name),
          rule: low,
          perEnvironment: true,
        }),
      );
    }
    // Locals a check block reads hold what the check compares: each environment's own dates.
    const checked = new Set(
      [...JSON.stringify(json.check ?? {}).matchAll(/\blocal\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]),
    );
    for (const [name, expression] of Object.entries(asObject(json.locals))) {
      sink.add(
        makeFact({
          key: `local|${name}`,
          kind: 'other',
          subject: `local ${name}`,
          raw: expression,
          rule: low,
          perEnvironment: checked.has(name),
        }),
      );
    }
    // Check blocks carry each environment's own dates (rotation warnings).
    for (const [name, check] of Object.entries(asObject(json.check))) {
      sink.add(
        makeFact({
          key: `check|${name}`,
          kind: 'other',
          subject: `check ${name}`,
          raw: check,
          rule: low,
          perEnvironment: true,
        }),
      );
    }
    for (const move of Array.isArray(json.moved) ? json.moved : []) {
      const { from, to } = asObject(move);
      if (typeof from === 'string' && typeof to === 'string') moved.set(from, to);
    }

    const sso = asObject(asObject(json['//']).sso);
    for (const entry of Array.isArray(sso.suppressions) ? sso.suppressions : []) {
      const { rule, path, reason } = asObject(entry);
      const scope = typeof path === 'string' && path !== '' ? path : undefined;
      sink.add(
        makeFact({
          key: `suppression|${String(rule)}|${scope ?? '*'}`,
          kind: 'suppression',
          subject: `policy rule ${String(rule)} ${scope === undefined ? '(environment-wide)' : `at ${scope}`}`,
          raw: reason ?? '',
          rule: suppression(scope === undefined),
          perEnvironment: true,
        }),
      );
    }
    const emergency = asObject(sso.emergencyRotation);
    if (typeof emergency.generation === 'string') {
      emergencyRotation = {
        generation: emergency.generation,
        reason: String(emergency.reason ?? ''),
        expires: String(emergency.expires ?? ''),
      };
      sink.add(
        makeFact({
          key: 'emergency-rotation',
          kind: 'signing-key',
          subject: 'emergencyRotation',
          raw: emergencyRotation,
          rule: emergencyRotationRule,
          perEnvironment: true,
        }),
      );
    }
    const { reason, covers, expires } = asObject(sso.promotionOverride);
    if (typeof reason === 'string') {
      promotionOverride = {
        reason,
        covers: Array.isArray(covers) ? covers.filter((c): c is string => typeof c === 'string') : [],
        ...(typeof expires === 'string' ? { expires } : {}),
      };
    }
  }

  sink.finish();
  return {
    facts: sink.facts,
    workspaces: sink.workspaces,
    addresses,
    moved,
    promotionOverride,
    emergencyRotation,
  };
}

/** Provider configurations differ per environment (hosts, account ids, org names) by nature. */
function providerFacts(json: JsonObject, sink: FactSink): void {
  for (const [name, configs] of Object.entries(asObject(json.provider))) {
    for (const config of Array.isArray(configs) ? configs : [configs]) {
      const settings = asObject(config);
      const alias = typeof settings.alias === 'string' ? settings.alias : 'default';
      const workspace = workspaceOfProvider(`${name}.${alias}`);
      if (workspace !== undefined) sink.workspaces.add(workspace);
      for (const [setting, value] of Object.entries(settings)) {
        if (setting === 'alias') continue;
        sink.add(
          makeFact({
            key: `provider|${name}.${alias}|${setting}`,
            kind: 'provider',
            subject: `provider ${name}.${alias}: ${setting}`,
            raw: value,
            secret: isSecretName(setting),
            rule: low,
            perEnvironment: true,
          }),
        );
      }
    }
  }
}

const VERSION_NOTE = 'provider behaviour changes with its version; roll it out to staging first';

function terraformFacts(terraform: JsonObject, sink: FactSink): void {
  for (const [name, requirement] of Object.entries(asObject(terraform.required_providers))) {
    const { source, version } = isObject(requirement)
      ? requirement
      : { source: requirement, version: undefined };
    sink.add(
      makeFact({
        key: `provider-version|${name}`,
        kind: 'provider',
        subject: `provider ${name} version`,
        raw: `${String(source)} ${String(version ?? 'unpinned')}`,
        rule: fixed('medium', VERSION_NOTE),
      }),
    );
  }
  if (terraform.required_version !== undefined) {
    sink.add(
      makeFact({
        key: 'terraform-version',
        kind: 'provider',
        subject: 'required Terraform version',
        raw: terraform.required_version,
        rule: fixed('medium', VERSION_NOTE),
      }),
    );
  }
  // Where the state lives: a change moves or forks it.
  for (const section of ['backend', 'cloud'] as const) {
    const flatten = (path: string, value: unknown): void => {
      const name = path.split('.').pop() ?? path;
      if (isObject(value) && !isSecretName(name)) {
        for (const [k, v] of Object.entries(value)) flatten(`${path}.${k}`, v);
        return;
      }
      sink.add(
        makeFact({
          key: `backend|${path}`,
          kind: 'backend',
          subject: `state ${path}`,
          raw: value,
          secret: isSecretName(name),
          rule: fixed('medium', 'a backend change moves or forks the Terraform state'),
          perEnvironment: true,
        }),
      );
    };
    if (terraform[section] !== undefined) flatten(section, terraform[section]);
  }
}
