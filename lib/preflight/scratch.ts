import * as fs from 'fs';
import * as path from 'path';
import type { JsonObject } from '../core/terraform/json';

/** What was changed in a stack's copy so that it runs against the stand-ins and nothing real. */
export interface ScratchChanges {
  /** The backend the stack declares (`s3`, `cloud`, ...), replaced by a local one in the scratch directory. */
  readonly backend: string | undefined;
  /** Resources whose provisioners were dropped: they would run real commands (`az rest`) at apply. */
  readonly provisionersDropped: readonly string[];
  /** Variables with no default (secrets such as the SCIM token) given a placeholder value. */
  readonly placeholderVariables: readonly string[];
}

export const STATE_FILE = 'terraform.tfstate';

/**
 * Writes a stack's Terraform JSON into `dir` as Terraform will run it in preflight: the declared
 * backend (local, S3, Terraform Cloud...) becomes a local state inside `dir`, so no real state is
 * read, locked or written; and provisioners are dropped, since an apply against stand-ins must not
 * run their commands. Everything else is the stack exactly as synthesized.
 */
export function writeScratchStack(stack: JsonObject, dir: string): ScratchChanges {
  const copy = structuredClone(stack) as Record<string, unknown>;
  const terraform = { ...((copy.terraform as Record<string, unknown> | undefined) ?? {}) };
  const backends = terraform.backend as Record<string, unknown> | undefined;
  const backend = terraform.cloud !== undefined ? 'cloud' : Object.keys(backends ?? {})[0];
  delete terraform.cloud;
  terraform.backend = { local: { path: path.join(dir, STATE_FILE) } };
  copy.terraform = terraform;

  const provisionersDropped: string[] = [];
  const resources = (copy.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  for (const [type, blocks] of Object.entries(resources)) {
    for (const [name, block] of Object.entries(blocks)) {
      if (block.provisioner !== undefined) {
        delete block.provisioner;
        provisionersDropped.push(`${type}.${name}`);
      }
    }
  }
  // Secrets are never needed to plan against stand-ins: a placeholder of the declared type will do.
  const placeholders: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(
    (copy.variable ?? {}) as Record<string, Record<string, unknown>>,
  )) {
    if (variable.default === undefined) placeholders[name] = placeholder(variable.type);
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(copy, null, 2));
  const tfvars = path.join(dir, 'preflight.auto.tfvars.json');
  if (Object.keys(placeholders).length > 0) fs.writeFileSync(tfvars, JSON.stringify(placeholders));
  else fs.rmSync(tfvars, { force: true });
  return { backend, provisionersDropped, placeholderVariables: Object.keys(placeholders).sort() };
}

function placeholder(type: unknown): unknown {
  if (type === 'number') return 0;
  if (type === 'bool') return false;
  if (typeof type === 'string' && /^(list|set|tuple)/.test(type)) return [];
  if (typeof type === 'string' && /^(map|object)/.test(type)) return {};
  return 'preflight-placeholder';
}
