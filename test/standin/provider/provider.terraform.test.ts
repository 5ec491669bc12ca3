import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { installStandins, type InstalledStandins } from '../../../lib/standin/install';
import { THING_SCHEMA } from './fixture';

/*
 * The stand-in served to the real Terraform: everything Terraform checks of a provider (the
 * handshake, the schema, plans it accepts, applies consistent with their plans) is only tested
 * by running it.
 */

function onPath(command: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

const TERRAFORM = onPath('terraform');
if (!TERRAFORM)
  console.warn('terraform is not on PATH: the stand-in provider tests against Terraform are skipped');
const describeWithTerraform = TERRAFORM ? describe : describe.skip;

const TIMEOUT = 60_000;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'standin-terraform-'));
let standins: InstalledStandins;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs terraform in `dir` with its own data dir and the stand-ins' CLI configuration, nothing inherited. */
function terraform(dir: string, ...args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('TF_') && !name.startsWith('SSO_')),
  );
  Object.assign(env, {
    TF_CLI_CONFIG_FILE: standins.cliConfigFile,
    TF_DATA_DIR: path.join(dir, '.terraform'),
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    SSO_STANDIN_LOG: path.join(work, 'rpc.log'),
  });
  return new Promise((resolve) => {
    execFile(TERRAFORM ?? 'terraform', [...args, '-no-color'], { cwd: dir, env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

function workspace(name: string, config: string): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'main.tf'), config);
  return dir;
}

const REQUIRED_PROVIDERS = `
terraform {
  required_providers {
    thing = { source = "example/thing", version = "1.0.0" }
  }
}
`;

const LIFECYCLE = (zone: string) => `${REQUIRED_PROVIDERS}
resource "thing_widget" "w" {
  name = "alpha"
  size = 3
  zone = "${zone}"
  rule {
    match = "a*"
  }
}

resource "thing_link" "l" {
  widget_id = thing_widget.w.id
}

data "thing_lookup" "owner" {
  name = "bob"
}

output "url" {
  value = thing_widget.w.url
}

output "owner_id" {
  value = data.thing_lookup.owner.owner_id
}
`;

/** Stand-in processes still running: Terraform must have shut down every one it started. */
function standinProcesses(): string[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
        return commandLine.includes(standins.bundle) ? [`${pid}: ${commandLine}`] : [];
      } catch {
        return []; // ended while listed
      }
    });
}

