import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeValue, ValidationError } from '../../core/errors';
import {
  loadSynthesizedOutput,
  renderJson,
  renderMarkdown,
  reviewOutputs,
  severityRank,
  type Review,
  type SynthesizedOutput,
} from '../../core/review';
import { Command, oneOf, stringOption, UsageError, type ParsedArgs } from '../command';
import { declarationSources } from '../declarations';
import { EXIT_REJECTED } from '../report';

type Side = { readonly ref: string } | { readonly dir: string } | { readonly workingTree: true };

export const reviewCommand: Command = {
  name: 'review',
  help: `usage: sso review (--base REF | --base-out DIR) [--head REF | --head-out DIR]
                  [--format md|json] [--fail-on high|medium|never]

Compares two synthesized outputs environment by environment and reports every SSO-relevant
change by meaning (group x workspace, SAML settings, signing key, session, ...) with a severity,
plus the staging-first gate: a change to an environment that promotes after another must already
be in that environment in the base, unless its declaration has a promotionOverride.

  --base REF         git ref to compare against, synthesized in a temporary git worktree
  --base-out DIR     or: an output directory written by \`sso synth --out DIR\`
  --head REF         git ref to review (default: the working tree, synthesized to a temp dir)
  --head-out DIR     or: an output directory to review
  --format md|json   Markdown for a pull-request comment (default), or
                     {"findings": [{environment, severity, kind, subject, before, after, message}]}
  --fail-on LEVEL    exit 1 when a finding of this severity or higher exists: high, medium,
                     or never (default)
`,
  options: {
    base: { type: 'string' },
    'base-out': { type: 'string' },
    head: { type: 'string' },
    'head-out': { type: 'string' },
    format: { type: 'string' },
    'fail-on': { type: 'string' },
  },
  async run(args) {
    const format = oneOf(args, 'format', ['md', 'json'] as const, 'md');
    const failOn = oneOf(args, 'fail-on', ['high', 'medium', 'never'] as const, 'never');
    const base = side(args, 'base');
    if (base === undefined)
      throw new UsageError('give the version to compare against: --base REF or --base-out DIR');
    const head = side(args, 'head') ?? { workingTree: true };

    const scratch = new Scratch();
    let review: Review;
    try {
      const baseOutput = await obtain(base, 'base', scratch);
      const headOutput = await obtain(head, 'head', scratch);
      review = reviewOutputs(baseOutput, headOutput);
    } finally {
      scratch.dispose();
    }
    process.stdout.write(format === 'json' ? renderJson(review) : renderMarkdown(review));
    return reaches(review, failOn) ? EXIT_REJECTED : 0;
  },
};

function side(args: ParsedArgs, name: 'base' | 'head'): Side | undefined {
  const ref = stringOption(args, name);
  const dir = stringOption(args, `${name}-out`);
  if (ref !== undefined && dir !== undefined)
    throw new UsageError(`give --${name} or --${name}-out, not both`);
  if (ref !== undefined) return { ref };
  if (dir !== undefined) return { dir };
  return undefined;
}

function reaches(review: Review, failOn: 'high' | 'medium' | 'never'): boolean {
  if (failOn === 'never') return false;
  return review.findings.some((f) => severityRank(f.severity) <= severityRank(failOn));
}

async function obtain(side: Side, name: 'base' | 'head', scratch: Scratch): Promise<SynthesizedOutput> {
  if ('dir' in side) return loadSynthesizedOutput(side.dir, `--${name}-out`);
  const out = path.join(scratch.dir, `${name}-out`);
  if ('workingTree' in side) {
    // The working tree's own code and declarations, written outside it: ./cdktf.out stays as it is.
    // Loaded here: cdktf is only needed when the working tree must be synthesized.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { synthesizeToDirectory } = require('../synthesize') as typeof import('../synthesize');
    synthesizeToDirectory(declarationSources([]), out);
  } else {
    await synthesizeRef(side.ref, `--${name}`, out, scratch);
  }
  return loadSynthesizedOutput(out, `--${name}`);
}

