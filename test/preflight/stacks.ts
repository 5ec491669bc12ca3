import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { declarationSources } from '../../lib/cli/declarations';
import { synthesizeToDirectory } from '../../lib/cli/synthesize';
import { loadSynthesizedOutput } from '../../lib/core/review';
import type { PreflightStack } from '../../lib/preflight/preflight';
import { ROOT } from '../cli/sso';
import { example } from '../helpers';

/**
 * Synthesizes declarations the way `sso synth` does (cdktf's App, the "//" metadata included)
 * and returns every stack, shards too.
 */
export function synthesizeStacks(...declarations: unknown[]): PreflightStack[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-preflight-synth-'));
  try {
    const out = path.join(dir, 'out');
    synthesizeToDirectory(
      declarations.map((input, i) => ({ input, source: `test declaration ${i}` })),
      out,
    );
    return [...loadSynthesizedOutput(out).environments.values()].flatMap((e) => [...e.stacks]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** An example declaration file of examples/, parsed (metadata paths resolved). */
export function exampleFile(name: string): Record<string, unknown> {
  const [source] = declarationSources([path.join(ROOT, 'examples', name)]);
  return structuredClone(source?.input) as Record<string, unknown>;
}

export { example };
