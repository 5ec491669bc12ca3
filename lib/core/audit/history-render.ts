import type { Finding } from '../review/findings';
import type { History, HistoryEntry, Moment } from './history';

/** The change log as JSON, with a fixed key order so a stored copy diffs cleanly. */
export function renderHistoryJson(history: History): string {
  return `${JSON.stringify(
    {
      since: history.since,
      head: history.head,
      examined: history.examined,
      statesCompared: history.statesCompared,
      entries: history.entries.map((e) => ({
        commit: e.sha,
        date: e.date,
        author: e.author,
        pullRequest: e.pullRequest,
        subject: e.subject,
        ...(e.error !== undefined ? { error: e.error } : {}),
        findings: e.findings,
        emergencyAccess: e.emergencyAccess,
      })),
      rotations: history.rotations,
      overrides: history.overrides,
    },
    null,
    2,
  )}\n`;
}

/** The change log for people: one section per commit that changed SSO, then rotations and overrides. */
export function renderHistoryMarkdown(history: History): string {
  const since =
    history.since.commit === null
      ? 'the first commit'
      : `${history.since.ref === null ? '' : `${code(history.since.ref)} `}(${short(history.since.commit)})`;
  const lines = [
    '# SSO access change log',
    '',
    `From ${since} to ${short(history.head)}, on the first-parent line (what landed): ${history.examined} commit${plural(history.examined)} examined, ${history.statesCompared} changed what synthesis reads, ${history.entries.length} changed SSO.`,
    '',
    '## Changes',
    '',
  ];
  if (history.entries.length === 0) lines.push('No commit in the range changed SSO.');
  for (const entry of history.entries) lines.push(...entryLines(entry), '');

  lines.push('', '## Signing-key rotations', '');
  if (history.rotations.length === 0) lines.push('No signing key was rotated in the range.');
  else {
    lines.push('| date | environment | generation | issued | previous | commit | author | pull request |');
    lines.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of history.rotations) {
      lines.push(
        `| ${r.date} | ${text(r.environment)} | ${text(r.generation)} | ${r.issued ?? 'not recorded'} | ${text(r.previous ?? '-')} | ${short(r.commit)} | ${text(r.author)} | ${pr(r.pullRequest)} |`,
      );
    }
  }

  lines.push('', '## Suppressions and overrides', '');
  if (history.overrides.length === 0)
    lines.push('No policy suppression or override was in force in the range.');
  else {
    lines.push(
      '| environment | kind | subject | reason | added | removed |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const o of history.overrides) {
      lines.push(
        `| ${text(o.environment)} | ${o.kind} | ${text(o.subject)} | ${text(o.reason)} | ${moment(o.added, 'before the range')} | ${moment(o.removed, 'still in force')} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function entryLines(entry: HistoryEntry): string[] {
  const lines = [
    `### ${entry.date.slice(0, 10)} ${short(entry.sha)} ${text(entry.author)}${entry.pullRequest === null ? '' : ` (pull request #${entry.pullRequest})`}`,
    '',
    text(entry.subject),
    '',
  ];
  if (entry.error !== undefined) lines.push(`- does not synthesize: ${text(entry.error)}`);
  for (const f of entry.findings) {
    lines.push(`- ${findingLine(f)}`, ...(f.details ?? []).map((d) => `  - ${text(d)}`));
  }
  for (const c of entry.emergencyAccess) {
    const parts = [
      ...(c.added.length > 0 ? [`added ${c.added.join(', ')}`] : []),
      ...(c.removed.length > 0 ? [`removed ${c.removed.join(', ')}`] : []),
    ];
    lines.push(`- ${text(c.environment)}: emergency access ${text(parts.join('; '))}`);
  }
  return lines;
}

/** `prod (high): data-scientists on ml-prod: USER -> ADMIN; <why it matters>` */
export function findingLine(f: Finding): string {
  const change =
    f.before === null && f.after === null ? '' : `: ${f.before ?? '(none)'} -> ${f.after ?? '(none)'}`;
  return `${text(f.environment)} (${f.severity}): ${text(f.subject)}${text(change)}; ${text(f.message)}`;
}

function moment(m: Moment | null, otherwise: string): string {
  return m === null
    ? otherwise
    : `${m.date.slice(0, 10)} ${short(m.commit)} ${text(m.author)}${m.pullRequest === null ? '' : ` #${m.pullRequest}`}`;
}

function pr(n: number | null): string {
  return n === null ? '-' : `#${n}`;
}

function short(sha: string): string {
  return sha.slice(0, 12);
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}

function code(value: string): string {
  return `\`${value.replace(/`/g, "'")}\``;
}

function text(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|');
}
