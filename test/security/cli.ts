import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../lib/cli/main';

export interface CliRun {
  /** The exit code, or undefined when `run` threw (a bug: the binary would print a stack trace). */
  readonly code: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  /** What `run` threw instead of returning an exit code. */
  readonly thrown?: unknown;
  readonly milliseconds: number;
}

/**
 * Runs the `sso` command line in this process, capturing what it writes: about a hundred times
 * cheaper than spawning the binary, and what the binary prints is exactly this plus a stack trace
 * when `run` throws.
 */
export async function sso(argv: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const capture = (append: (text: string) => void) => (chunk: string | Uint8Array) => {
    append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture((t) => (stdout += t)));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture((t) => (stderr += t)));
  const start = performance.now();
  try {
    const code = await run(argv);
    return { code, stdout, stderr, milliseconds: performance.now() - start };
  } catch (thrown) {
    return { code: undefined, stdout, stderr, thrown, milliseconds: performance.now() - start };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** A fresh directory under the system's temporary directory, removed by the caller. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `sso-${prefix}-`));
}

/** Every file under `dir`, by path relative to it, as text. */
export function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}
