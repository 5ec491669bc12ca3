import * as fs from 'fs';
import * as path from 'path';
import { describeValue, ValidationError } from '../errors';

import type { JsonObject } from '../terraform/json';

/** One synthesized stack: its name, Terraform JSON and the stacks it deploys after. */
export interface StackOutput {
  /** The stack's name: the environment, or a mapping shard (`prod-mappings-1`). */
  readonly name: string;
  /** The stack's Terraform JSON (`cdk.tf.json`), parsed. */
  readonly json: JsonObject;
  /** The names of the stacks this one deploys after. */
  readonly dependencies: readonly string[];
}

/** One environment: its main stack plus any mapping shards (`<env>-mappings-<i>`). */
export interface EnvironmentOutput {
  /** The environment's name (`staging`, `prod`). */
  readonly name: string;
  /** The main stack first, then its mapping shards. */
  readonly stacks: readonly StackOutput[];
  /** Environments that must carry a change first (the stack dependencies set by `promotesAfter`). */
  readonly promotesAfter: readonly string[];
}

/** A whole synthesized output (`cdktf.out`), by environment. */
export interface SynthesizedOutput {
  /** Each environment's stacks, by environment name, in name order. */
  readonly environments: ReadonlyMap<string, EnvironmentOutput>;
}

const SHARD = /^(.+)-mappings-\d+$/;

/** Groups stacks into environments: a shard belongs to the stack whose name it extends. */
export function outputFromStacks(stacks: readonly StackOutput[]): SynthesizedOutput {
  const names = new Set(stacks.map((s) => s.name));
  const environmentOf = (name: string): string => {
    const shard = SHARD.exec(name);
    return shard?.[1] !== undefined && names.has(shard[1]) ? shard[1] : name;
  };
  const grouped = new Map<string, StackOutput[]>();
  for (const stack of stacks) {
    const env = environmentOf(stack.name);
    grouped.set(env, [...(grouped.get(env) ?? []), stack]);
  }
  const environments = new Map<string, EnvironmentOutput>();
  for (const [name, members] of [...grouped].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const main = members.find((s) => s.name === name);
    const promotesAfter = (main?.dependencies ?? [])
      .map(environmentOf)
      .filter((dependency, i, all) => dependency !== name && all.indexOf(dependency) === i);
    environments.set(name, { name, stacks: members, promotesAfter });
  }
  return { environments };
}

/**
 * Reads cdktf's layout: DIR/manifest.json naming each stack's DIR/stacks/<env>/cdk.tf.json.
 * @throws ValidationError when DIR is not a synthesized output
 */
export function loadSynthesizedOutput(dir: string, flag = '--out'): SynthesizedOutput {
  const root = path.resolve(dir);
  const expected =
    'a synthesized output directory (DIR/manifest.json and DIR/stacks/<env>/cdk.tf.json, as `sso synth --out DIR` writes)';
  const manifestFile = path.join(root, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new ValidationError(flag, describeValue(dir), expected);
  const manifest = readJson(manifestFile, flag);
  const entries = (manifest as { stacks?: unknown }).stacks;
  if (entries === null || typeof entries !== 'object') {
    throw new ValidationError(
      `${flag} ${dir}: manifest.json`,
      'no "stacks"',
      'cdktf\'s manifest with a "stacks" object',
    );
  }
  const stacks: StackOutput[] = [];
  for (const [name, entry] of Object.entries(entries as JsonObject)) {
    const { synthesizedStackPath, dependencies } = (entry ?? {}) as {
      synthesizedStackPath?: unknown;
      dependencies?: unknown;
    };
    const file = path.resolve(root, typeof synthesizedStackPath === 'string' ? synthesizedStackPath : '');
    // The manifest is input too: it must not point the reader outside the output directory.
    if (typeof synthesizedStackPath !== 'string' || !file.startsWith(root + path.sep)) {
      throw new ValidationError(
        `${flag} ${dir}: manifest.json stacks.${name}.synthesizedStackPath`,
        describeValue(synthesizedStackPath),
        'a path inside the output directory',
      );
    }
    const json = readJson(file, flag);
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      throw new ValidationError(
        `${flag} ${dir}: ${synthesizedStackPath}`,
        describeValue(json),
        'a Terraform JSON object',
      );
    }
    stacks.push({
      name,
      json: json as JsonObject,
      dependencies: Array.isArray(dependencies)
        ? dependencies.filter((d): d is string => typeof d === 'string')
        : [],
    });
  }
  return outputFromStacks(stacks);
}

function readJson(file: string, flag: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ValidationError(
      `${flag}: ${path.basename(path.dirname(file))}/${path.basename(file)}`,
      // Node's own messages name the absolute path; the flag and file name are enough.
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : describeValue((error as Error).message),
      'a readable JSON file',
    );
  }
}
