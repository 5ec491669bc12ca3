import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/*
 * Tests that run the real `terraform` binary. It is on PATH on the project's machines and on CI,
 * where a missing binary fails the suite; on a laptop without it these suites are skipped with a
 * visible notice rather than passing silently.
 */

function terraformVersion(): string | undefined {
  const result = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) return undefined;
  return (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
}

export const TERRAFORM_VERSION = terraformVersion();

if (TERRAFORM_VERSION === undefined && process.env.CI) {
  throw new Error('terraform (>= 1.5) is not on PATH: CI runs the Terraform-in-the-loop suites and needs it');
}

/** `describe` when terraform is on PATH, else a skipped suite and a notice saying so. */
export const describeWithTerraform: jest.Describe =
  TERRAFORM_VERSION !== undefined
    ? describe
    : (Object.assign((name: string, fn: () => void) => {
        console.warn(`SKIPPED (no terraform on PATH): ${name}`);
        describe.skip(name, fn);
      }, describe) as jest.Describe);

export interface TerraformRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs terraform in `dir` with no user configuration, no network checks and a time bound. */
export function terraform(dir: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): TerraformRun {
  // An empty CLI configuration: a developer's ~/.terraformrc (mirrors, credentials) stays out.
  const cliConfig = path.join(dir, '.terraformrc');
  if (!fs.existsSync(cliConfig)) fs.writeFileSync(cliConfig, '');
  const result = spawnSync('terraform', [...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...process.env,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      TF_CLI_CONFIG_FILE: cliConfig,
      ...env,
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary directory, removed after the current test file. */
export function scratchDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sso-${prefix}-`));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The diagnostics of `terraform plan -json` / `validate -json` output. */
export interface JsonDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail: string;
  readonly address?: string;
}

export function planDiagnostics(stdout: string): JsonDiagnostic[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { type: string; diagnostic?: JsonDiagnostic })
    .filter((m) => m.type === 'diagnostic' && m.diagnostic !== undefined)
    .map((m) => m.diagnostic as JsonDiagnostic);
}
