import { shardBackend, shardOf } from '../../../lib/core/declaration/shards';

describe('shardOf', () => {
  test('GIVEN a group name THEN its shard depends on the name alone, the same on every machine and release', () => {
    // Pinned: a change here would move groups between states on the next deploy.
    expect(['data-scientists', 'analysts', 'ml-engineers', 'team-00001'].map((g) => shardOf(g, 8))).toEqual([
      8, 7, 8, 7,
    ]);
  });

  test('GIVEN many groups THEN every shard gets a share', () => {
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 4000; i++) counts[shardOf(`team-${i}`, 8) - 1]! += 1;
    expect(Math.min(...counts)).toBeGreaterThan(400);
  });

  test('GIVEN one shard THEN every group is in shard 1', () => {
    expect(shardOf('anything', 1)).toBe(1);
  });
});

describe('shardBackend', () => {
  test('GIVEN the default local backend THEN the shard gets its own state file', () => {
    expect(shardBackend({ type: 'local' }, 'prod', 2)).toEqual({
      type: 'local',
      path: 'terraform.prod-mappings-2.tfstate',
    });
  });

  test('GIVEN an S3 key THEN the shard key sits beside it', () => {
    expect(
      shardBackend(
        {
          type: 's3',
          bucket: 'b',
          key: 'sso/prod.tfstate',
          region: 'eu-west-1',
          encrypt: true,
          useLockfile: true,
        },
        'prod',
        3,
      ),
    ).toEqual(expect.objectContaining({ key: 'sso/prod-mappings-3.tfstate', encrypt: true }));
  });

  test('GIVEN GCS and HCP Terraform THEN prefix and workspace are suffixed', () => {
    expect(shardBackend({ type: 'gcs', bucket: 'b', prefix: 'sso/prod' }, 'prod', 1)).toEqual({
      type: 'gcs',
      bucket: 'b',
      prefix: 'sso/prod/mappings-1',
    });
    expect(shardBackend({ type: 'cloud', organization: 'acme', workspace: 'sso-prod' }, 'prod', 1)).toEqual({
      type: 'cloud',
      organization: 'acme',
      workspace: 'sso-prod-mappings-1',
    });
  });
});
