import type { PlannedAction, StackPreflight } from './preflight';

const SYMBOL: Readonly<Record<PlannedAction['action'], string>> = {
  create: '+',
  update: '~',
  replace: '-/+',
  delete: '-',
  read: '<=',
  move: '->',
  import: '<-',
  forget: '.',
};

/** One paragraph per stack: verdict, counts, Terraform's diagnostics and, against a base, its actions. */
export function renderPreflightText(results: readonly StackPreflight[]): string {
  const lines: string[] = [];
  for (const r of results) {
    const counts = `${r.add} to add, ${r.change} to change, ${r.destroy} to destroy`;
    const verdict = !r.valid
      ? 'FAILED (init/validate)'
      : !r.planned
        ? 'FAILED (plan)'
        : r.againstBase
          ? `ok, planned against the base: ${counts}`
          : `ok: ${counts}`;
    lines.push(`${r.stack}: ${verdict} (${r.seconds.toFixed(1)} s)`);
    if (r.changes.backend !== undefined && r.changes.backend !== 'local') {
      lines.push(`  note: its ${r.changes.backend} backend was replaced by a temporary local state`);
    }
    if (r.changes.placeholderVariables.length > 0) {
      lines.push(
        `  note: placeholder values for ${r.changes.placeholderVariables.join(', ')} (no secret is read)`,
      );
    }
    for (const address of r.changes.provisionersDropped) {
      lines.push(`  note: ${address}: provisioners left out (they would run real commands)`);
    }
    for (const d of r.diagnostics) {
      const where = d.address !== undefined ? ` [${d.address}]` : '';
      lines.push(`  ${d.severity}: ${d.summary}${where}`);
      for (const detail of d.detail.split('\n').filter((l) => l.trim() !== '')) lines.push(`    ${detail}`);
    }
    if (r.againstBase) {
      for (const a of r.actions.filter((x) => x.action !== 'read')) lines.push(`  ${describeAction(a)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function describeAction(a: PlannedAction): string {
  const forced = a.forcedBy !== undefined ? ` (forced by ${a.forcedBy.join(', ')})` : '';
  return `${SYMBOL[a.action]} ${a.address}: ${a.action}${forced}`;
}

/** The `--json` document: the fields the README documents, stable across runs (no timings). */
export function preflightJson(results: readonly StackPreflight[]): unknown {
  return {
    stacks: results.map((r) => ({
      stack: r.stack,
      valid: r.valid,
      planned: r.planned,
      add: r.add,
      change: r.change,
      destroy: r.destroy,
      diagnostics: r.diagnostics.map((d) => ({
        severity: d.severity,
        summary: d.summary,
        detail: d.detail,
        address: d.address ?? null,
      })),
      actions: r.actions.map((a) => ({
        address: a.address,
        action: a.action,
        ...(a.forcedBy !== undefined ? { forcedBy: a.forcedBy } : {}),
      })),
      againstBase: r.againstBase,
      scratch: {
        backendReplaced: r.changes.backend ?? null,
        provisionersDropped: r.changes.provisionersDropped,
      },
    })),
  };
}
