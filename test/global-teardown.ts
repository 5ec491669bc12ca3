import * as fs from 'fs';

/** Removes the command line test/global-setup.ts compiled. */
export default function globalTeardown(): void {
  const dir = process.env.SSO_TEST_CLI;
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
}
