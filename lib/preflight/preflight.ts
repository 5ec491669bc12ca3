import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { PlannedInstance } from '../core/review/terraform-plan';
import type { JsonObject } from '../core/terraform/json';
import { writeScratchStack, type ScratchChanges } from './scratch';
import { diagnosticsOf, runTerraform, type TerraformDiagnostic, type TerraformResult } from './terraform';

/** A synthesized stack: its name (cdktf's stack id) and its Terraform JSON. */
export interface PreflightStack {
  readonly name: string;
  readonly json: JsonObject;
}

/** What Terraform plans for one resource instance, in its own terms (the review's own type). */
export type PlannedAction = PlannedInstance;

export interface StackPreflight {
  readonly stack: string;
  /** `terraform init` and `terraform validate` passed. */
  readonly valid: boolean;
  /** `terraform plan` succeeded (an error such as a tripped `prevent_destroy` leaves it false). */
  readonly planned: boolean;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly diagnostics: readonly TerraformDiagnostic[];
  /** Instances that change, sorted by address; no-ops are left out. */
  readonly actions: readonly PlannedAction[];
  /** The base was applied into the scratch state first (lifecycle mode). */
  readonly againstBase: boolean;
  readonly changes: ScratchChanges;
  readonly seconds: number;
}

export interface PreflightOptions {
  /** The CLI configuration that installs the stand-in providers (see `ensureStandins`). */
  readonly cliConfigFile: string;
  /** Stacks to apply into each scratch state first; the head is then planned against them. */
  readonly base?: readonly PreflightStack[];
  /** Per-stack limit for each Terraform command. @default 300 s */
  readonly timeoutSeconds?: number;
  /** Stacks checked at once. @default the number of cores */
  readonly concurrency?: number;
  /**
   * Pins the signing-key rotation check's clock (an ISO instant) with an override file, so that
   * its warnings agree with `SSO_CLOCK`. @default Terraform's own plan time
   */
  readonly clock?: string;
}

/**
 * Init's warning that the lock file holds checksums for this platform only: true of every
 * filesystem mirror, and the scratch lock file is thrown away, never the user's.
 */
const SCRATCH_LOCK_WARNING = 'Incomplete lock file information for providers';

/** The local each rotation check reads its clock from (lib/constructs/rotation-check.ts). */
const CLOCK_LOCAL = 'signing_key_rotation_clock';

/**
 * Runs Terraform itself on each stack, in a scratch copy with a local state and the stand-in
 * providers: `init`, `validate`, `plan -refresh=false`. With a base, the base stack is first
 * applied into the scratch state, so the plan shows what Terraform would do to a deployed base:
 * updates, replacements (and the attributes forcing them), destroys, and `prevent_destroy` errors.
 */
export async function preflight(
  stacks: readonly PreflightStack[],
  options: PreflightOptions,
): Promise<StackPreflight[]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-preflight-'));
  const cleanUp = () => fs.rmSync(root, { recursive: true, force: true });
  process.once('exit', cleanUp);
  try {
    const base = new Map((options.base ?? []).map((s) => [s.name, s.json]));
    const limit = Math.max(1, options.concurrency ?? os.availableParallelism());
    const results: StackPreflight[] = new Array<StackPreflight>(stacks.length);
    let next = 0;
    const worker = async () => {
      while (next < stacks.length) {
        const index = next;
        next += 1;
        const stack = stacks[index] as PreflightStack;
        results[index] = await checkStack(
          stack,
          base.get(stack.name),
          path.join(root, String(index)),
          options,
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, stacks.length) }, worker));
    return results;
  } finally {
    process.off('exit', cleanUp);
    cleanUp();
  }
}

