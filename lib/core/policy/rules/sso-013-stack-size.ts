import { shardsFor, STACK_INSTANCE_CEILING } from '../../declaration/shards';
import type { PolicyRule, Violation } from '../types';

/** The instances the mapping shards split: a stack of the environment minus what stays in its main stack. */
const MAPPING_TYPES = new Set([
  'databricks_mws_permission_assignment',
  'databricks_entitlements',
  'databricks_group',
  'databricks_group_role',
]);

export const stackSize: PolicyRule = {
  id: 'SSO-013',
  title: `Each stack holds at most ${STACK_INSTANCE_CEILING.toLocaleString('en-US')} resource instances`,
  level: 'warning',
  explanation:
    'Split the group mappings across stacks with mappingShards (each shard has its own state and plans in ' +
    'parallel with the others). Terraform plans a stack in time and memory that grow with its instances, ' +
    'about 0.7 GB and one to two minutes per 10,000, and refreshes it through API rate limits: a smaller ' +
    'stack keeps plans, reviews and refreshes short.',
  check({ declaration, terraform }) {
    const sizes = terraform.resourceInstances();
    const over = [...sizes].filter(([, instances]) => instances > STACK_INSTANCE_CEILING);
    if (over.length === 0) return [];
    const mappings = terraform
      .resources()
      .filter((block) => MAPPING_TYPES.has(block.type))
      .reduce((sum, block) => sum + (terraform.instances(block)?.length ?? 1), 0);
    // Shards split by a hash of the group name, so one may still run over: then one more.
    const shards = Math.max(shardsFor(mappings), declaration.mappingShards + 1);
    const split = `set mappingShards: ${shards} (about ${Math.ceil(mappings / shards).toLocaleString('en-US')} mapping instances per stack)`;
    return over.map(([stack, instances]): Violation => {
      const mainWithShards = stack === declaration.environment && declaration.mappingShards > 0;
      return {
        path: 'mappingShards',
        message:
          `stack ${stack} holds ${instances.toLocaleString('en-US')} resource instances, over ` +
          `${STACK_INSTANCE_CEILING.toLocaleString('en-US')}: ` +
          (mainWithShards
            ? 'what it holds besides the mappings (the IdP group assignments) is not split by shards: map fewer groups in this environment'
            : split),
      };
    });
  },
};
