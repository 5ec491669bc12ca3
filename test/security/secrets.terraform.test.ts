import * as fs from 'fs';
import * as path from 'path';
import { describeWithTerraform } from '../terraform';
import { tempDir } from './cli';
import { type Artifact, failures, fromExamples, leaks, runPlanted } from './planted';

/* `sso preflight` runs Terraform with the planted secrets in its environment: secrets.test.ts covers every other command. */
describeWithTerraform('planted secrets under sso preflight', () => {
  const work = tempDir('secrets-preflight');
  const builtIn = path.join(work, 'built-in');
  const examples = path.join(work, 'examples');
  const artifacts: Artifact[] = [];

  beforeAll(async () => {
    await runPlanted(['synth', '--out', builtIn], artifacts);
    await runPlanted(['synth', ...fromExamples, '--out', examples], artifacts);
    // preflight runs Terraform on every stack of both outputs.
    await runPlanted(['preflight', '--out', builtIn], artifacts);
    await runPlanted(['preflight', '--out', examples, '--json'], artifacts);
  }, 180_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('GIVEN the built-in and example outputs WHEN preflighted with real arguments THEN each run succeeded', () => {
    expect(failures(artifacts)).toEqual([]);
    expect(artifacts.map((a) => a.invocation.split(' ')[1])).toEqual([
      'synth',
      'synth',
      'preflight',
      'preflight',
    ]);
  });

  test('GIVEN a secret in every provider variable and TF_VAR_ WHEN sso preflight runs Terraform THEN no stdout, stderr or written file holds it', () => {
    expect(leaks(artifacts, work)).toEqual([]);
  });
});
