import * as crypto from 'crypto';
import {
  applyResourceChange,
  importResourceState,
  planResourceChange,
  readDataSource,
  readResource,
  validateConfig,
} from '../../../lib/standin/provider/planner';
import { objectValue, UNKNOWN, type ObjectValue, type Value } from '../../../lib/standin/provider/values';
import type { ResourceSchema } from '../../../lib/standin/schema/types';
import { THING_SCHEMA } from './fixture';

const WIDGET = THING_SCHEMA.resources['thing_widget'] as ResourceSchema;
const LOOKUP = THING_SCHEMA.dataSources['thing_lookup'] as ResourceSchema;

/** A full widget value: every attribute null and no rule unless given. */
function widget(values: { [name: string]: Value } = {}): ObjectValue {
  const empty = Object.fromEntries(Object.keys(WIDGET.block.attributes).map((name) => [name, null]));
  return objectValue(Object.entries({ ...empty, rule: [], ...values }));
}

const rule = (values: { [name: string]: Value }) =>
  objectValue(Object.entries({ match: null, priority: null, rule_id: null, ...values }));

/** Plans and applies a create of the configuration, as Terraform would. */
function created(config: ObjectValue): ObjectValue {
  const { planned } = planResourceChange(WIDGET, { prior: null, proposed: config, config });
  const state = applyResourceChange(WIDGET, 'thing_widget', { planned, config });
  if (state === null) throw new Error('no state');
  return state;
}

describe('validateConfig', () => {
  test('GIVEN a value on a computed-only attribute THEN "Value for unconfigurable attribute" at its path', () => {
    const diagnostics = validateConfig(WIDGET, widget({ name: 'a', etag: 'x' }));

    expect(diagnostics).toEqual([
      {
        severity: 'error',
        summary: 'Value for unconfigurable attribute',
        detail:
          'Can\'t configure a value for "etag": its value will be decided automatically based on the result of applying this configuration.',
        attribute: [{ attribute: 'etag' }],
      },
    ]);
  });

  test('GIVEN a computed-only attribute set in a nested block THEN its path goes through the block index', () => {
    const diagnostics = validateConfig(
      WIDGET,
      widget({ name: 'a', rule: [rule({ match: 'm' }), rule({ rule_id: 'r' })] }),
    );

    expect(diagnostics.map((d) => [d.attribute, d.detail])).toEqual([
      [
        [{ attribute: 'rule' }, { index: 1 }, { attribute: 'rule_id' }],
        expect.stringContaining('"rule.1.rule_id"'),
      ],
    ]);
  });

  test('GIVEN an unknown value on a computed-only attribute THEN it is rejected too', () => {
    expect(validateConfig(WIDGET, widget({ name: 'a', url: UNKNOWN })).map((d) => d.summary)).toEqual([
      'Value for unconfigurable attribute',
    ]);
  });

  test('GIVEN two conflicting attributes set THEN each is reported against the other', () => {
    const diagnostics = validateConfig(WIDGET, widget({ name: 'a', secret: 's', secret_file: 'f' }));

    expect(diagnostics.map((d) => [d.summary, d.detail, d.attribute])).toEqual([
      [
        'Conflicting configuration arguments',
        '"secret": conflicts with secret_file',
        [{ attribute: 'secret' }],
      ],
      [
        'Conflicting configuration arguments',
        '"secret_file": conflicts with secret',
        [{ attribute: 'secret_file' }],
      ],
    ]);
  });

  test('GIVEN an attribute conflicting with a list block that is absent THEN no conflict: an empty block list is not set', () => {
    // Terraform sends an absent block as an empty list (azuread_service_principal features).
    const schema = { ...WIDGET, behaviour: { source: 'test', conflicts: [['secret', 'rule']] } };

    expect(validateConfig(schema, widget({ name: 'a', secret: 's', rule: [] }))).toEqual([]);
    expect(
      validateConfig(schema, widget({ name: 'a', secret: 's', rule: [rule({ match: 'm' })] })),
    ).toHaveLength(2);
  });

  test('GIVEN a conflicting attribute still unknown THEN the check waits for its value', () => {
    expect(validateConfig(WIDGET, widget({ name: 'a', secret: 's', secret_file: UNKNOWN }))).toEqual([]);
  });

  test('GIVEN a value outside the allowed ones THEN the SDK wording names the attribute and the choices', () => {
    const diagnostics = validateConfig(WIDGET, widget({ name: 'a', mode: 'slow' }));

    expect(diagnostics).toEqual([
      {
        severity: 'error',
        summary: 'expected mode to be one of ["standard" "fast"], got slow',
        attribute: [{ attribute: 'mode' }],
      },
    ]);
  });

  test('GIVEN an exactly-one-of group with none or two set THEN each member reports it', () => {
    const schema = { ...WIDGET, behaviour: { source: 'test', exactlyOneOf: [['secret_file', 'secret']] } };

    const none = validateConfig(schema, widget({ name: 'a' }));
    const two = validateConfig(schema, widget({ name: 'a', secret: 's', secret_file: 'f' }));

    expect(none.map((d) => [d.summary, d.detail])).toEqual([
      ['Invalid combination of arguments', '"secret": one of `secret,secret_file` must be specified'],
      ['Invalid combination of arguments', '"secret_file": one of `secret,secret_file` must be specified'],
    ]);
    expect(two[0]?.detail).toBe(
      '"secret": only one of `secret,secret_file` can be specified, but `secret,secret_file` were specified.',
    );
  });

  test('GIVEN an at-least-one-of group with none set THEN each member says one of them must be specified', () => {
    const schema = { ...WIDGET, behaviour: { source: 'test', atLeastOneOf: [['size', 'zone']] } };

    expect(validateConfig(schema, widget({ name: 'a' })).map((d) => [d.summary, d.detail])).toEqual([
      ['Missing required argument', '"size": one of `size,zone` must be specified'],
      ['Missing required argument', '"zone": one of `size,zone` must be specified'],
    ]);
    expect(validateConfig(schema, widget({ name: 'a', zone: UNKNOWN }))).toEqual([]);
  });

  test('GIVEN an attribute set without the ones it requires THEN it says all of them must be specified', () => {
    const schema = { ...WIDGET, behaviour: { source: 'test', requiredWith: { secret: ['zone'] } } };

    expect(validateConfig(schema, widget({ name: 'a', secret: 's' }))).toEqual([
      {
        severity: 'error',
        summary: 'Missing required argument',
        detail: '"secret": all of `secret,zone` must be specified',
        attribute: [{ attribute: 'secret' }],
      },
    ]);
    expect(validateConfig(schema, widget({ name: 'a' }))).toEqual([]);
  });

  test('GIVEN a value not matching the pattern THEN the SDK wording names the expression, the whole value must match', () => {
    const schema = { ...WIDGET, behaviour: { source: 'test', patterns: { zone: '[a-z]{2}' } } };

    expect(validateConfig(schema, widget({ name: 'a', zone: 'eu' }))).toEqual([]);
    expect(validateConfig(schema, widget({ name: 'a', zone: 'eu-1' })).map((d) => d.summary)).toEqual([
      'expected value of zone to match regular expression "[a-z]{2}", got eu-1',
    ]);
  });

  test('GIVEN a list element outside the allowed values THEN its index is in the path and the key', () => {
    const schema = {
      ...WIDGET,
      block: {
        ...WIDGET.block,
        attributes: {
          ...WIDGET.block.attributes,
          zones: { type: ['list', 'string'] as const, optional: true },
        },
      },
      behaviour: { source: 'test', allowedValues: { zones: ['eu', 'us'] } },
    };

    const diagnostics = validateConfig(schema, widget({ name: 'a', zones: ['eu', 'mars'] }));

    expect(diagnostics.map((d) => [d.summary, d.attribute])).toEqual([
      ['expected zones.1 to be one of ["eu" "us"], got mars', [{ attribute: 'zones' }, { index: 1 }]],
    ]);
  });

  test('GIVEN a value only the API rejects THEN a warning, not an error: the real plan succeeds', () => {
    const schema = { ...WIDGET, behaviour: { source: 'test', apiAllowedValues: { zone: ['eu', 'us'] } } };

    const diagnostics = validateConfig(schema, widget({ name: 'a', zone: 'mars' }));

    expect(diagnostics.map((d) => [d.severity, d.summary])).toEqual([
      ['warning', 'expected zone to be one of ["eu" "us"], got mars'],
    ]);
  });
});

