import { spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { installStandins, type InstalledProvider } from '../../../lib/standin/install';
import { serverCertificate } from '../../../lib/standin/provider/tls';
import { THING_SCHEMA } from './fixture';

/* The plugin process as go-plugin sees it: environment in, one handshake line out. */

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'standin-server-'));
let provider: InstalledProvider;
/** What Terraform passes: its cookie and its client certificate. */
const terraformEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2',
  PLUGIN_PROTOCOL_VERSIONS: '5,6',
  PLUGIN_CLIENT_CERT: serverCertificate().certificatePem,
});

/** Running, not a zombie: an orphan's exit status waits for whichever process adopted it to reap it. */
function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

beforeAll(() => {
  const installed = installStandins({ dir: path.join(work, 'standins'), schemas: [THING_SCHEMA] });
  provider = installed.providers[0] as InstalledProvider;
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('GIVEN no magic cookie WHEN the plugin is run by hand THEN it says what it is and exits 1', () => {
  const env = { ...process.env };
  delete env['TF_PLUGIN_MAGIC_COOKIE'];

  const { status, stdout, stderr } = spawnSync(provider.executable, [], { env, encoding: 'utf8' });

  expect(status).toBe(1);
  expect(stdout).toBe('');
  expect(stderr).toContain('This is a Terraform provider plugin');
});

test('GIVEN Terraform starts it THEN stdout is one handshake line: protocol 6, TCP on 127.0.0.1, gRPC, its certificate', async () => {
  const child = spawn(provider.executable, [], { env: terraformEnv() });
  const line = await new Promise<string>((resolve) =>
    child.stdout.once('data', (data) => resolve(String(data))),
  );
  child.kill();

  const match = /^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|([A-Za-z0-9+/]+)\n$/.exec(line);
  expect(match).not.toBeNull();
  const certificate = new crypto.X509Certificate(Buffer.from(match?.[1] ?? '', 'base64'));
  expect(certificate.checkHost('localhost')).toBe('localhost');
  expect(certificate.ca).toBe(true);
});

test('GIVEN the process that started the plugin dies THEN the plugin exits too', async () => {
  // sh starts the plugin in the background, prints its pid, and waits: killing sh orphans it.
  const parent = spawn('sh', ['-c', `"$0" & echo "pid $!"; wait`, provider.executable], {
    env: terraformEnv(),
  });
  let output = '';
  const pid = await new Promise<number>((resolve) =>
    parent.stdout.on('data', (data) => {
      output += String(data);
      const found = /pid (\d+)\n/.exec(output);
      if (found && output.includes('|grpc|')) resolve(Number(found[1]));
    }),
  );
  expect(alive(pid)).toBe(true);

  parent.kill('SIGKILL');

  for (let attempt = 0; attempt < 30 && alive(pid); attempt++) await new Promise((r) => setTimeout(r, 100));
  expect(alive(pid)).toBe(false);
});
