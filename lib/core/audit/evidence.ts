import { createHash } from 'crypto';
import type { EnvironmentAccess } from '../access/derive';
import { privilegedSection, renderAccessCsv, renderAccessJson, renderAccessMarkdown } from '../access/render';
import { RULES } from '../policy/pack';
import type { PolicyReport } from '../policy/types';
import type { RotationCalendar } from '../rotation/calendar';
import { renderMarkdown as renderRotationMarkdown } from '../rotation/render';
import type { History, HistoryCommit } from './history';
import { renderHistoryJson, renderHistoryMarkdown } from './history-render';

/*
 * The folder an auditor gets: every answer as a file, and an index saying what each file answers,
 * the commit it was produced from and each file's SHA-256. Everything derives from that commit and
 * its history, judged on a fixed day, so the same commit and clock give the same bytes.
 */

export const INDEX_FILE = 'README.md';
export const INDEX_TITLE = '# SSO access evidence';

export interface EvidenceInput {
  readonly commit: HistoryCommit;
  /** The day rotation status and policy are judged on, and where it came from. */
  readonly clock: { readonly day: string; readonly source: string };
  readonly access: readonly EnvironmentAccess[];
  readonly history: History;
  /** Undefined when no environment has a SAML signing key (Azure Databricks only). */
  readonly calendar: RotationCalendar | undefined;
  readonly policy: PolicyReport;
  readonly environments: readonly string[];
}

interface EvidenceFile {
  readonly name: string;
  readonly answers: string;
  readonly content: string;
}

/** File name -> content, the index last (it lists the others' digests). */
export function evidenceFiles(input: EvidenceInput): Map<string, string> {
  const origin = `commit ${input.commit.sha}`;
  const files: EvidenceFile[] = [];
  for (const e of input.access) {
    files.push(
      {
        name: `access-${e.environment}.md`,
        answers: `Who can do what in ${e.environment}: each group's permission and entitlements per workspace, privileged access first, account roles, and the IdP groups that reach Databricks and those that do not.`,
        content: renderAccessMarkdown([e], { origin }),
      },
      {
        name: `access-${e.environment}.csv`,
        answers: `The same grants of ${e.environment} as rows (environment, group, workspace, permission, entitlements), for a spreadsheet.`,
        content: renderAccessCsv([e]),
      },
    );
  }
  files.push(
    {
      name: 'access.json',
      answers: "Every environment's access as data (the format of `sso access --format json`).",
      content: renderAccessJson(input.access),
    },
    {
      name: 'privileged-access.md',
      answers:
        'Who holds admin: groups with ADMIN on a workspace or account_admin, and the emergency-access users who keep password sign-in.',
      content: privilegedAccess(input.access, origin),
    },
    {
      name: 'history.md',
      answers:
        'How each access change was made: per commit the date, author, pull request and the change by meaning; signing-key rotations; suppressions and overrides with their reasons and when they were added and removed.',
      content: renderHistoryMarkdown(input.history),
    },
    {
      name: 'history.json',
      answers: 'The same change log as data (the format of `sso history --format json`).',
      content: renderHistoryJson(input.history),
    },
    {
      name: 'rotation.md',
      answers: `Whether signing keys are rotated on schedule: each environment's key, issue and rotate-by dates and status on ${input.clock.day}, and the next rotations.`,
      content:
        input.calendar === undefined
          ? '## SAML signing-key rotation\n\nNo environment signs in through SAML (Azure Databricks signs in through Entra ID): no key to rotate here.\n'
          : renderRotationMarkdown(input.calendar),
    },
    {
      name: 'policy.md',
      answers: `Which best practices hold: every rule of the policy pack, its outcome per environment on ${input.clock.day}, each finding, and each suppression with its written reason.`,
      content: policyReport(input.policy, input.environments, input.clock.day),
    },
  );
  const result = new Map(files.map((f) => [f.name, f.content]));
  result.set(INDEX_FILE, index(input, files));
  return result;
}

