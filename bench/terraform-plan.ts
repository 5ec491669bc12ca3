/**
 * Runs `terraform init` and `terraform plan -refresh=false` on synthesized stacks with the stand-in
 * providers, in scratch directories (lib/preflight/scratch.ts), and measures each Terraform process:
 * wall time, CPU time with its providers' (GNU time), its own peak RSS (VmHWM from /proc, polled)
 * and the peak of its process tree, the stand-in provider processes included (VmRSS summed, sampled).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { JsonObject } from '../lib/core/terraform/json';
import { writeScratchStack } from '../lib/preflight/scratch';

export interface StackToPlan {
  readonly name: string;
  readonly json: JsonObject;
}

export interface ProcessMeasurement {
  readonly seconds: number;
  /**
   * CPU time of Terraform and its providers (user + system, from GNU time): unlike wall time, it
   * hardly moves when other work shares the machine.
   */
  readonly cpuSeconds: number;
  /** Terraform's own peak resident memory. */
  readonly peakRssMb: number;
  /** Peak of Terraform and the provider processes it started, together (sampled every 200 ms). */
  readonly treePeakRssMb: number;
}

export interface PlannedStackMeasurement extends ProcessMeasurement {
  readonly stack: string;
  readonly initSeconds: number;
  /** `Plan: N to add` as Terraform printed it. */
  readonly toAdd: number;
}

export interface PlanRun {
  /** The machine's 1-minute load average when the run started: other work on it slows plans down. */
  readonly loadAverage: number;
  /** From the first init to the last plan's end: inits, then plans, each batch `concurrency` at a time. */
  readonly wallSeconds: number;
  readonly initWallSeconds: number;
  readonly planWallSeconds: number;
  readonly stacks: readonly PlannedStackMeasurement[];
}

const POLL_MS = 200;

/**
 * Initializes, then plans, every stack, `concurrency` at a time; throws when Terraform fails.
 * @param cliConfigFile the CLI configuration installing the stand-ins (`ensureStandins`)
 */
export async function planStacks(
  stacks: readonly StackToPlan[],
  cliConfigFile: string,
  concurrency = os.availableParallelism(),
): Promise<PlanRun> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-bench-plan-'));
  try {
    const dirs = stacks.map((stack, i) => {
      const dir = path.join(root, String(i));
      writeScratchStack(stack.json, dir);
      return dir;
    });
    const env = (dir: string) => ({
      ...process.env,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      TF_CLI_CONFIG_FILE: cliConfigFile,
      TF_DATA_DIR: path.join(dir, '.terraform'),
    });
    const loadAverage = os.loadavg()[0] ?? 0;
    const started = performance.now();
    const inits = await pool(dirs, concurrency, (dir) => measured(dir, ['init', '-input=false'], env(dir)));
    const planned = performance.now();
    const plans = await pool(dirs, concurrency, (dir) =>
      measured(dir, ['plan', '-refresh=false', '-input=false', '-lock=false', '-no-color'], env(dir)),
    );
    const ended = performance.now();
    return {
      loadAverage,
      wallSeconds: (ended - started) / 1000,
      initWallSeconds: (planned - started) / 1000,
      planWallSeconds: (ended - planned) / 1000,
      stacks: stacks.map((stack, i) => {
        const plan = plans[i] as Measured;
        return {
          stack: stack.name,
          initSeconds: (inits[i] as Measured).seconds,
          seconds: plan.seconds,
          cpuSeconds: plan.cpuSeconds,
          peakRssMb: plan.peakRssMb,
          treePeakRssMb: plan.treePeakRssMb,
          toAdd: Number(/Plan: (\d+) to add/.exec(plan.stdout)?.[1] ?? 0),
        };
      }),
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

interface Measured extends ProcessMeasurement {
  readonly stdout: string;
}

async function pool<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * One Terraform command under GNU time (its CPU time and its providers'), with Terraform's memory
 * polled from /proc while it runs.
 */
function measured(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const times = path.join(cwd, '.cpu-time');
    const child = spawn('/usr/bin/time', ['-f', '%U %S', '-o', times, 'terraform', ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let peakKb = 0;
    let treePeakKb = 0;
    const poll = () => {
      if (child.pid === undefined) return;
      const tree = descendants(child.pid);
      const terraform = tree.find((pid) => command(pid) === 'terraform');
      if (terraform !== undefined) peakKb = Math.max(peakKb, statusKb(terraform, 'VmHWM'));
      treePeakKb = Math.max(
        treePeakKb,
        tree.reduce((sum, pid) => sum + statusKb(pid, 'VmRSS'), 0),
      );
    };
    const timer = setInterval(poll, POLL_MS);
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      if (code !== 0) {
        reject(new Error(`terraform ${args.join(' ')} in ${cwd} failed (${code}):\n${stderr.slice(-3000)}`));
        return;
      }
      const [user = NaN, system = NaN] = fs
        .readFileSync(times, 'utf8')
        .trim()
        .split('\n')
        .pop()!
        .split(' ')
        .map(Number);
      resolve({
        seconds: (performance.now() - start) / 1000,
        cpuSeconds: user + system,
        peakRssMb: Math.round(peakKb / 1024),
        treePeakRssMb: Math.round(treePeakKb / 1024),
        stdout,
      });
    });
  });
}

function command(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      fs.readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return Number(match?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Every process below `pid`, from the parent links in /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const found: number[] = [];
  const visit = (p: number) => {
    for (const child of children.get(p) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}