/** Checks the ref out in a temporary worktree and runs that commit's own `sso synth` there. */
async function synthesizeRef(ref: string, flag: string, out: string, scratch: Scratch): Promise<void> {
  if (ref.startsWith('-') || ref.trim() === '') {
    throw new ValidationError(flag, describeValue(ref), 'a git ref (a branch, tag or commit)');
  }
  const repo = git(process.cwd(), ['rev-parse', '--show-toplevel'], () => {
    throw new ValidationError(
      flag,
      describeValue(ref),
      'a git ref, run inside a git repository (or give --base-out DIR)',
    );
  });
  const commit = git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], () => {
    throw new ValidationError(
      flag,
      describeValue(ref),
      'a commit of this repository (a branch, tag or commit; fetch it first, e.g. git fetch origin main)',
    );
  });
  const modules = path.join(repo, 'node_modules');
  if (!fs.existsSync(modules)) {
    throw new ValidationError(
      flag,
      describeValue(ref),
      'a repository with its dependencies installed (run npm ci first)',
    );
  }
  const tree = scratch.addWorktree(repo, `${flag.replace(/^-+/, '')}-tree`);
  git(repo, ['worktree', 'add', '--detach', '--quiet', tree, commit], (stderr) => {
    throw new ValidationError(flag, describeValue(ref), `a ref git can check out (${firstLine(stderr)})`);
  });
  const cli = path.join(tree, 'bin', 'sso.js');
  if (!fs.existsSync(cli)) {
    throw new ValidationError(
      flag,
      describeValue(ref),
      'a commit with the sso command line (bin/sso.js); for older commits synthesize them yourself and give --base-out DIR',
    );
  }
  scratch.linkModules(tree, modules);
  const result = await scratch.run(process.execPath, [cli, 'synth', '--out', out], tree);
  if (result.code !== 0) {
    throw new ValidationError(
      flag,
      describeValue(ref),
      `a commit whose declarations synthesize (its sso synth failed: ${firstLine(result.stderr)})`,
    );
  }
}

function git(cwd: string, args: readonly string[], onError: (stderr: string) => never): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.error !== undefined || result.status !== 0) return onError(result.stderr ?? '');
  return result.stdout.trim();
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.startsWith('error') || l.startsWith('fatal')) ??
    text.trim().split('\n')[0] ??
    'no output'
  );
}

/**
 * A temporary directory, the git worktrees in it and the child synthesizing there: removed when
 * the review ends, fails, or is interrupted, so no worktree or copy is left behind.
 */
class Scratch {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-review-'));
  private readonly worktrees: { repo: string; tree: string }[] = [];
  private readonly links: string[] = [];
  private child: ChildProcess | undefined;
  private interrupted = false;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    // The child goes first, so nothing writes into the directory while it is being removed.
    this.interrupted = true;
    const child = this.child;
    const stopped = new Promise<void>((resolve) => {
      if (child === undefined || child.exitCode !== null) return resolve();
      child.once('close', () => resolve());
      child.kill('SIGTERM');
      setTimeout(resolve, 5000).unref();
    });
    void stopped.then(() => {
      this.dispose();
      process.exit(128 + (os.constants.signals[signal] ?? 1));
    });
  };

  constructor() {
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
  }

  addWorktree(repo: string, name: string): string {
    const tree = path.join(this.dir, name);
    this.worktrees.push({ repo, tree });
    return tree;
  }

  /** Reuses the repository's dependencies: the worktree gets a link, never a copy or an install. */
  linkModules(tree: string, modules: string): void {
    const link = path.join(tree, 'node_modules');
    if (fs.existsSync(link)) return;
    fs.symlinkSync(modules, link, 'dir');
    this.links.push(link);
  }

  run(
    command: string,
    args: readonly string[],
    cwd: string,
  ): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
      this.child = child;
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        if (stderr.length < 64_000) stderr += chunk;
      });
      child.on('error', reject);
      child.on('close', (code) => {
        this.child = undefined;
        // Interrupted: the signal handler ends the process; a failed synthesis is no news.
        if (!this.interrupted) resolve({ code, stderr });
      });
    });
  }

  dispose(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    this.child?.kill('SIGTERM');
    // Links first: removing a worktree must never reach into the repository's node_modules.
    for (const link of this.links.splice(0)) fs.rmSync(link, { force: true });
    const worktrees = this.worktrees.splice(0);
    for (const { repo, tree } of worktrees) {
      spawnSync('git', ['worktree', 'remove', '--force', tree], { cwd: repo, stdio: 'ignore' });
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
    // Forgets any worktree whose checkout was interrupted before git registered it fully.
    for (const repo of new Set(worktrees.map((w) => w.repo))) {
      spawnSync('git', ['worktree', 'prune'], { cwd: repo, stdio: 'ignore' });
    }
  }
}
