import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeValue, ValidationError } from '../core/errors';
import { loadSynthesizedOutput, type SynthesizedOutput } from '../core/review';
import { stringOption, UsageError, type ParsedArgs } from './command';
import { declarationSources } from './declarations';
import { commandLineFor } from '../package';

/*
 * The two sides a comparison needs (`sso review`, `sso preflight --base`): a git ref synthesized
 * in a temporary worktree by that commit's own code, an output directory, or the working tree.
 */

export type Side = { readonly ref: string } | { readonly dir: string } | { readonly workingTree: true };

/** `--NAME REF` or `--NAME-out DIR`, or undefined when neither is given. */
export function side(args: ParsedArgs, name: 'base' | 'head'): Side | undefined {
  const ref = stringOption(args, name);
  const dir = stringOption(args, `${name}-out`);
  if (ref !== undefined && dir !== undefined)
    throw new UsageError(`give --${name} or --${name}-out, not both`);
  if (ref !== undefined) return { ref };
  if (dir !== undefined) return { dir };
  return undefined;
}

/**
 * The synthesized output of one side, synthesized into `scratch` when it is a ref or the working
 * tree (from `declarations`, or the built-in example).
 */
export async function obtain(
  side: Side,
  name: 'base' | 'head',
  scratch: Scratch,
  declarations: readonly string[] = [],
): Promise<SynthesizedOutput> {
  if ('dir' in side) return loadSynthesizedOutput(side.dir, `--${name}-out`);
  const out = path.join(scratch.dir, `${name}-out`);
  if ('workingTree' in side) {
    // The working tree's own code and declarations, written outside it: ./cdktf.out stays as it is.
    // Loaded here: cdktf is only needed when the working tree must be synthesized.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { synthesizeToDirectory } = require('./synthesize') as typeof import('./synthesize');
    synthesizeToDirectory(declarationSources(declarations), out);
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
  const project = projectDirectory(repo, fs.realpathSync(process.cwd()));
  const modules = nearestNodeModules(repo, path.join(repo, project));
  if (modules === undefined) {
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
  const treeProject = path.join(tree, project);
  const cli = commandLineFor(treeProject);
  if (cli === undefined) {
    throw new ValidationError(
      flag,
      describeValue(ref),
      'a commit with the sso command line (bin/sso.js) or a package.json that installs databricks-sso-as-code; for older commits synthesize them yourself and give --base-out DIR',
    );
  }
  scratch.linkModules(path.join(tree, path.relative(repo, path.dirname(modules))), modules);
  const result = await scratch.run(process.execPath, [cli, 'synth', '--out', out], treeProject);
  if (result.code !== 0) {
    throw new ValidationError(
      flag,
      describeValue(ref),
      `a commit whose declarations synthesize (its sso synth failed: ${firstLine(result.stderr)})`,
    );
  }
}

/** The directory holding cdktf.json, from `cwd` up to the repository root, relative to that root. */
export function projectDirectory(repo: string, cwd: string): string {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'cdktf.json'))) return path.relative(repo, dir);
    if (dir === repo || path.dirname(dir) === dir) return path.relative(repo, cwd);
  }
}

/** The node_modules the project resolves packages from: its own, or a workspace root's above it. */
export function nearestNodeModules(repo: string, project: string): string | undefined {
  for (let dir = project; ; dir = path.dirname(dir)) {
    const modules = path.join(dir, 'node_modules');
    if (fs.existsSync(modules)) return modules;
    if (dir === repo || path.dirname(dir) === dir) return undefined;
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
export class Scratch {
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

  /** @param env the child's environment @default this process's */
  run(
    command: string,
    args: readonly string[],
    cwd: string,
    env: NodeJS.ProcessEnv = process.env,
  ): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
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
