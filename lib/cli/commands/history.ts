import { buildHistory, type History, type HistoryStep } from '../../core/audit/history';
import { renderHistoryJson, renderHistoryMarkdown } from '../../core/audit/history-render';
import { Command, oneOf, stringOption, UsageError } from '../command';
import { GitRepository, StateSynthesizer, type StateOutcome } from '../git-states';
import { Scratch } from '../sides';

export const historyCommand: Command = {
  name: 'history',
  help: `usage: sso history --since REF [--format md|json]

The access change log between REF and HEAD, by meaning: one entry per commit on the first-parent
line (what landed on the branch, a merged pull request being one commit) whose change the review
engine sees, with its date, commit, author, the pull request its message names ("Merge pull
request #123" or "... (#123)") and the review's findings ("data-scientists on ml-prod: USER ->
ADMIN"); then every signing-key rotation with its dates, and every policy suppression,
promotion override and emergency rotation with its reason and the commits that added and
removed it.

Each commit's declarations are the ones its own cdktf.json names. A commit that changes neither
them nor the SSO code (lib/, stacks/, bin/, main.ts, package*.json) costs two git calls; each
distinct state is synthesized once, judged on its commit's date: in this process when the
commit's SSO code is the working tree's (and that has no uncommitted change), else in a
temporary git worktree by that commit's own \`sso synth\`.

  --since REF        the commit to start after (a branch, tag or commit)
  --format md|json   Markdown (default), or {"since", "head", "examined", "statesCompared",
                     "entries": [{commit, date, author, pullRequest, subject, findings,
                     emergencyAccess, error?}], "rotations": [...], "overrides": [...]}
`,
  options: {
    since: { type: 'string' },
    format: { type: 'string' },
  },
  async run(args) {
    const format = oneOf(args, 'format', ['md', 'json'] as const, 'md');
    const since = stringOption(args, 'since');
    if (since === undefined) throw new UsageError('give the commit to start after: --since REF');
    const scratch = new Scratch();
    let history: History;
    try {
      const repo = GitRepository.at(process.cwd(), '--since', since);
      history = await collectHistory(
        repo,
        new StateSynthesizer(repo, scratch, StateSynthesizer.projectOf(repo, process.cwd())),
        since,
      );
    } finally {
      scratch.dispose();
    }
    process.stdout.write(format === 'json' ? renderHistoryJson(history) : renderHistoryMarkdown(history));
    return 0;
  },
};

/**
 * The change log from `since` (a ref; undefined: from before the first commit) to HEAD, each
 * commit's state keyed so that only those that changed what synthesis reads are synthesized.
 */
export async function collectHistory(
  repo: GitRepository,
  states: StateSynthesizer,
  since: string | undefined,
): Promise<History> {
  const head = repo.commit(repo.resolve('HEAD', 'HEAD'));
  const start = since === undefined ? undefined : repo.commit(repo.resolve(since, '--since'));
  const startState: StateOutcome =
    start === undefined ? { output: { environments: new Map() } } : await states.outcome(start);
  let key = start === undefined ? undefined : states.key(start.sha);
  const steps: HistoryStep[] = [];
  for (const commit of repo.commits(start?.sha, head.sha)) {
    const next = states.key(commit.sha);
    steps.push(next === key ? { commit } : { commit, state: await states.outcome(commit) });
    key = next;
  }
  return buildHistory({
    since: { ref: since ?? null, commit: start ?? null, state: startState },
    head,
    steps,
  });
}