async function checkStack(
  stack: PreflightStack,
  base: JsonObject | undefined,
  dir: string,
  options: PreflightOptions,
): Promise<StackPreflight> {
  const started = process.hrtime.bigint();
  const timeoutMs = (options.timeoutSeconds ?? 300) * 1000;
  const env = { TF_CLI_CONFIG_FILE: options.cliConfigFile, TF_DATA_DIR: path.join(dir, '.terraform') };
  const tf = (args: string[]) => runTerraform(dir, args, env, timeoutMs);
  const diagnostics: TerraformDiagnostic[] = [];
  const done = (
    fields: Partial<Pick<StackPreflight, 'valid' | 'planned' | 'add' | 'change' | 'destroy' | 'actions'>>,
    changes: ScratchChanges,
  ): StackPreflight => ({
    stack: stack.name,
    valid: false,
    planned: false,
    add: 0,
    change: 0,
    destroy: 0,
    actions: [],
    ...fields,
    diagnostics: dedupe(diagnostics),
    againstBase: base !== undefined,
    changes,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  });

  if (base !== undefined) {
    const baseChanges = writeScratchStack(base, dir);
    pinClock(base, dir, options.clock);
    const applied = await initThen(tf, ['apply', '-auto-approve', '-refresh=false', '-input=false', '-json']);
    if (applied.code !== 0) {
      diagnostics.push(
        ...diagnosticsOf(applied).map((d) =>
          d.severity === 'error' ? { ...d, summary: `applying the base failed: ${d.summary}` } : d,
        ),
      );
      return done({}, baseChanges);
    }
  }

  const changes = writeScratchStack(stack.json, dir);
  pinClock(stack.json, dir, options.clock);
  const init = await tf(['init', '-input=false', '-json']);
  diagnostics.push(...diagnosticsOf(init).filter((d) => d.summary !== SCRATCH_LOCK_WARNING));
  if (init.code !== 0) return done({}, changes);
  const validate = await tf(['validate', '-json']);
  diagnostics.push(...diagnosticsOf(validate));
  if (validate.code !== 0) return done({}, changes);

  const plan = await tf(['plan', '-refresh=false', '-input=false', '-lock=false', '-json', '-out=tfplan']);
  diagnostics.push(...diagnosticsOf(plan));
  if (plan.code !== 0) return done({ valid: true }, changes);
  const summary = plan.messages.find((m) => m.type === 'change_summary')?.changes as
    { add?: number; change?: number; remove?: number } | undefined;
  const counts = { add: summary?.add ?? 0, change: summary?.change ?? 0, destroy: summary?.remove ?? 0 };
  let actions = streamedActions(plan);
  if (base !== undefined) {
    // Replacement reasons are only in the saved plan, not in the streamed lines.
    const show = await tf(['show', '-json', 'tfplan']);
    diagnostics.push(...diagnosticsOf(show));
    if (show.code === 0) actions = savedPlanActions(show.stdout);
  }
  return done({ valid: true, planned: true, ...counts, actions }, changes);
}

async function initThen(
  tf: (args: string[]) => Promise<TerraformResult>,
  args: string[],
): Promise<TerraformResult> {
  const init = await tf(['init', '-input=false', '-json']);
  return init.code !== 0 ? init : tf(args);
}

function pinClock(json: JsonObject, dir: string, clock: string | undefined): void {
  const file = path.join(dir, 'clock_override.tf.json');
  const locals = json.locals as Record<string, unknown> | undefined;
  if (clock !== undefined && locals?.[CLOCK_LOCAL] !== undefined) {
    fs.writeFileSync(file, JSON.stringify({ locals: { [CLOCK_LOCAL]: clock } }));
  } else {
    fs.rmSync(file, { force: true });
  }
}

const ACTIONS: Readonly<Record<string, PlannedAction['action']>> = {
  create: 'create',
  update: 'update',
  replace: 'replace',
  delete: 'delete',
  read: 'read',
  move: 'move',
  import: 'import',
  // `remove` in the streamed lines, `forget` in a saved plan: a `removed` block with destroy = false.
  remove: 'forget',
  forget: 'forget',
};

function streamedActions(plan: TerraformResult): PlannedAction[] {
  const actions: PlannedAction[] = [];
  for (const message of plan.messages) {
    if (message.type !== 'planned_change') continue;
    const change = message.change as { resource?: { addr?: string }; action?: string };
    const action = ACTIONS[change.action ?? ''];
    if (action !== undefined && change.resource?.addr !== undefined) {
      actions.push({ address: change.resource.addr, action });
    }
  }
  return actions.sort((a, b) => compare(a.address, b.address));
}

interface ShownChange {
  address: string;
  change: { actions: string[]; replace_paths?: unknown[][]; importing?: unknown };
}

function savedPlanActions(json: string): PlannedAction[] {
  const plan = JSON.parse(json) as { resource_changes?: ShownChange[] };
  const actions: PlannedAction[] = [];
  for (const { address, change } of plan.resource_changes ?? []) {
    const kinds = change.actions;
    if (kinds.includes('delete') && kinds.includes('create')) {
      const forcedBy = (change.replace_paths ?? []).map((p) => p.map(String).join('.')).sort(compare);
      actions.push({ address, action: 'replace', ...(forcedBy.length > 0 ? { forcedBy } : {}) });
      continue;
    }
    // An import is a no-op or an update with `importing` set: the import is what the reviewer needs to see.
    const imported = change.importing !== undefined && (kinds[0] === 'no-op' || kinds[0] === 'update');
    const action = imported ? 'import' : ACTIONS[kinds[0] ?? ''];
    if (action !== undefined) actions.push({ address, action });
  }
  return actions.sort((a, b) => compare(a.address, b.address));
}

function dedupe(diagnostics: TerraformDiagnostic[]): TerraformDiagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = JSON.stringify(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
