import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { copyCheckout } from '../cli/git-project';

/*
 * Every runnable command example in README.md and docs/ is run as a reader would run it, so the
 * docs cannot drift from the tool. The convention (docs/architecture.md, "Documentation"):
 * fenced `sh` blocks run (examples.docs.test.ts), `sh terraform` blocks run when terraform is on PATH
 * (examples.terraform.test.ts), `sh no-run` and every other fence are read only; a trailing
 * `# ... exits N` comment is the expected exit code (default 0). The set-up block at the top of
 * README.md (`npm ci && npx sso synth`) is what every example assumes: it is not run itself, and
 * each copy of the repository starts synthesized.
 */

const ROOT = path.resolve(__dirname, '../..');
export const PER_COMMAND_MS = 120_000;
/** Examples are judged on a fixed day, so a key that falls due next month does not break them. */
const CLOCK = '2026-11-29';

export interface Command {
  readonly text: string;
  /** 1-based line in the Markdown file. */
  readonly line: number;
  readonly exit: number;
}

export interface Example {
  readonly file: string;
  readonly line: number;
  readonly needsTerraform: boolean;
  readonly commands: readonly Command[];
}

/** The runnable blocks of one Markdown file; indented fences (inside list items) count too. */
export function runnableExamples(markdown: string, file: string): Example[] {
  const lines = markdown.split('\n');
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(.*)$/.exec(lines[i] ?? '');
    if (!open) continue;
    const indent = open[1] ?? '';
    const info = (open[2] ?? '').trim();
    const start = i;
    const body: { text: string; line: number }[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i] ?? ''); i++) {
      body.push({ text: (lines[i] ?? '').slice(indent.length), line: i + 1 });
    }
    if (info !== 'sh' && info !== 'sh terraform') continue;
    const commands = logicalLines(body);
    if (commands.some((c) => /^npm ci\b/.test(c.text))) continue;
    examples.push({ file, line: start + 1, needsTerraform: info === 'sh terraform', commands });
  }
  return examples;
}

/** Joins `\` continuations; drops blank and comment-only lines. */
function logicalLines(body: readonly { text: string; line: number }[]): Command[] {
  const commands: Command[] = [];
  let pending: { text: string; line: number } | undefined;
  for (const { text, line } of body) {
    const joined = pending ? { text: `${pending.text}\n${text}`, line: pending.line } : { text, line };
    if (/\\$/.test(text)) {
      pending = joined;
      continue;
    }
    pending = undefined;
    if (/^\s*(#|$)/.test(joined.text)) continue;
    // The trailing comment holds no quote, so a `#` inside a quoted argument is not taken for one.
    const exits = /\s#[^'"]*\bexits (\d+)\b[^'"]*$/.exec(joined.text);
    commands.push({ ...joined, exit: exits ? Number(exits[1]) : 0 });
  }
  return commands;
}

function markdownFiles(): string[] {
  const docs: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith('.md')) docs.push(relative);
    }
  };
  walk('docs');
  return ['README.md', ...docs.sort()];
}

/** Every runnable example of README.md and docs/, in reading order. */
export function allExamples(): Example[] {
  return markdownFiles().flatMap((file) =>
    runnableExamples(fs.readFileSync(path.join(ROOT, file), 'utf8'), file),
  );
}

/**
 * A copy of the checkout (what runs the command line, node_modules linked), so an example cannot
 * touch the checkout, set up as README.md's first block leaves a clone: synthesized into cdktf.out/.
 */
export function copyOfRepository(): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-docs-examples-'));
  copyCheckout(copy);
  execFileSync(process.execPath, [path.join(copy, 'bin', 'sso.js'), 'synth'], {
    cwd: copy,
    stdio: 'ignore',
    env: { ...process.env, SSO_CLOCK: CLOCK },
  });
  return copy;
}

export interface BlockRun {
  readonly exits: readonly number[];
  readonly output: string;
}

/** One bash per block, so a block's commands share variables; each command's exit code is recorded. */
function runBlock(example: Example, cwd: string): BlockRun {
  const status = path.join(cwd, '.example-status');
  fs.writeFileSync(status, '');
  const script = [
    // `npx sso` runs node_modules/.bin/sso, which is bin/sso.js; npx's own start (~0.8 s) would
    // otherwise be most of what the examples cost, and it has no say in what a command does.
    'npx() { if [ "$1" = sso ]; then shift; node "$SSO_CLI" "$@"; else command npx "$@"; fi; }',
    ...example.commands.map((c) => `${c.text}\necho $? >> "$EXAMPLE_STATUS"`),
  ].join('\n');
  const result = spawnSync('bash', ['-c', script], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: PER_COMMAND_MS * example.commands.length,
    env: {
      ...process.env,
      EXAMPLE_STATUS: status,
      SSO_CLOCK: CLOCK,
      CHECKPOINT_DISABLE: '1',
      SSO_CLI: path.join(cwd, 'bin', 'sso.js'),
    },
  });
  const exits = fs.readFileSync(status, 'utf8').split('\n').filter(Boolean).map(Number);
  return { exits, output: `${result.stdout}${result.stderr}`.slice(-3000) };
}

/** Runs an example's block in `copy` and fails with the first command that exited otherwise than documented. */
export function checkExample(example: Example, copy: string): void {
  const run = runBlock(example, copy);
  const failed = example.commands.find((c, i) => run.exits[i] !== c.exit);
  if (failed) {
    const i = example.commands.indexOf(failed);
    throw new Error(
      `${example.file}:${failed.line}: \`${failed.text}\` exited ${run.exits[i] ?? 'never (an earlier command ended the block)'}, ` +
        `the docs say ${failed.exit}. Output:\n${run.output}`,
    );
  }
}

export const exampleName = (example: Example) =>
  `GIVEN ${example.file}:${example.line} WHEN its commands run THEN each exits as documented`;
