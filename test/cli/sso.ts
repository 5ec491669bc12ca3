import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the `sso` command line in a child process, as a user would, with a time bound. */
export function sso(args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): RunResult {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/sso.js'), ...args], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export { ROOT };
