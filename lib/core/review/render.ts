import { countBySeverity, type Finding } from './findings';
import type { AccessCellChange, Review } from './review';
import type { PlannedReview, PlannedStack } from './terraform-plan';

/** Limits that keep a pull-request comment readable and under GitHub's 65,536 characters. */
const MAX_FINDINGS_PER_ENVIRONMENT = 200;
const MAX_MATRIX_GROUPS = 40;
const MAX_MATRIX_WORKSPACES = 12;
const MAX_DIAGRAM_EDGES = 30;
const MAX_PLANNED_ACTIONS = 60;

/** `{"findings": [...]}`, plus `"terraformPlan": {"stacks": [...]}` when the review ran Terraform. */
export function renderJson(review: Review | PlannedReview): string {
  const plan =
    'terraformPlan' in review
      ? {
          terraformPlan: {
            stacks: [...review.terraformPlan].flatMap(([environment, stacks]) =>
              stacks.map((s) => ({ environment, ...s })),
            ),
          },
        }
      : {};
  return `${JSON.stringify({ findings: review.findings, ...plan }, null, 2)}\n`;
}

function summaryLine(review: Review): string {
  const counts = countBySeverity(review.findings);
  if (review.findings.length === 0) return '**SSO review:** no SSO changes.';
  return `**SSO review:** ${counts.high} high, ${counts.medium} medium, ${counts.low} low; environments touched: ${review.environments.join(', ')}`;
}

/**
 * One summary line, then per environment the findings highest first, the access matrix of
 * changed cells, and a diagram of changed group-to-workspace edges.
 */
export function renderMarkdown(review: Review | PlannedReview): string {
  const lines = [summaryLine(review)];
  const plans = 'terraformPlan' in review ? review.terraformPlan : undefined;
  if (plans !== undefined) lines.push('', planSummary(plans));
  for (const environment of review.environments) {
    const findings = review.findings.filter((f) => f.environment === environment);
    lines.push('', `### ${text(environment)}`, '');
    for (const f of findings.slice(0, MAX_FINDINGS_PER_ENVIRONMENT)) {
      lines.push(findingLine(f), ...(f.details ?? []).map((detail) => `  - ${text(detail)}`));
    }
    if (findings.length > MAX_FINDINGS_PER_ENVIRONMENT) {
      lines.push(
        `- ... and ${findings.length - MAX_FINDINGS_PER_ENVIRONMENT} more: run \`sso review --format json\` for all of them`,
      );
    }
    const cells = review.accessChanges.get(environment) ?? [];
    if (cells.length > 0) lines.push('', ...accessMatrix(cells), ...diagram(cells));
    const planned = plans?.get(environment) ?? [];
    if (planned.some((p) => p.actions.length > 0)) lines.push('', ...plannedActions(planned));
  }
  return `${lines.join('\n')}\n`;
}

function planSummary(plans: ReadonlyMap<string, readonly PlannedStack[]>): string {
  const stacks = [...plans.values()].flat();
  const refused = stacks.filter((s) => !s.planned).map((s) => s.stack);
  return (
    `Terraform planned ${stacks.length} stacks of the head against the applied base, with stand-in providers` +
    (refused.length > 0 ? `; it refused ${refused.map(code).join(', ')}.` : '.')
  );
}

const SYMBOL: Record<string, string> = { create: '+', update: '~', replace: '-/+', delete: '-', read: '<=' };

/** Terraform's own actions, as `terraform plan` would name them. */
function plannedActions(stacks: readonly PlannedStack[]): string[] {
  const actions = stacks.flatMap((s) => s.actions);
  const lines = ['#### Terraform plan (against the base)', ''];
  for (const a of actions.slice(0, MAX_PLANNED_ACTIONS)) {
    const forced = a.forcedBy?.length ? ` (forced by ${a.forcedBy.map(code).join(', ')})` : '';
    lines.push(`- ${code(`${SYMBOL[a.action] ?? a.action} ${a.address}`)} ${a.action}${forced}`);
  }
  if (actions.length > MAX_PLANNED_ACTIONS) {
    lines.push(`- ... and ${actions.length - MAX_PLANNED_ACTIONS} more: run \`sso preflight --base REF\``);
  }
  return lines;
}

function findingLine(f: Finding): string {
  return `- **${f.severity}** \`${f.kind}\` ${text(f.message)}`;
}

function accessMatrix(cells: readonly AccessCellChange[]): string[] {
  const groups = unique(cells.map((c) => c.group));
  const workspaces = unique(cells.map((c) => c.workspace));
  const shownGroups = groups.slice(0, MAX_MATRIX_GROUPS);
  const shownWorkspaces = workspaces.slice(0, MAX_MATRIX_WORKSPACES);
  const byCell = new Map(cells.map((c) => [`${c.group}\u0000${c.workspace}`, c]));
  const lines = [
    '#### Access matrix (changed cells, before → after)',
    '',
    `| group | ${shownWorkspaces.map(code).join(' | ')} |`,
    `| --- | ${shownWorkspaces.map(() => '---').join(' | ')} |`,
  ];
  for (const group of shownGroups) {
    const row = shownWorkspaces.map((workspace) => {
      const cell = byCell.get(`${group}\u0000${workspace}`);
      return cell === undefined ? '' : `${cell.before ?? 'none'} → **${cell.after ?? 'none'}**`;
    });
    lines.push(`| ${code(group)} | ${row.join(' | ')} |`);
  }
  if (groups.length > shownGroups.length || workspaces.length > shownWorkspaces.length) {
    lines.push(
      '',
      `Showing ${shownGroups.length} of ${groups.length} groups and ${shownWorkspaces.length} of ${workspaces.length} workspaces.`,
    );
  }
  return lines;
}

/** Drawn only while it stays legible; the matrix carries the rest. */
function diagram(cells: readonly AccessCellChange[]): string[] {
  if (cells.length > MAX_DIAGRAM_EDGES) return [];
  const ids = new Map<string, string>();
  const node = (prefix: string, name: string) => {
    const key = `${prefix}:${name}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = `${prefix}${ids.size}`;
      ids.set(key, id);
    }
    return `${id}["${mermaidText(name)}"]`;
  };
  const edges = cells.map((c) => {
    const label = mermaidText(`${c.before ?? 'none'} → ${c.after ?? 'none'}`);
    const arrow = c.after === null ? '-.->' : c.after === 'ADMIN' ? '==>' : '-->';
    return `  ${node('g', c.group)} ${arrow}|"${label}"| ${node('w', c.workspace)}`;
  });
  return ['', '```mermaid', 'flowchart LR', ...edges, '```'];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Plain text in Markdown: nothing in a value can become a link, mention, HTML or table cell. */
function text(value: string): string {
  return value.replace(/[\\`*_[\]<>|#@!~]/g, '\\$&').replace(/\r?\n/g, ' ');
}

function code(value: string): string {
  return `\`${value.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}\``;
}

function mermaidText(value: string): string {
  return value.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\r?\n/g, ' ');
}
