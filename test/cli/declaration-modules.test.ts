import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, sso } from './sso';

/*
 * TypeScript declarations are compiled by esbuild, not by a require hook: the installed command
 * line is plain JavaScript, and a declaration must load the same way there as in this repository.
 */
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-declaration-module-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('GIVEN a TypeScript declaration importing a sibling TypeScript module WHEN sso validate runs THEN it validates', () => {
  // GIVEN
  fs.writeFileSync(
    path.join(dir, 'label.ts'),
    "export const label: string = 'Databricks (from a module)';\n",
  );
  fs.writeFileSync(
    path.join(dir, 'staging.ts'),
    [
      `import { staging } from ${JSON.stringify(path.join(ROOT, 'stacks', 'staging'))};`,
      "import { label } from './label';",
      'export default { ...staging, idp: { ...staging.idp, appLabel: label } };',
      '',
    ].join('\n'),
  );
  // WHEN
  const result = sso(['validate', '--declaration', path.join(dir, 'staging.ts')]);
  // THEN
  expect(result.stderr).toBe('');
  expect(result.stdout).toContain('staging: ok');
  expect(result.code).toBe(0);
});

test('GIVEN a TypeScript declaration that does not compile WHEN sso validate runs THEN one line names the file, line and column', () => {
  // GIVEN
  const file = path.join(dir, 'broken.ts');
  fs.writeFileSync(file, "export const staging = {\n  environment: 'staging',,\n};\n");
  // WHEN
  const result = sso(['validate', '--declaration', file]);
  // THEN
  expect(result.code).toBe(1);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/broken\.ts, which does not compile at .*broken\.ts:2:\d+: /);
  expect(result.stderr).not.toMatch(/\n\s+at /);
});

test('GIVEN a TypeScript declaration validated once WHEN a module it imports changes THEN the next run reads the change, not the compiled copy', () => {
  // GIVEN
  fs.writeFileSync(path.join(dir, 'label.ts'), "export const label: string = 'Databricks (first)';\n");
  const file = path.join(dir, 'staging.ts');
  fs.writeFileSync(
    file,
    [
      `import { staging } from ${JSON.stringify(path.join(ROOT, 'stacks', 'staging'))};`,
      "import { label } from './label';",
      'export default { ...staging, idp: { ...staging.idp, appLabel: label } };',
      '',
    ].join('\n'),
  );
  expect(sso(['validate', '--declaration', file]).code).toBe(0);
  // WHEN
  fs.writeFileSync(path.join(dir, 'label.ts'), 'export const label = 42 as unknown as string;\n');
  const result = sso(['validate', '--declaration', file]);
  // THEN
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/idp\.appLabel.*got 42/);
});