describe('planResourceChange', () => {
  test('GIVEN a create THEN computed attributes null in the proposed state are unknown, nested ones too', () => {
    const config = widget({ name: 'a', rule: [rule({ match: 'm' })] });

    const { planned } = planResourceChange(WIDGET, { prior: null, proposed: config, config });

    expect(planned?.['id']).toBe(UNKNOWN);
    expect(planned?.['etag']).toBe(UNKNOWN);
    expect(planned?.['url']).toBe(UNKNOWN);
    expect((planned?.['rule'] as ObjectValue[])[0]?.['rule_id']).toBe(UNKNOWN);
    expect(planned?.['size']).toBeNull();
  });

  test('GIVEN an optional+computed attribute set in the configuration THEN the plan keeps the configured value', () => {
    const config = widget({ name: 'a', id: 'chosen' });

    expect(planResourceChange(WIDGET, { prior: null, proposed: config, config }).planned?.['id']).toBe(
      'chosen',
    );
  });

  test('GIVEN an unset attribute with a default THEN the plan holds the default, under the legacy type system', () => {
    const config = widget({ name: 'a' });

    const plan = planResourceChange(WIDGET, { prior: null, proposed: config, config });

    expect(plan.planned?.['mode']).toBe('standard');
    // mode is not computed: Terraform accepts a planned default there only from the legacy SDK.
    expect(plan.legacyTypeSystem).toBe(true);
  });

  test('GIVEN no default applies THEN the plan does not claim the legacy type system', () => {
    const config = widget({ name: 'a', mode: 'fast' });

    expect(planResourceChange(WIDGET, { prior: null, proposed: config, config }).legacyTypeSystem).toBe(
      false,
    );
  });

  test('GIVEN an update THEN prior computed values are kept and nothing is replaced', () => {
    const prior = created(widget({ name: 'a', zone: 'eu' }));
    const config = widget({ name: 'a', zone: 'eu', size: 2 });
    const proposed = objectValue(Object.entries({ ...prior, size: 2 }));

    const plan = planResourceChange(WIDGET, { prior, proposed, config });

    expect(plan.planned?.['etag']).toBe(prior['etag']);
    expect(plan.planned?.['id']).toBe(prior['id']);
    expect(plan.requiresReplace).toEqual([]);
  });

  test('GIVEN an update of an input of a recomputed value THEN that value is unknown again', () => {
    const prior = created(widget({ name: 'a' }));
    const config = widget({ name: 'b' });
    const proposed = objectValue(Object.entries({ ...prior, name: 'b' }));

    const { planned } = planResourceChange(WIDGET, { prior, proposed, config });

    expect(planned?.['etag']).toBe(UNKNOWN);
    expect(planned?.['url']).toBe(prior['url']);
  });

  test('GIVEN a change of a ForceNew attribute THEN the plan requires replacement at its path', () => {
    const prior = created(widget({ name: 'a', zone: 'eu' }));
    const config = widget({ name: 'a', zone: 'us' });
    const proposed = objectValue(Object.entries({ ...prior, zone: 'us' }));

    expect(planResourceChange(WIDGET, { prior, proposed, config }).requiresReplace).toEqual([
      [{ attribute: 'zone' }],
    ]);
  });

  test('GIVEN a destroy THEN the plan is null', () => {
    const prior = created(widget({ name: 'a' }));

    expect(planResourceChange(WIDGET, { prior, proposed: null, config: null }).planned).toBeNull();
  });
});