describeWithTerraform('a stand-in provider run by Terraform', () => {
  beforeAll(() => {
    standins = installStandins({ dir: path.join(work, 'standins'), schemas: [THING_SCHEMA] });
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  describe('the lifecycle of a configuration', () => {
    let dir: string;
    beforeAll(() => {
      dir = workspace('lifecycle', LIFECYCLE('eu'));
    });

    test(
      'GIVEN the mirror WHEN terraform init runs offline THEN it installs the stand-in under its real address',
      async () => {
        const { code, stdout } = await terraform(dir, 'init', '-input=false');

        expect(code).toBe(0);
        expect(stdout).toContain('Installed example/thing v1.0.0 (unauthenticated)');
      },
      TIMEOUT,
    );

    test(
      'WHEN terraform validate runs THEN the configuration is valid',
      async () => {
        const { code, stdout } = await terraform(dir, 'validate');

        expect(stdout).toContain('Success! The configuration is valid.');
        expect(code).toBe(0);
      },
      TIMEOUT,
    );

    test(
      'WHEN terraform plan runs THEN it creates both resources, computed values known after apply, the data source read',
      async () => {
        const { code, stdout } = await terraform(dir, 'plan', '-input=false');

        expect(code).toBe(0);
        expect(stdout).toContain('Plan: 2 to add, 0 to change, 0 to destroy.');
        expect(stdout).toMatch(/\+ id {3}= \(known after apply\)/);
        expect(stdout).toMatch(/\+ mode = "standard"/);
        expect(stdout).toMatch(/\+ owner_id = "[1-9]\d{11}"/);
      },
      TIMEOUT,
    );

    test(
      'WHEN terraform apply runs THEN the fakes are shaped: a numeric id a number attribute accepts, a URL built from it',
      async () => {
        const { code, stdout } = await terraform(dir, 'apply', '-auto-approve', '-input=false');

        expect(code).toBe(0);
        expect(stdout).toContain('Apply complete! Resources: 2 added, 0 changed, 0 destroyed.');
        expect(stdout).toMatch(/url = "https:\/\/things\.example\.com\/widgets\/[1-9]\d{15}"/);
        expect(fs.readFileSync(path.join(work, 'rpc.log'), 'utf8')).toMatch(
          /ApplyResourceChange thing_widget/,
        );
      },
      TIMEOUT,
    );

    test(
      'WHEN planned again THEN there are no changes (exit code 0)',
      async () => {
        const { code, stdout } = await terraform(dir, 'plan', '-detailed-exitcode', '-input=false');

        expect(stdout).toContain('No changes.');
        expect(code).toBe(0);
      },
      TIMEOUT,
    );

    test(
      'WHEN the ForceNew attribute changes THEN the plan replaces the resource',
      async () => {
        fs.writeFileSync(path.join(dir, 'main.tf'), LIFECYCLE('us'));

        const { code, stdout } = await terraform(dir, 'plan', '-input=false');

        expect(code).toBe(0);
        expect(stdout).toContain('# thing_widget.w must be replaced');
        expect(stdout).toContain('~ zone = "eu" -> "us" # forces replacement');
      },
      TIMEOUT,
    );

    test(
      'WHEN terraform destroy runs THEN everything is destroyed',
      async () => {
        const { code, stdout } = await terraform(dir, 'destroy', '-auto-approve', '-input=false');

        expect(code).toBe(0);
        expect(stdout).toContain('Destroy complete! Resources: 2 destroyed.');
      },
      TIMEOUT,
    );
  });

  describe("Terraform's own diagnostics", () => {
    let dir: string;
    beforeAll(async () => {
      dir = workspace('invalid', REQUIRED_PROVIDERS);
      const init = await terraform(dir, 'init', '-input=false');
      if (init.code !== 0) throw new Error(`terraform init failed:\n${init.stdout}${init.stderr}`);
    }, TIMEOUT);

    const validate = async (resource: string) => {
      fs.writeFileSync(
        path.join(dir, 'main.tf'),
        `${REQUIRED_PROVIDERS}\nresource "thing_widget" "w" {\n${resource}\n}\n`,
      );
      const { code, stdout, stderr } = await terraform(dir, 'validate');
      return { code, output: stdout + stderr };
    };

    test(
      'GIVEN a string in a number attribute THEN Terraform says a number is required',
      async () => {
        const { code, output } = await validate('  name = "a"\n  size = "three"');

        expect(code).toBe(1);
        expect(output).toContain('Error: Incorrect attribute value type');
        expect(output).toContain('a number is required');
      },
      TIMEOUT,
    );

    test(
      'GIVEN an argument the schema does not have THEN Terraform says it is not expected here',
      async () => {
        const { code, output } = await validate('  name = "a"\n  colour = "red"');

        expect(code).toBe(1);
        expect(output).toContain('Error: Unsupported argument');
        expect(output).toContain('An argument named "colour" is not expected here.');
      },
      TIMEOUT,
    );

    test(
      'GIVEN a required argument missing THEN Terraform says it is required',
      async () => {
        const { code, output } = await validate('  size = 1');

        expect(code).toBe(1);
        expect(output).toContain('Error: Missing required argument');
        expect(output).toContain('The argument "name" is required, but no definition was found.');
      },
      TIMEOUT,
    );

    test(
      'GIVEN a value on a computed-only attribute THEN the provider says it is unconfigurable',
      async () => {
        const { code, output } = await validate('  name = "a"\n  etag = "x"');

        expect(code).toBe(1);
        expect(output).toContain('Error: Value for unconfigurable attribute');
        expect(output).toContain('Can\'t configure a value for "etag"');
      },
      TIMEOUT,
    );
  });

  test('GIVEN every command has returned THEN no stand-in process is left running', async () => {
    // Terraform waits for its plugins to exit after Shutdown; allow a moment for the last one.
    for (let attempt = 0; attempt < 20 && standinProcesses().length > 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(standinProcesses()).toEqual([]);
  });
});
