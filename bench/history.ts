/**
 * `npx tsx bench/history.ts`: how long `sso history` takes over 100 commits of a user's
 * repository (YAML declarations named in cdktf.json), in the shapes that matter:
 * - every commit changes a declaration (100 distinct states, synthesized in process);
 * - one commit in four changes a declaration, the others only docs (25 states);
 * - commits that change the SSO code (each state synthesized by its own `sso synth` in a
 *   worktree), measured over 10 commits and reported per commit.
 * Prints a Markdown table; the machine is shared and noisy, so compare within one run.
 */
import { example } from '../test/helpers';
import { gitProject, type GitProject } from '../test/cli/git-project';

interface Row {
  readonly scenario: string;
  readonly commits: number;
  readonly states: number;
  readonly seconds: number;
}

function history(project: GitProject, since: string): { seconds: number; states: number } {
  const start = performance.now();
  const result = project.sso(['history', '--since', since, '--format', 'json'], { SSO_CLOCK: '' });
  const seconds = (performance.now() - start) / 1000;
  if (result.code !== 0) throw new Error(`sso history failed: ${result.stderr}`);
  return { seconds, states: (JSON.parse(result.stdout) as { statesCompared: number }).statesCompared };
}

/** A project whose `commits` commits change prod's idle timeout when `changes(i)`, else a doc line. */
function scenario(
  name: string,
  commits: number,
  change: (i: number) => 'declaration' | 'docs' | 'code',
): Row {
  const project = gitProject([example('staging'), example('prod')]);
  try {
    const base = project.commit('Declarations in YAML', 'Bench', '2026-11-01T09:00:00Z');
    for (let i = 1; i <= commits; i++) {
      const kind = change(i);
      if (kind === 'declaration') {
        const prod = example('prod');
        prod.session = { idleMinutes: 5 + (i % 100), lifetimeHours: 8 };
        project.writeDeclaration(prod);
      } else if (kind === 'code') {
        project.append('lib/core/errors.ts', `// bench ${i}`);
      } else {
        project.append('README.md', `bench ${i}`);
      }
      const day = String(1 + (i % 28)).padStart(2, '0');
      project.commit(`Bench change ${i} (#${i})`, 'Bench', `2026-12-${day}T09:00:00Z`);
    }
    const { seconds, states } = history(project, base);
    return { scenario: name, commits, states, seconds };
  } finally {
    project.remove();
  }
}

const rows = [
  scenario('every commit changes a declaration', 100, () => 'declaration'),
  scenario('one commit in four changes a declaration', 100, (i) => (i % 4 === 0 ? 'declaration' : 'docs')),
  scenario('every commit changes the SSO code (worktree)', 10, () => 'code'),
];
console.log('| scenario | commits | states synthesized | wall s | s per commit |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.scenario} | ${r.commits} | ${r.states} | ${r.seconds.toFixed(1)} | ${(r.seconds / r.commits).toFixed(2)} |`,
  );
}
