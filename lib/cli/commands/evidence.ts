import * as fs from 'fs';
import * as path from 'path';
import { deriveAccess } from '../../core/access/derive';
import { evidenceFiles, INDEX_FILE, INDEX_TITLE } from '../../core/audit/evidence';
import { describeValue, ValidationError } from '../../core/errors';
import { checkPolicy } from '../../core/policy/pack';
import { resolveClock, rotationCalendar } from '../../core/rotation/calendar';
import { keyGenerations } from '../../core/rotation/declarations';
import { Command, stringOption, UsageError } from '../command';
import { commitDay, GitRepository, StateSynthesizer } from '../git-states';
import { Scratch } from '../sides';
import { collectHistory } from './history';

export const evidenceCommand: Command = {
  name: 'evidence',
  help: `usage: sso evidence --out DIR [--since REF]

Writes one folder for an auditor, produced from the HEAD commit (its committed declarations,
whatever the working tree holds):

  README.md                 the index: what each file answers, the commit, the day judged on,
                            and each file's SHA-256
  access-<env>.md / .csv    the access matrix per environment (as \`sso access\`)
  access.json               every environment's access as data
  privileged-access.md      who holds ADMIN or account_admin, and the emergency-access users
  history.md / .json        the change log (as \`sso history\`), from REF, else from the first commit
  rotation.md               the signing-key rotation calendar with each key's status
  policy.md                 every policy rule, its outcome per environment, findings and
                            suppressions with their reasons

The same commit gives the same bytes: nothing depends on the time of the run. Rotation status
and policy are judged on the SSO_CLOCK day when set (YYYY-MM-DD), else on the commit's date;
history states on their own commits' dates. DIR must be absent, empty, or an earlier evidence
folder (which is replaced).

  --out DIR    the folder to write
  --since REF  start the history after this commit (default: the whole history)
`,
  options: {
    out: { type: 'string' },
    since: { type: 'string' },
  },
  async run(args) {
    const out = stringOption(args, 'out');
    if (out === undefined) throw new UsageError('give the folder to write: --out DIR');
    const since = stringOption(args, 'since');
    checkTarget(out);
    const scratch = new Scratch();
    let files: Map<string, string>;
    try {
      const repo = GitRepository.at(process.cwd(), '--out', out);
      const states = new StateSynthesizer(repo, scratch, StateSynthesizer.projectOf(repo, process.cwd()));
      const head = repo.commit(repo.resolve('HEAD', 'HEAD'));
      const state = await states.outcome(head);
      if ('error' in state) {
        throw new ValidationError(
          'HEAD',
          describeValue(head.sha.slice(0, 12)),
          `a commit whose declarations synthesize (${state.error})`,
        );
      }
      const fromEnvironment = process.env.SSO_CLOCK !== undefined && process.env.SSO_CLOCK !== '';
      const at = fromEnvironment ? resolveClock(undefined, process.env) : commitDay(head);
      const declarations = states.declarations(head);
      const generations = keyGenerations(declarations);
      const policy = checkPolicy(
        declarations.map((declaration) => ({
          declaration,
          stacks: Object.fromEntries(
            (state.output.environments.get(declaration.environment)?.stacks ?? []).map((s) => [
              s.name,
              s.json,
            ]),
          ),
        })),
        at,
      );
      files = evidenceFiles({
        commit: head,
        clock: {
          day: at.toISOString().slice(0, 10),
          source: fromEnvironment ? 'SSO_CLOCK' : "the commit's date",
        },
        access: deriveAccess(state.output),
        history: await collectHistory(repo, states, since),
        calendar: generations.length === 0 ? undefined : rotationCalendar(generations, at),
        policy,
        environments: declarations.map((d) => d.environment),
      });
    } finally {
      scratch.dispose();
    }
    write(out, files);
    process.stdout.write(`evidence: ${files.size} files in ${out} (index: ${path.join(out, INDEX_FILE)})\n`);
    return 0;
  },
};

/** DIR is absent, empty, or an earlier evidence folder: never somebody's other files. */
function checkTarget(out: string): void {
  if (!fs.existsSync(out)) return;
  if (!fs.statSync(out).isDirectory()) {
    throw new ValidationError(
      '--out',
      describeValue(out),
      'a folder to write the evidence to (this is a file)',
    );
  }
  const entries = fs.readdirSync(out);
  if (entries.length === 0) return;
  const index = path.join(out, INDEX_FILE);
  const earlier = fs.existsSync(index) && fs.readFileSync(index, 'utf8').startsWith(`${INDEX_TITLE}\n`);
  if (!earlier || entries.some((e) => !fs.statSync(path.join(out, e)).isFile())) {
    throw new ValidationError(
      '--out',
      describeValue(out),
      'an absent or empty folder, or an earlier evidence folder (this one holds other files)',
    );
  }
}

/** Replaces the folder's files with the new set, so no file of an earlier run lingers. */
function write(out: string, files: ReadonlyMap<string, string>): void {
  fs.mkdirSync(out, { recursive: true });
  for (const entry of fs.readdirSync(out)) fs.rmSync(path.join(out, entry));
  for (const [name, content] of files) fs.writeFileSync(path.join(out, name), content);
}
