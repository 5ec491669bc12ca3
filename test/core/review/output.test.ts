import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ValidationError } from '../../../lib/core/errors';
import { loadSynthesizedOutput } from '../../../lib/core/review';
import { example, writeOutput, type Json } from './outputs';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-review-test-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeManifest(manifest: Json): void {
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
}

describe('loadSynthesizedOutput', () => {
  test('GIVEN cdktf layout WHEN loaded THEN environments and their promotion order come from the manifest', () => {
    writeOutput(dir, example());

    const output = loadSynthesizedOutput(dir);

    expect([...output.environments.values()].map((e) => [e.name, e.promotesAfter])).toEqual([
      ['prod', ['staging']],
      ['staging', []],
    ]);
  });

  test('GIVEN a directory without manifest.json WHEN loaded THEN a ValidationError says what was expected', () => {
    expect(() => loadSynthesizedOutput(dir, '--base-out')).toThrow(ValidationError);
    expect(() => loadSynthesizedOutput(dir, '--base-out')).toThrow(
      /--base-out: expected a synthesized output directory/,
    );
  });

  test('GIVEN a manifest pointing outside the directory WHEN loaded THEN it is refused', () => {
    writeManifest({ stacks: { prod: { synthesizedStackPath: '../../etc/passwd' } } });

    expect(() => loadSynthesizedOutput(dir)).toThrow(/expected a path inside the output directory/);
  });

  test('GIVEN a stack file that is not JSON WHEN loaded THEN the error names the file', () => {
    writeManifest({ stacks: { prod: { synthesizedStackPath: 'stacks/prod/cdk.tf.json' } } });
    fs.mkdirSync(path.join(dir, 'stacks', 'prod'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'stacks', 'prod', 'cdk.tf.json'), '{ not json');

    expect(() => loadSynthesizedOutput(dir)).toThrow(/prod\/cdk\.tf\.json: expected a readable JSON file/);
  });
});
