import { AppRoleAssignment } from '@cdktf/provider-azuread/lib/app-role-assignment';
import { DataAzureadApplicationTemplate } from '@cdktf/provider-azuread/lib/data-azuread-application-template';
import { DataAzureadGroup } from '@cdktf/provider-azuread/lib/data-azuread-group';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { SynchronizationJob } from '@cdktf/provider-azuread/lib/synchronization-job';
import { SynchronizationSecret } from '@cdktf/provider-azuread/lib/synchronization-secret';
import { Testing, TerraformStack } from 'cdktf';
import {
  EntraScimProvisioning,
  EntraScimProvisioningProps,
  SCIM_TOKEN_VARIABLE,
} from '../../lib/constructs/entra-scim-provisioning';
import type { SynthesizedJson } from '../helpers';

const ACCOUNT = '7b3e9c1d-2f4a-4b6c-8d0e-1a2b3c4d5e6f';
const PROPS: EntraScimProvisioningProps = {
  accountId: ACCOUNT,
  displayName: 'Databricks SCIM (staging)',
  groups: ['platform-admins', 'data-scientists'],
};

function synth(props: Partial<EntraScimProvisioningProps> = {}): string {
  return Testing.synthScope((scope) => {
    new AzureadProvider(scope, 'azuread', {});
    new EntraScimProvisioning(scope, 'scim', { ...PROPS, ...props });
  });
}

function build(props: Partial<EntraScimProvisioningProps>): () => void {
  return () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new EntraScimProvisioning(stack, 'scim', { ...PROPS, ...props });
  };
}

describe('EntraScimProvisioning', () => {
  test('GIVEN an account WHEN synthesized THEN the connector points at the account SCIM API with the token variable', () => {
    expect(synth()).toHaveResourceWithProperties(SynchronizationSecret, {
      credential: [
        {
          key: 'BaseAddress',
          value: `https://accounts.azuredatabricks.net/api/2.0/accounts/${ACCOUNT}/scim/v2`,
        },
        { key: 'SecretToken', value: `\${var.${SCIM_TOKEN_VARIABLE}}` },
      ],
    });
  });

  test('GIVEN defaults WHEN synthesized THEN the SCIM token is a sensitive, non-null string variable without a default', () => {
    const variable = (JSON.parse(synth()) as SynthesizedJson & { variable: Record<string, object> }).variable[
      SCIM_TOKEN_VARIABLE
    ];
    expect(variable).toEqual({
      type: 'string',
      sensitive: true,
      nullable: false,
      description: expect.stringContaining(`TF_VAR_${SCIM_TOKEN_VARIABLE}`),
    });
  });

  test("GIVEN defaults WHEN synthesized THEN the app comes from Microsoft's Azure Databricks SCIM connector", () => {
    expect(synth()).toHaveDataSourceWithProperties(DataAzureadApplicationTemplate, {
      display_name: 'Azure Databricks SCIM Provisioning Connector',
    });
  });

  test('GIVEN defaults WHEN synthesized THEN the dataBricks synchronization job runs once credentials exist', () => {
    expect(synth()).toHaveResourceWithProperties(SynchronizationJob, {
      template_id: 'dataBricks',
      enabled: true,
      depends_on: ['azuread_synchronization_secret.databricks_scim'],
    });
  });

  test('GIVEN groups WHEN synthesized THEN exactly those groups are assigned, so only they are provisioned', () => {
    const json = synth();
    expect(json).toHaveDataSourceWithProperties(DataAzureadGroup, {
      display_name: 'platform-admins',
      security_enabled: true,
    });
    expect(json).toHaveResourceWithProperties(AppRoleAssignment, {
      principal_object_id: '${data.azuread_group.platform-admins_scim.object_id}',
      resource_object_id: '${azuread_service_principal.databricks_scim.object_id}',
    });
    expect(Object.keys(JSON.parse(json).resource.azuread_app_role_assignment)).toEqual([
      'data-scientists_scim',
      'platform-admins_scim',
    ]);
  });

  test('GIVEN movedFrom per-kind-maps WHEN synthesized THEN each assignment moves from its for_each instance', () => {
    expect(JSON.parse(synth({ movedFrom: 'per-kind-maps' })).moved).toContainEqual({
      from: 'azuread_app_role_assignment.databricks_scim["platform-admins"]',
      to: 'azuread_app_role_assignment.platform-admins_scim',
    });
  });

  test.each([
    [{ groups: [] }, /EntraScimProvisioning\.groups: expected at least one group to provision/],
    [{ groups: ['a', 'a'] }, /EntraScimProvisioning\.groups: expected each group once/],
    [{ accountId: 'acme' }, /EntraScimProvisioning\.accountId: expected a Databricks account id/],
  ] as [Partial<EntraScimProvisioningProps>, RegExp][])(
    'GIVEN %o WHEN built THEN it is rejected naming the field',
    (props, message) => {
      expect(build(props)).toThrow(message);
    },
  );
});
