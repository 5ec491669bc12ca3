import type { Backend, GroupMapping } from './schema';

/**
 * The most resource instances one stack should hold. Terraform's plan of a stack grows linearly
 * with its instances in the per-group layout, in time and in memory: measured with the stand-in
 * providers on this project's machine class (2 cores), about 65 MB of Terraform's own memory per
 * 1,000 instances (0.7 GB at 10,000, 1.4 GB at 20,000) and one to two minutes per 10,000
 * (bench/results.md). At 10,000 two plans run side by side well inside 1.5 GB each, and a refresh
 * against the real APIs stays within minutes (README, Performance).
 */
export const STACK_INSTANCE_CEILING = 10_000;

/** The mapping shards that keep each of them under `ceiling`, for `instances` of mappings. */
export function shardsFor(instances: number, ceiling = STACK_INSTANCE_CEILING): number {
  return Math.max(1, Math.ceil(instances / ceiling));
}

/**
 * The shard (1..count) a group's mappings live in: a hash of its name alone, so a group stays
 * in its shard as others are added or removed. FNV-1a: small, stable across Node versions.
 */
export function shardOf(group: string, count: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(group, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % count) + 1;
}

/**
 * The groups of each shard, shard 1 first: every group in exactly one, each name hashed once.
 * No shards (count 0) is an empty list.
 */
export function partitionShards(
  groups: Readonly<Record<string, GroupMapping>>,
  count: number,
): Record<string, GroupMapping>[] {
  if (count === 0) return [];
  const shards = Array.from({ length: count }, () => ({}) as Record<string, GroupMapping>);
  for (const [name, mapping] of Object.entries(groups))
    (shards[shardOf(name, count) - 1] as Record<string, GroupMapping>)[name] = mapping;
  return shards;
}

/** The stack that holds shard `index` of an environment's mappings. */
export function shardStackName(environment: string, index: number): string {
  return `${environment}-mappings-${index}`;
}

/**
 * A local state's path as the backend block holds it. Terraform resolves it from the stack's
 * working directory (`cdktf.out/stacks/<stack>`), which `sso synth` and `cdktf synth` rewrite, so
 * the state lives three levels up, next to `cdktf.out`: in the project, outside the output.
 * Relative, so the synthesized JSON is the same on every machine.
 */
export function localStatePath(path: string | undefined, stack: string): string {
  return `../../../${path ?? `terraform.${stack}.tfstate`}`;
}

/** Each shard keeps its own state next to the environment's: same backend, its own key. */
export function shardBackend(backend: Backend, environment: string, index: number): Backend {
  const suffix = `-mappings-${index}`;
  const beforeExtension = (key: string) =>
    key.endsWith('.tfstate') ? `${key.slice(0, -'.tfstate'.length)}${suffix}.tfstate` : `${key}${suffix}`;
  switch (backend.type) {
    case 'local':
      return { ...backend, path: beforeExtension(backend.path ?? `terraform.${environment}.tfstate`) };
    case 's3':
    case 'azurerm':
      return { ...backend, key: beforeExtension(backend.key) };
    case 'gcs':
      return { ...backend, prefix: `${backend.prefix}/mappings-${index}` };
    case 'cloud':
      return { ...backend, workspace: `${backend.workspace}${suffix}` };
  }
}
