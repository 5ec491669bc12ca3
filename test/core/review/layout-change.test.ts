import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesizeToDirectory } from '../../../lib/cli/synthesize';
import {
  loadSynthesizedOutput,
  outputFromStacks,
  reviewOutputs,
  type Finding,
} from '../../../lib/core/review';
import type { JsonObject } from '../../../lib/core/terraform/json';

/*
 * A change of layout is no change of access: the review reads grants by meaning, so the per-kind
 * layout (the upgrade fixture, synthesized at ea5cd4b) against today's per-group layout of the same
 * declarations shows the blocks that moved, and nothing a reviewer would have to approve.
 */
const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'per-kind-layout');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(FIXTURE, file), 'utf8')) as JsonObject;

function review(movedFrom?: 'per-kind-maps'): Finding[] {
  const declaration = (name: string) => ({
    ...read(`declarations/${name}.json`),
    ...(movedFrom ? { movedFrom } : {}),
  });
  const base = outputFromStacks(
    ['staging', 'prod'].map((name) => ({
      name,
      json: read(`stacks/${name}.tf.json`),
      dependencies: name === 'prod' ? ['staging'] : [],
    })),
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-layout-change-'));
  let head;
  try {
    synthesizeToDirectory(
      ['staging', 'prod'].map((name) => ({ input: declaration(name), source: name })),
      dir,
    );
    head = loadSynthesizedOutput(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return [...reviewOutputs(base, head, new Date('2026-11-25T00:00:00Z')).findings];
}

describe('reviewing the change from the per-kind layout', () => {
  test('GIVEN movedFrom WHEN the per-kind output is reviewed against the per-group one THEN no access changes: low findings say which blocks moved, and they wait for no staging', () => {
    const findings = review('per-kind-maps');

    // The local it no longer needs goes like any configuration change: staging first.
    expect(
      findings.filter((f) => f.severity !== 'low').map((f) => [f.environment, f.kind, f.subject]),
    ).toEqual([['prod', 'promotion', 'local group_ids']]);
    expect(findings.filter((f) => f.kind === 'access' && !/moved block/.test(f.message))).toEqual([]);
    expect(findings).toContainEqual(
      expect.objectContaining({
        environment: 'prod',
        subject: 'databricks_mws_permission_assignment.user_assignment',
        message: expect.stringMatching(
          /^databricks_mws_permission_assignment\.user_assignment split into \d+ blocks \(.*\) with moved blocks: no effect on the resources$/,
        ) as string,
      }),
    );
  });

  test('GIVEN no movedFrom WHEN reviewed THEN the review says Terraform destroys and creates the grant blocks', () => {
    expect(review()).toContainEqual(
      expect.objectContaining({
        environment: 'staging',
        subject: 'databricks_mws_permission_assignment',
        message: expect.stringMatching(
          /blocks change address without a moved block: Terraform destroys/,
        ) as string,
      }),
    );
  });
});