describe('applyResourceChange', () => {
  test('GIVEN the same configuration twice THEN the same fakes', () => {
    const config = widget({ name: 'a', rule: [rule({ match: 'm' })] });

    expect(created(config)).toEqual(created(config));
  });

  test('GIVEN another configuration THEN other fakes', () => {
    expect(created(widget({ name: 'a' }))['id']).not.toEqual(created(widget({ name: 'b' }))['id']);
  });

  test('GIVEN a digits shape THEN the id is that many decimal digits, not starting with 0', () => {
    expect(created(widget({ name: 'a' }))['id']).toMatch(/^[1-9]\d{15}$/);
  });

  test('GIVEN a template shape THEN it is built from the faked value it names', () => {
    const state = created(widget({ name: 'a' }));

    expect(state['url']).toBe(`https://things.example.com/widgets/${String(state['id'])}`);
  });

  test('GIVEN a nested computed value, which has no shape THEN a generic fake of its type', () => {
    const state = created(widget({ name: 'a', rule: [rule({ match: 'm' })] }));

    expect((state['rule'] as ObjectValue[])[0]?.['rule_id']).toMatch(/^[1-9]\d{14}$/);
  });

  test('GIVEN templates naming each other THEN the apply fails and names them', () => {
    const fakes = {
      etag: { kind: 'template', template: '{url}' },
      url: { kind: 'template', template: '{etag}' },
    } as const;
    const schema = { ...WIDGET, behaviour: { source: 'test', fakes } };
    const config = widget({ name: 'a' });
    const { planned } = planResourceChange(schema, { prior: null, proposed: config, config });

    expect(() => applyResourceChange(schema, 'thing_widget', { planned, config })).toThrow(
      'the fake templates of etag, url refer to each other',
    );
  });

  test('GIVEN known planned values THEN they are kept as planned', () => {
    const state = created(widget({ name: 'a', size: 4, mode: 'fast' }));

    expect([state['name'], state['size'], state['mode']]).toEqual(['a', 4, 'fast']);
  });
});

describe('reading', () => {
  test('GIVEN a state WHEN read THEN it comes back unchanged', () => {
    const state = created(widget({ name: 'a' }));

    expect(readResource(WIDGET, 'thing_widget', state)).toEqual(state);
  });

  test('GIVEN an imported id WHEN read THEN the id stays and computed values get fakes', () => {
    const imported = importResourceState(WIDGET, '42');

    const state = readResource(WIDGET, 'thing_widget', imported);

    expect(state?.['id']).toBe('42');
    expect(state?.['url']).toBe('https://things.example.com/widgets/42');
    expect(state?.['name']).toBeNull();
  });

  test('GIVEN a data source read twice with the same configuration THEN the same shaped values', () => {
    const config = objectValue([
      ['id', null],
      ['name', 'bob'],
      ['owner_id', null],
      ['certificate', null],
    ]);

    const first = readDataSource(LOOKUP, 'thing_lookup', config);

    expect(readDataSource(LOOKUP, 'thing_lookup', config)).toEqual(first);
    expect(first['owner_id']).toMatch(/^[1-9]\d{11}$/);
    const certificate = new crypto.X509Certificate(Buffer.from(String(first['certificate']), 'base64'));
    expect(certificate.publicKey.asymmetricKeyType).toBe('rsa');
    expect(certificate.validTo).toBe('Jan  1 00:00:00 2035 GMT');
  });
});
