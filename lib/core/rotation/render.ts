import type { CalendarEntry, PlannedRotation, RotationCalendar } from './calendar';
import { formatDay, parseDay } from './dates';

/** A Markdown report for a pull request or a runbook: status table, next wave, Mermaid Gantt chart. */
export function renderMarkdown(cal: RotationCalendar): string {
  const entries = byEnvironment(cal);
  return [
    `## SAML signing-key rotation (as of ${cal.at})`,
    '',
    '| environment | generation | issued | rotate by | status | days left |',
    '| --- | --- | --- | --- | --- | ---: |',
    ...cal.environments.map(
      (e) =>
        `| ${cell(e.environment)} | ${cell(e.generation)} | ${e.issued} | ${e.rotateBy} | ${statusText(e, cal.at)} | ${e.daysLeft} |`,
    ),
    '',
    ...sharedKeys(cal),
    '### Next wave',
    '',
    ...cal.nextWave.map((step, i) => `${i + 1}. ${step.environment}: ${step.date}${lateNote(step, entries)}`),
    '',
    '```mermaid',
    ...gantt(cal),
    '```',
    '',
  ].join('\n');
}

/** Machine-readable calendar with a fixed key order, so a committed copy diffs cleanly. */
export function renderJson(cal: RotationCalendar): string {
  const doc = {
    environments: cal.environments.map((e) => ({
      environment: e.environment,
      generation: e.generation,
      issued: e.issued,
      rotateBy: e.rotateBy,
      status: e.status,
      warnFrom: e.warnFrom,
      daysLeft: e.daysLeft,
      ...(e.sharedWith === undefined ? {} : { sharedWith: e.sharedWith }),
    })),
    nextWave: cal.nextWave.map((step) => ({
      environment: step.environment,
      date: step.date,
      late: step.late,
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * An RFC 5545 calendar with one all-day event per planned rotation, for release owners' calendars.
 * Everything derives from the calendar (DTSTAMP from `at`, UID from environment and generation), so
 * the same declaration always renders the same bytes and re-importing updates events instead of duplicating them.
 */
export function renderIcs(cal: RotationCalendar): string {
  const entries = byEnvironment(cal);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//databricks-sso-as-code//rotation calendar//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:SAML signing-key rotation',
    ...cal.nextWave.flatMap((step) => vevent(step, entry(entries, step), `${compactDate(cal.at)}T000000Z`)),
    'END:VCALENDAR',
  ];
  return lines.map(fold).join(CRLF) + CRLF;
}

const CRLF = '\r\n';

function byEnvironment(cal: RotationCalendar): ReadonlyMap<string, CalendarEntry> {
  return new Map(cal.environments.map((e) => [e.environment, e]));
}

function entry(entries: ReadonlyMap<string, CalendarEntry>, step: PlannedRotation): CalendarEntry {
  const found = entries.get(step.environment);
  // rotationCalendar plans exactly one step per entry; a miss means a hand-built calendar is inconsistent.
  if (!found) throw new Error(`next wave names ${step.environment}, which has no calendar entry`);
  return found;
}

function lateNote(step: PlannedRotation, entries: ReadonlyMap<string, CalendarEntry>): string {
  if (!step.late) return '';
  const e = entry(entries, step);
  // Late behind a leader: only an emergency override lets it skip the rest of the lead.
  const sooner =
    e.promotesAfter === undefined
      ? ''
      : `; sooner only with an emergencyRotation override, see \`npx sso runbook --env ${step.environment} --change rotation\``;
  return ` (late: rotate by ${e.rotateBy}${sooner})`;
}

/** One line per shared account's key: the environments it signs for move together, unstaged. */
function sharedKeys(cal: RotationCalendar): string[] {
  const lines = cal.environments
    .filter((e) => e.sharedWith !== undefined)
    .map(
      (e) =>
        `- ${e.environment}'s key also signs ${(e.sharedWith ?? []).join(', ')}: they share one Databricks ` +
        `account, which holds one SSO certificate, so its rotation reaches them at the same moment and ` +
        `cannot be staged in one of them first${e.promotesAfter === undefined ? '' : ` (${e.promotesAfter}, in another account, carries each generation first)`}.`,
    );
  return lines.length === 0 ? [] : [...lines, ''];
}

/** A key dated after the calendar's day is a mistake in the declaration, not a fresh key. */
function statusText(e: CalendarEntry, at: string): string {
  return e.status === 'future' ? `future (issued after ${at}: check signingKey.issued)` : e.status;
}

/** A pipe would end the table cell early. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

function gantt(cal: RotationCalendar): readonly string[] {
  const lines = ['gantt', `  title SAML signing-key rotation (as of ${cal.at})`, '  dateFormat YYYY-MM-DD'];
  cal.environments.forEach((e, i) => {
    const windowTags = { overdue: 'crit, ', future: 'crit, ', due: 'active, ', ok: '' }[e.status];
    const step = e.nextRotation;
    lines.push(
      `  section ${ganttText(e.environment)}`,
      `  ${ganttText(e.generation)} :${windowTags}key${i}, ${e.issued}, ${e.rotateBy}`,
      `  next rotation :${step.late ? 'crit, ' : ''}milestone, next${i}, ${step.date}, 0d`,
    );
  });
  return lines;
}

/** Mermaid reads `:` as the start of task data and `#`/`;` as comment and statement marks. */
function ganttText(text: string): string {
  return text.replace(/[:#;]/g, ' ').trim() || '-';
}

function vevent(step: PlannedRotation, e: CalendarEntry, stamp: string): readonly string[] {
  const summary = `Rotate SAML signing key: ${step.environment}`;
  const description =
    `${step.late ? 'LATE: ' : ''}Move ${e.environment} off key generation ${e.generation} ` +
    `(issued ${e.issued}, rotate by ${e.rotateBy}). Databricks holds one certificate: ` +
    'update it in the account console in the same change window as the IdP key.' +
    (e.sharedWith === undefined
      ? ''
      : ` The key also signs ${e.sharedWith.join(', ')} (one shared account): they move at the same moment.`);
  const warnDays = e.policy.warnDays;
  return [
    'BEGIN:VEVENT',
    `UID:${icsText(`${e.environment}-${e.generation}@databricks-sso`)}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${compactDate(step.date)}`,
    // DTEND is exclusive: an all-day event ends the next day.
    `DTEND;VALUE=DATE:${compactDate(formatDay(parseDay(step.date, 'date') + 1))}`,
    `SUMMARY:${icsText(summary)}`,
    `DESCRIPTION:${icsText(description)}`,
    'TRANSP:TRANSPARENT',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    `DESCRIPTION:${icsText(summary)}`,
    `TRIGGER:${warnDays > 0 ? `-P${warnDays}D` : 'PT0S'}`,
    'END:VALARM',
    'END:VEVENT',
  ];
}

function compactDate(day: string): string {
  return day.replace(/-/g, '');
}

/** RFC 5545 3.3.11: backslash, semicolon and comma are escaped in TEXT values. */
function icsText(text: string): string {
  return text.replace(/[\\;,]/g, (c) => `\\${c}`);
}

/** RFC 5545 3.1: lines longer than 75 octets continue on lines starting with a space, never inside a UTF-8 character. */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // The leading space of a continuation line counts towards its 75 octets.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}
