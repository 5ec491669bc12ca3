import type { ProviderSchemaFile } from '../../../lib/standin/schema/types';

/**
 * A small provider of made-up things, covering what the stand-in must handle: a computed
 * numeric-string id, a number, a ForceNew attribute, a default on an optional attribute,
 * conflicting attributes, a recomputed value, a templated value, a nested block and a data source.
 */
export const THING_SCHEMA: ProviderSchemaFile = {
  address: 'registry.terraform.io/example/thing',
  version: '1.0.0',
  derivedFrom: 'hand-written test fixture',
  provider: {
    attributes: { endpoint: { type: 'string', optional: true } },
    block_types: {},
  },
  resources: {
    thing_widget: {
      version: 0,
      block: {
        attributes: {
          id: { type: 'string', optional: true, computed: true },
          name: { type: 'string', required: true },
          size: { type: 'number', optional: true },
          zone: { type: 'string', optional: true },
          mode: { type: 'string', optional: true },
          secret: { type: 'string', optional: true, sensitive: true },
          secret_file: { type: 'string', optional: true },
          etag: { type: 'string', computed: true },
          url: { type: 'string', computed: true },
          tags: { type: ['map', 'string'], optional: true },
        },
        block_types: {
          rule: {
            nesting_mode: 'list',
            block: {
              attributes: {
                match: { type: 'string', required: true },
                priority: { type: 'number', optional: true },
                rule_id: { type: 'string', computed: true },
              },
              block_types: {},
            },
          },
        },
      },
      behaviour: {
        source: 'test fixture',
        defaults: { mode: 'standard' },
        requiresReplace: ['zone'],
        conflicts: [['secret', 'secret_file']],
        allowedValues: { mode: ['standard', 'fast'] },
        recomputedBy: { etag: ['name'] },
        fakes: {
          id: { kind: 'digits', length: 16 },
          etag: { kind: 'hex', length: 8 },
          url: { kind: 'template', template: 'https://things.example.com/widgets/{id}' },
        },
      },
    },
    thing_link: {
      version: 0,
      block: {
        attributes: {
          id: { type: 'string', optional: true, computed: true },
          widget_id: { type: 'number', required: true },
          owner: { type: 'string', optional: true },
        },
        block_types: {},
      },
      behaviour: { source: 'test fixture', fakes: { id: { kind: 'uuid' } } },
    },
  },
  dataSources: {
    thing_lookup: {
      version: 0,
      block: {
        attributes: {
          id: { type: 'string', optional: true, computed: true },
          name: { type: 'string', required: true },
          owner_id: { type: 'string', computed: true },
          certificate: { type: 'string', computed: true },
        },
        block_types: {},
      },
      behaviour: {
        source: 'test fixture',
        fakes: { owner_id: { kind: 'digits', length: 12 }, certificate: { kind: 'certificate-base64' } },
      },
    },
  },
};
