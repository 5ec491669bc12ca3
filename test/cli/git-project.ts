import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { ROOT } from './sso';

/*
 * A user's checkout in a temporary git repository: this repository's files (tracked, and new ones
 * not yet committed, so the code under test is the working tree's), its node_modules linked, and
 * cdktf.json naming YAML declarations that commits then change.
 */

export interface GitProject {
  readonly dir: string;
  /** Runs the real `sso` binary there. */
  sso(
    args: readonly string[],
    env?: NodeJS.ProcessEnv,
  ): { code: number | null; stdout: string; stderr: string };
  /** Writes `sso/<environment>.yaml`. */
  writeDeclaration(declaration: Record<string, unknown>): void;
  /** Appends a line to a file of the project. */
  append(file: string, line: string): void;
  /** Commits everything as `author`, on `date` (ISO), and returns the commit id. */
  commit(message: string, author: string, date: string): string;
  remove(): void;
}

/** What a checkout holds besides what runs the command line: not copied, and not committed. */
const NOT_RUN = /^(test|bench|docs|\.github)\//;

/**
 * The working tree's files that run the command line (tracked, and new files not ignored, so the
 * code under test is the working tree's), copied into `dir`, with the repository's node_modules
 * linked: a user's checkout, without the tests, benchmarks and docs that every commit of the copy
 * would otherwise hash again.
 */
export function copyCheckout(dir: string): void {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).stdout.split('\0');
  for (const file of listed.filter(
    (f) => f !== '' && !NOT_RUN.test(f) && fs.existsSync(path.join(ROOT, f)),
  )) {
    if (fs.statSync(path.join(ROOT, file)).isDirectory()) continue;
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

export function gitProject(declarations: readonly Record<string, unknown>[]): GitProject {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-git-project-'));
  copyCheckout(dir);
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules\ncdktf.out\n');
  const cdktf = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  cdktf.context.declarations = declarations.map((d) => `sso/${String(d.environment)}.yaml`);
  fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify(cdktf, null, 2));

  const run = (command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) => {
    const result = spawnSync(command, [...args], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 180_000,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const project: GitProject = {
    dir,
    sso: (args, env) => run(process.execPath, [path.join(dir, 'bin/sso.js'), ...args], env),
    writeDeclaration(declaration) {
      fs.mkdirSync(path.join(dir, 'sso'), { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'sso', `${String(declaration.environment)}.yaml`),
        stringify(declaration),
      );
    },
    append: (file, line) => fs.appendFileSync(path.join(dir, file), `${line}\n`),
    commit(message, author, date) {
      run('git', ['add', '-A']);
      const result = run(
        'git',
        ['-c', `user.name=${author}`, '-c', 'user.email=dev@example.com', 'commit', '-qm', message],
        {
          GIT_AUTHOR_DATE: date,
          GIT_COMMITTER_DATE: date,
        },
      );
      if (result.code !== 0) throw new Error(`git commit failed: ${result.stderr}`);
      return run('git', ['rev-parse', 'HEAD']).stdout.trim();
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
  run('git', ['init', '-q', '-b', 'main']);
  for (const d of declarations) project.writeDeclaration(d);
  return project;
}
