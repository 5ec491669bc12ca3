import { createHash } from 'crypto';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseDeclarationText } from '../core/declaration/load';
import type { Declaration } from '../core/declaration/schema';
import { validateDeclarations } from '../core/declaration/validate';
import { describeValue, ValidationError } from '../core/errors';
import { dayToDate, parseDay } from '../core/rotation/dates';
import { loadSynthesizedOutput, type SynthesizedOutput } from '../core/review';
import type { HistoryCommit } from '../core/audit/history';
import { pullRequestOf } from '../core/audit/history';
import type { DeclarationSource } from '../../stacks/sso-app';
import { builtInSources, loadDeclarationFile } from './declarations';
import { nearestNodeModules, projectDirectory, type Scratch } from './sides';
import { commandLineFor } from '../package';

/*
 * The SSO state of any commit: its declarations (named by that commit's cdktf.json) synthesized
 * into Terraform JSON. A state is identified by the blob ids of everything synthesis reads, so a
 * commit that touches none of it costs two `git ls-tree` calls, and each distinct state is
 * synthesized once. When the commit's SSO code is the code running now, the declarations are
 * synthesized in this process (tens of milliseconds); otherwise in a git worktree by that commit's
 * own `sso synth`, as `sso review --base` does.
 */

/** What synthesis reads besides the declarations: a change here can change every output. */
const CODE_PATHS = ['lib/', 'stacks', 'bin', 'main.ts', 'package.json', 'package-lock.json'];
/** Parts of lib/ that synthesis never loads: Terraform in the loop and its stand-in providers. */
const NOT_SYNTHESIS = new Set(['lib/preflight', 'lib/standin']);
const BUILT_IN = ['stacks/staging.ts', 'stacks/prod.ts'];

/** A synthesized state, or why the commit's declarations do not synthesize. */
export type StateOutcome = { readonly output: SynthesizedOutput } | { readonly error: string };

/** A git repository and the commands on it that history and evidence need. */
export class GitRepository {
  private constructor(readonly root: string) {}

  /** The repository holding `cwd`. */
  static at(cwd: string, flag: string, ref: string): GitRepository {
    const root = gitOutput(cwd, ['rev-parse', '--show-toplevel']);
    if (root === undefined) {
      throw new ValidationError(flag, describeValue(ref), 'a git ref, run inside a git repository');
    }
    return new GitRepository(root);
  }

