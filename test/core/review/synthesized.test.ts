import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesizeToDirectory } from '../../../lib/cli/synthesize';
import { loadSynthesizedOutput, reviewOutputs, type Finding } from '../../../lib/core/review';
import { example } from '../../helpers';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-review-synth-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * Synthesizes the built-in staging and prod as `sso synth` does (Testing.synth drops the "//"
 * metadata the review reads), then reviews them against the same declarations changed by `change`.
 */
function reviewDeclarations(
  change: (declarations: { staging: Record<string, unknown>; prod: Record<string, unknown> }) => void,
): Finding[] {
  const base = { staging: example('staging'), prod: example('prod') };
  const head = structuredClone(base);
  change(head);
  const output = (d: typeof base, name: string) => {
    const dir = path.join(tmp, name);
    synthesizeToDirectory(
      [d.staging, d.prod].map((input, i) => ({ input, source: `test declaration ${i}` })),
      dir,
    );
    return loadSynthesizedOutput(dir);
  };
  return [...reviewOutputs(output(base, 'base'), output(head, 'head')).findings];
}

const grantAdmin = (declaration: Record<string, unknown>, workspace: string) => {
  const groups = declaration.groups as Record<
    string,
    { workspaces: Record<string, string>; privileged?: boolean }
  >;
  const group = groups['data-scientists'];
  if (group === undefined) throw new Error('the example has no data-scientists');
  group.privileged = true;
  group.workspaces[workspace] = 'ADMIN';
};

describe('reviewing synthesized stacks', () => {
  test('GIVEN the built-in prod grants data-scientists ADMIN on ml-prod WHEN reviewed THEN exactly a high access and a high promotion finding', () => {
    const findings = reviewDeclarations((d) => grantAdmin(d.prod, 'ml-prod'));

    expect(findings.map((f) => [f.environment, f.severity, f.kind, f.subject])).toEqual([
      ['prod', 'high', 'access', 'data-scientists on ml-prod'],
      ['prod', 'high', 'promotion', 'data-scientists on ml-prod'],
    ]);
  });

  test('GIVEN a declared promotionOverride WHEN prod changes alone THEN the synthesized stack carries it and the review reports it instead of blocking', () => {
    const findings = reviewDeclarations((d) => {
      grantAdmin(d.prod, 'ml-prod');
      d.prod.promotionOverride = { reason: 'INC-4711: jobs need an admin tonight' };
    });

    expect(findings.filter((f) => f.kind === 'promotion').map((f) => [f.severity, f.subject])).toEqual([
      ['medium', 'promotionOverride'],
      ['low', 'data-scientists on ml-prod'],
    ]);
  });
});