export function sha256(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

function index(input: EvidenceInput, files: readonly EvidenceFile[]): string {
  const { commit, history } = input;
  const since =
    history.since.commit === null
      ? 'the first commit'
      : `${history.since.ref ?? ''} (${history.since.commit})`;
  return [
    INDEX_TITLE,
    '',
    `Produced by \`sso evidence\` from commit ${commit.sha} (${commit.date}, ${text(commit.author)}${commit.pullRequest === null ? '' : `, pull request #${commit.pullRequest}`}): ${text(commit.subject)}.`,
    '',
    `Judged on ${input.clock.day} (${input.clock.source}). History from ${text(since)} to ${commit.sha}.`,
    "Access is derived from the synthesized Terraform JSON of that commit's declarations (what Terraform applies);",
    'the history reviews each commit on the first-parent line by meaning. Run `sso evidence` at the same commit',
    '(with the same SSO_CLOCK and --since) to get the same bytes, and compare the digests below.',
    '',
    '| file | answers | SHA-256 |',
    '| --- | --- | --- |',
    ...files.map((f) => `| ${f.name} | ${text(f.answers)} | ${sha256(f.content)} |`),
    '',
  ].join('\n');
}

function privilegedAccess(access: readonly EnvironmentAccess[], origin: string): string {
  const lines = ['# Privileged access', '', `Derived from the synthesized Terraform JSON of ${origin}.`];
  for (const e of access) lines.push('', `## ${e.environment}`, '', ...privilegedSection(e).slice(2));
  return `${lines.join('\n')}\n`;
}

/** Every rule with its outcome per environment, then each finding and each suppression with its reason. */
function policyReport(report: PolicyReport, environments: readonly string[], day: string): string {
  const outcome = (rule: string, environment: string) => {
    const found = report.findings.filter((f) => f.rule === rule && f.environment === environment);
    const suppressed = report.suppressed.filter((s) => s.rule === rule && s.environment === environment);
    if (found.length === 0 && suppressed.length === 0) return 'passes';
    return [
      ...(found.length > 0
        ? [
            `${found.length} ${found
              .map((f) => f.level)
              .filter(unique)
              .join('/')}`,
          ]
        : []),
      ...(suppressed.length > 0 ? [`${suppressed.length} suppressed`] : []),
    ].join(', ');
  };
  const lines = [
    '# Policy report',
    '',
    `The policy pack judged on ${day}: error findings stop synthesis, blocking ones stop deploys of that environment, warnings are printed. A suppression needs a written reason and is recorded in the stack.`,
    '',
    `| rule | level | title | ${environments.map(text).join(' | ')} |`,
    `| --- | --- | --- |${' --- |'.repeat(environments.length)}`,
    ...RULES.map(
      (r) =>
        `| ${r.id} | ${r.level} | ${text(r.title)} | ${environments.map((e) => outcome(r.id, e)).join(' | ')} |`,
    ),
    '',
    '## Findings',
    '',
    ...(report.findings.length === 0
      ? ['None.']
      : report.findings.map(
          (f) => `- ${text(f.environment)}: ${f.rule} (${f.level}) ${text(f.path)}: ${text(f.message)}`,
        )),
    '',
    '## Suppressions',
    '',
    ...(report.suppressed.length === 0
      ? ['None.']
      : report.suppressed.map(
          (s) => `- ${text(s.environment)}: ${s.rule} ${text(s.path)}: ${text(s.reason)}`,
        )),
    '',
    '## Rules',
    '',
    ...RULES.map((r) => `- ${r.id} ${text(r.title)}. To comply: ${text(r.explanation)}`),
  ];
  return `${lines.join('\n')}\n`;
}

function unique<T>(value: T, i: number, all: readonly T[]): boolean {
  return all.indexOf(value) === i;
}

function text(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|');
}