  /** The full commit id of a ref. */
  resolve(ref: string, flag: string): string {
    if (ref.startsWith('-') || ref.trim() === '') {
      throw new ValidationError(flag, describeValue(ref), 'a git ref (a branch, tag or commit)');
    }
    const sha = this.maybe(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    if (sha === undefined) {
      throw new ValidationError(
        flag,
        describeValue(ref),
        'a commit of this repository (a branch, tag or commit; fetch it first, e.g. git fetch origin main)',
      );
    }
    return sha;
  }

  /** Commits after `since` up to `head` on the first-parent line (what landed), oldest first. */
  commits(since: string | undefined, head: string): HistoryCommit[] {
    const range = since === undefined ? head : `${since}..${head}`;
    return parseLog(this.run(['log', '--first-parent', '--reverse', `--format=${LOG_FORMAT}`, range]));
  }

  commit(sha: string): HistoryCommit {
    const [info] = parseLog(this.run(['log', '-1', `--format=${LOG_FORMAT}`, sha]));
    if (info === undefined) throw new Error(`git log printed nothing for ${sha}`);
    return info;
  }

  /** `ls-tree` entries (path -> object id) of the given paths at a commit; directories end in `/` to list their children. */
  entries(sha: string, paths: readonly string[]): Map<string, string> {
    const entries = new Map<string, string>();
    if (paths.length === 0) return entries;
    for (const line of this.run(['ls-tree', '-z', sha, '--', ...paths]).split('\0')) {
      const tab = line.indexOf('\t');
      if (tab === -1) continue;
      const id = line.slice(0, tab).split(' ')[2] ?? '';
      entries.set(line.slice(tab + 1), id);
    }
    return entries;
  }

  blob(id: string): Buffer {
    const result = spawnSync('git', ['cat-file', 'blob', id], {
      cwd: this.root,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0) throw new Error(`git cat-file blob ${id} failed: ${String(result.stderr)}`);
    return result.stdout;
  }

  /** Whether the working tree differs from HEAD under these paths. */
  dirty(paths: readonly string[]): boolean {
    return this.run(['status', '--porcelain', '--untracked-files=normal', '--', ...paths]).trim() !== '';
  }

  run(args: readonly string[]): string {
    const result = spawnSync('git', args, { cwd: this.root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (result.error !== undefined || result.status !== 0) {
      throw new Error(`git ${args.join(' ')} failed: ${result.stderr ?? String(result.error)}`);
    }
    return result.stdout;
  }

  private maybe(args: readonly string[]): string | undefined {
    return gitOutput(this.root, args);
  }
}

function gitOutput(cwd: string, args: readonly string[]): string | undefined {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return result.error === undefined && result.status === 0 ? result.stdout.trim() : undefined;
}

const FIELD = '%x1f';
const LOG_FORMAT = ['%H', '%cI', '%an', '%B'].join(FIELD) + '%x1e';

function parseLog(text: string): HistoryCommit[] {
  return text
    .split('\x1e')
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record.trim() !== '')
    .map((record) => {
      const [sha = '', date = '', author = '', message = ''] = record.split('\x1f');
      return {
        sha,
        date: new Date(date).toISOString().replace(/\.000Z$/, 'Z'),
        author,
        subject: message.split('\n')[0] ?? '',
        pullRequest: pullRequestOf(message),
      };
    });
}

/** The day (UTC) of a commit date: the clock its state is judged on. */
export function commitDay(commit: HistoryCommit): Date {
  return dayToDate(parseDay(commit.date.slice(0, 10), 'commit date'));
}

/** The declarations a commit's cdktf.json names, as repository paths. */
interface DeclarationFiles {
  readonly files: readonly string[];
  /** No cdktf.json or no setting: the built-in example. */
  readonly builtIn: boolean;
}

/** Synthesizes commits' states, each distinct one once; lives as long as its scratch directory. */
export class StateSynthesizer {
  private readonly keys = new Map<string, string>();
  private readonly outcomes = new Map<string, StateOutcome>();
  private readonly parsed = new Map<string, readonly string[]>();
  private readonly settings = new Map<string, DeclarationFiles>();
  private readonly currentCode: string | undefined;
  private worktree: string | undefined;
  private states = 0;

  /**
   * @param project the directory holding cdktf.json, relative to the repository root ('' at the root)
   */
  constructor(
    private readonly repo: GitRepository,
    private readonly scratch: Scratch,
    private readonly project: string,
  ) {
    const head = repo.resolve('HEAD', 'HEAD');
    // In-process synthesis is exact only where the running code is the commit's code.
    const excluded = [...NOT_SYNTHESIS].map((p) => `:(exclude)${this.inProject(p)}`);
    this.currentCode = repo.dirty([...this.codePaths(), ...excluded]) ? undefined : this.codeKey(head);
  }

  /** The directory holding cdktf.json, relative to the repository root, for the working directory. */
  static projectOf(repo: GitRepository, cwd: string): string {
    return toPosix(projectDirectory(repo.root, path.resolve(cwd)));
  }

  /** Identifies what synthesis reads at a commit: equal keys, equal outputs. */
  key(sha: string): string {
    const known = this.keys.get(sha);
    if (known !== undefined) return known;
    const code = this.codeKey(sha);
    const { files, builtIn } = this.declarationFiles(sha);
    const declared = this.repo.entries(sha, files);
    const metadata = this.repo.entries(
      sha,
      [...declared].flatMap(([file, id]) => this.metadataFiles(file, id)),
    );
    const key = digest({
      code,
      builtIn,
      declarations: files.map((f) => [f, declared.get(f) ?? 'missing']),
      metadata: [...metadata].sort(),
    });
    this.keys.set(sha, key);
    return key;
  }

  /** The state of a commit, synthesized with its date as the clock the first time its key is seen. */
  async outcome(commit: HistoryCommit): Promise<StateOutcome> {
    const key = this.key(commit.sha);
    const known = this.outcomes.get(key);
    if (known !== undefined) return known;
    const result =
      this.currentCode !== undefined && this.codeKey(commit.sha) === this.currentCode
        ? ((await this.inProcess(commit)) ?? (await this.inWorktree(commit)))
        : await this.inWorktree(commit);
    this.outcomes.set(key, result);
    return result;
  }

  private codePaths(): string[] {
    return CODE_PATHS.map((p) => this.inProject(p));
  }

  private codeKey(sha: string): string {
    const entries = [...this.repo.entries(sha, this.codePaths())].filter(
      ([p]) => !NOT_SYNTHESIS.has(p.slice(this.inProject('').length)),
    );
    return digest(entries.sort());
  }

  private inProject(p: string): string {
    return this.project === '' ? p : `${this.project}/${p}`;
  }

  private declarationFiles(sha: string): DeclarationFiles {
    const setting = this.repo.entries(sha, [this.inProject('cdktf.json')]).get(this.inProject('cdktf.json'));
    const cached = setting === undefined ? undefined : this.settings.get(setting);
    if (cached !== undefined) return cached;
    const list = setting === undefined ? undefined : declarationsSetting(this.repo.blob(setting));
    const result: DeclarationFiles =
      list === undefined
        ? { files: BUILT_IN.map((f) => this.inProject(f)), builtIn: true }
        : { files: list.map((f) => path.posix.normalize(this.inProject(toPosix(f)))), builtIn: false };
    if (setting !== undefined) this.settings.set(setting, result);
    return result;
  }

  /** The metadata XML a JSON/YAML metadata-IdP declaration reads, as a repository path. */
  private metadataFiles(file: string, id: string): readonly string[] {
    if (!/\.(json|ya?ml)$/i.test(file)) return [];
    const known = this.parsed.get(id);
    if (known !== undefined) return known;
    let found: string[] = [];
    try {
      const input = parseDeclarationText(this.repo.blob(id), file) as {
        idp?: { kind?: unknown; file?: unknown };
      };
      if (input.idp?.kind === 'metadata' && typeof input.idp.file === 'string') {
        found = [path.posix.normalize(path.posix.join(path.posix.dirname(file), toPosix(input.idp.file)))];
      }
    } catch (error) {
      // A declaration that does not parse fails its synthesis, which says why.
      if (!(error instanceof ValidationError)) throw error;
    }
    this.parsed.set(id, found);
    return found;
  }

  /**
   * The commit's declarations, validated by the running code (the rotation calendar and policy
   * pack of `sso evidence` need them whichever way the state was synthesized).
   */
  declarations(commit: HistoryCommit): Declaration[] {
    return validateDeclarations(this.sources(commit, this.stateDir()));
  }

  private stateDir(): string {
    return path.join(this.scratch.dir, 'states', String(++this.states));
  }

  /** The commit's declaration files (and the metadata files they read) copied out of git and loaded. */
  private sources(commit: HistoryCommit, dir: string): DeclarationSource[] {
    const { files, builtIn } = this.declarationFiles(commit.sha);
    if (builtIn) return builtInSources();
    const materialize = (file: string, id: string | undefined) => {
      if (id === undefined) return;
      const target = path.join(dir, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, this.repo.blob(id));
    };
    const declared = this.repo.entries(commit.sha, files);
    for (const [file, id] of declared) materialize(file, id);
    for (const file of [...declared].flatMap(([f, id]) => this.metadataFiles(f, id))) {
      materialize(file, this.repo.entries(commit.sha, [file]).get(file));
    }
    return files.map((file) =>
      loadDeclarationFile(path.join(dir, file), `${commit.sha.slice(0, 7)}:${file}`, file),
    );
  }

  /**
   * The commit's declarations synthesized by the running code. Undefined when a TypeScript
   * declaration cannot be loaded outside its checkout (it imports a sibling module).
   */
  private async inProcess(commit: HistoryCommit): Promise<StateOutcome | undefined> {
    // Loaded here: history over outputs alone, and --help, need no cdktf.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { App } = require('cdktf') as typeof import('cdktf');
    const { addEnvironments } = require('../../stacks/sso-app') as typeof import('../../stacks/sso-app');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const dir = this.stateDir();
    const at = commitDay(commit);
    const savedClock = process.env.SSO_CLOCK;
    try {
      const sources = this.sources(commit, path.join(dir, 'tree'));
      // The stacks read the clock from the environment, as `sso synth` run on that day would.
      process.env.SSO_CLOCK = at.toISOString().slice(0, 10);
      const app = new App({ outdir: path.join(dir, 'out') });
      addEnvironments(app, sources, { at, onPolicyReport: () => undefined });
      app.synth();
      return { output: loadSynthesizedOutput(path.join(dir, 'out')) };
    } catch (error) {
      if (error instanceof ValidationError) return { error: firstLine(error.message) };
      if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
      throw error;
    } finally {
      if (savedClock === undefined) delete process.env.SSO_CLOCK;
      else process.env.SSO_CLOCK = savedClock;
      fs.rmSync(path.join(dir, 'tree'), { recursive: true, force: true });
    }
  }

  /** The commit checked out in one reused worktree, synthesized by its own `sso synth`. */
  private async inWorktree(commit: HistoryCommit): Promise<StateOutcome> {
    if (this.worktree === undefined) {
      const modules = nearestNodeModules(this.repo.root, path.join(this.repo.root, this.project));
      if (modules === undefined) return { error: 'no node_modules to synthesize with (run npm ci first)' };
      const tree = this.scratch.addWorktree(this.repo.root, 'history-tree');
      const added = spawnSync('git', ['worktree', 'add', '--detach', '--quiet', tree, commit.sha], {
        cwd: this.repo.root,
        encoding: 'utf8',
      });
      if (added.status !== 0)
        return { error: `git could not check it out (${firstLine(added.stderr ?? '')})` };
      this.scratch.linkModules(
        path.join(tree, path.relative(this.repo.root, path.dirname(modules))),
        modules,
      );
      this.worktree = tree;
    } else {
      const checkout = spawnSync('git', ['checkout', '--quiet', '--force', '--detach', commit.sha], {
        cwd: this.worktree,
        encoding: 'utf8',
      });
      if (checkout.status !== 0)
        return { error: `git could not check it out (${firstLine(checkout.stderr ?? '')})` };
    }
    const project = path.join(this.worktree, this.project);
    const cli = commandLineFor(project);
    if (cli === undefined)
      return { error: 'the commit has no sso command line (bin/sso.js) to synthesize it' };
    const out = path.join(this.stateDir(), 'out');
    const result = await this.scratch.run(process.execPath, [cli, 'synth', '--out', out], project, {
      ...process.env,
      SSO_CLOCK: commitDay(commit).toISOString().slice(0, 10),
    });
    if (result.code !== 0) return { error: `its sso synth failed: ${firstLine(result.stderr)}` };
    return { output: loadSynthesizedOutput(out) };
  }
}

/** `context.declarations` of a cdktf.json, or undefined when it names none (the built-in example). */
function declarationsSetting(bytes: Buffer): string[] | undefined {
  try {
    const config = JSON.parse(bytes.toString('utf8')) as { context?: { declarations?: unknown } };
    const list = config.context?.declarations;
    return Array.isArray(list) && list.every((f): f is string => typeof f === 'string') && list.length > 0
      ? list
      : undefined;
  } catch {
    return undefined;
  }
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function firstLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.find((l) => l.startsWith('error')) ?? lines[0] ?? 'no output';
}
