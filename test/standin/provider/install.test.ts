import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { installStandins, terraformPlatform } from '../../../lib/standin/install';
import { THING_SCHEMA } from './fixture';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'standin-install-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('GIVEN a schema WHEN installed THEN an executable wrapper under the address, version and platform runs node on the bundle', () => {
  const installed = installStandins({ dir: path.join(work, 'layout'), schemas: [THING_SCHEMA] });

  const [provider] = installed.providers;
  expect(provider?.executable).toBe(
    path.join(
      installed.mirrorDir,
      'registry.terraform.io/example/thing/1.0.0',
      terraformPlatform(),
      'terraform-provider-thing_v1.0.0',
    ),
  );
  expect(fs.statSync(provider?.executable ?? '').mode & 0o111).not.toBe(0);
  expect(fs.readFileSync(provider?.executable ?? '', 'utf8')).toBe(
    `#!/bin/sh\nexec '${process.execPath}' '${installed.bundle}' '${provider?.schemaFile}'\n`,
  );
  expect(JSON.parse(fs.readFileSync(provider?.schemaFile ?? '', 'utf8'))).toEqual(THING_SCHEMA);
});

test('GIVEN an installation WHEN its CLI configuration is read THEN the mirror serves its addresses, which are never downloaded', () => {
  const installed = installStandins({ dir: path.join(work, 'config'), schemas: [THING_SCHEMA] });

  const config = fs.readFileSync(installed.cliConfigFile, 'utf8');

  expect(installed.cliConfigFile).toBe(path.join(work, 'config', 'terraform.rc'));
  expect(config).toContain(`path    = "${installed.mirrorDir}"`);
  expect(config).toContain('include = ["registry.terraform.io/example/thing"]');
  expect(config).toContain('exclude = ["registry.terraform.io/example/thing"]');
});

test('GIVEN the same schemas installed again into the same directory THEN the installation is kept as it is', () => {
  const dir = path.join(work, 'again');
  const first = installStandins({ dir, schemas: [THING_SCHEMA] });
  const written = fs.statSync(first.bundle).mtimeMs;

  const second = installStandins({ dir, schemas: [THING_SCHEMA] });

  expect(second).toEqual(first);
  expect(fs.statSync(second.bundle).mtimeMs).toBe(written);
});

test('GIVEN a directory holding stand-ins of other schemas THEN installing there fails rather than mixing them', () => {
  const dir = path.join(work, 'other');
  installStandins({ dir, schemas: [THING_SCHEMA] });

  expect(() => installStandins({ dir, schemas: [{ ...THING_SCHEMA, version: '2.0.0' }] })).toThrow(
    'already exists and holds something else than these stand-ins',
  );
});

test('GIVEN two processes installing into the same directory at once THEN both succeed and one complete installation is left', async () => {
  const dir = path.join(work, 'race');
  const script = `
    const { installStandins } = require(${JSON.stringify(path.resolve(__dirname, '../../../lib/standin/install.ts'))});
    const { THING_SCHEMA } = require(${JSON.stringify(path.join(__dirname, 'fixture.ts'))});
    installStandins({ dir: ${JSON.stringify(dir)}, schemas: [THING_SCHEMA] });
  `;
  const install = () =>
    new Promise<number | null>((resolve) =>
      spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { stdio: 'inherit' }).on(
        'exit',
        resolve,
      ),
    );

  const codes = await Promise.all([install(), install()]);

  expect(codes).toEqual([0, 0]);
  expect(fs.readdirSync(work).filter((entry) => entry.startsWith('race'))).toEqual(['race']);
  expect(fs.existsSync(path.join(dir, 'terraform.rc'))).toBe(true);
}, 30_000);

test('GIVEN Node platform names THEN the Terraform platform names; a platform without sh THEN an error', () => {
  expect(terraformPlatform('linux', 'x64')).toBe('linux_amd64');
  expect(terraformPlatform('linux', 'arm64')).toBe('linux_arm64');
  expect(terraformPlatform('darwin', 'arm64')).toBe('darwin_arm64');
  expect(() => terraformPlatform('win32', 'x64')).toThrow('stand-in providers do not run on win32/x64');
});
