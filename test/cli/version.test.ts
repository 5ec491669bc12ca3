import * as fs from 'fs';
import * as path from 'path';
import { ROOT, sso } from './sso';

test("GIVEN the command line WHEN sso --version runs THEN it prints the package's version", () => {
  // GIVEN
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  // WHEN
  const result = sso(['--version']);
  // THEN
  expect(result.stdout).toBe(`${version}\n`);
  expect(result.code).toBe(0);
});
