import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { providerSchema } from '../../../lib/standin/schema/index';
import { ssoInProcess } from '../../cli/in-process';
import { example, synthesize } from '../../helpers';
import { conformanceProblems } from './conformance';

const schemas = {
  okta: providerSchema('okta'),
  databricks: providerSchema('databricks'),
  azuread: providerSchema('azuread'),
};

describe('the project synthesized against the derived schemas', () => {
  test('GIVEN the built-in staging and prod stacks WHEN checked THEN every argument, block and reference fits', () => {
    for (const [stack, json] of Object.entries(synthesize(example('staging'), example('prod')))) {
      expect({ stack, problems: conformanceProblems(JSON.parse(json), schemas) }).toEqual({
        stack,
        problems: [],
      });
    }
  });

  test('GIVEN the Entra, Azure and PingFederate examples WHEN synthesized and checked THEN everything fits', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-schema-'));
    const examples = ['entra-aws.yaml', 'azure.yaml', 'pingfederate-gcp.yaml'];
    const result = await ssoInProcess([
      'synth',
      ...examples.flatMap((file) => ['--declaration', path.join(__dirname, '../../../examples', file)]),
      '--out',
      out,
    ]);
    expect(result.stderr).toBe('');
    const stacks = fs.readdirSync(path.join(out, 'stacks'));
    expect(stacks).toHaveLength(3);
    for (const stack of stacks) {
      const json = JSON.parse(fs.readFileSync(path.join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      expect({ stack, problems: conformanceProblems(json, schemas) }).toEqual({ stack, problems: [] });
    }
    fs.rmSync(out, { recursive: true, force: true });
  });

  test('GIVEN a stack setting a computed attribute and an unknown one WHEN checked THEN both are reported', () => {
    const json = {
      resource: { okta_app_saml: { app: { label: 'x', certificate: 'c', lable: 'y' } } },
    };
    expect(conformanceProblems(json, schemas)).toEqual([
      'resource.okta_app_saml.app.certificate: computed only, cannot be set',
      'resource.okta_app_saml.app.lable: not in the schema',
    ]);
  });

  test('GIVEN two web blocks where the schema allows one WHEN checked THEN it is reported', () => {
    const json = { resource: { azuread_application: { app: { display_name: 'x', web: [{}, {}] } } } };
    expect(conformanceProblems(json, schemas)).toEqual([
      'resource.azuread_application.app.web: 2 blocks, at most 1',
    ]);
  });

  test('GIVEN a reference to an attribute the type lacks WHEN checked THEN it is reported', () => {
    const json = { output: { o: { value: '${okta_app_saml.app.entity_uri}' } } };
    expect(conformanceProblems(json, schemas)).toEqual([
      'okta_app_saml.app.entity_uri: entity_uri is not an attribute of okta_app_saml',
    ]);
  });
});
