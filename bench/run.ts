/**
 * `npm run bench`: what it costs, end to end, to go from declarations to a Terraform plan.
 *
 * For the example and for synthetic organisations of about 1k, 5k, 10k and 40k resource instances:
 * `sso synth`, then `terraform init` and `terraform plan -refresh=false` with the stand-in providers
 * over every stack (shards in parallel, as many at a time as there are cores). Beside it, in the
 * same run, the same organisation written the way a cdktf user would by hand (bench/baseline: one
 * construct per mapping, run with ts-node) through the same plan, and the same instances as plain
 * resource blocks (bench/plain-reference.ts). Then one mapping stack of about 4,000 and 8,000
 * instances against its plain-block reference, interleaved and repeated; `sso review` of the largest
 * organisation; the start of `sso --help` and `sso validate` (bench/cli-start.ts); `npm test` (the
 * fast suite, three times) and `npm run test:terraform` (the Terraform-in-the-loop suites).
 *
 * Wall time and peak RSS of `sso synth` come from GNU time; each Terraform process is measured by
 * bench/terraform-plan.ts. The machine is shared and noisy: compare ratios within one run.
 *
 * BENCH_RUNS (default 3): runs of each synthesis and of each mapping-stack plan, medians reported.
 * BENCH_MAX_INSTANCES (default: all): leave out organisations larger than this (a quick run).
 * BENCH_NPM_TEST=0 leaves both test runs out.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadSynthesizedOutput } from '../lib/core/review';
import { countResourceInstances, type JsonObject } from '../lib/core/terraform/json';
import type { EnvironmentDeclaration } from '../lib/core/declaration/schema';
import { ensureStandins } from '../lib/preflight/standins';
import { measureCliStart, renderCliStart, type CliStartFigures } from './cli-start';
import { plainReference } from './plain-reference';
import { median } from './statistics';
import { syntheticOrganisation, type OrganisationShape } from './synthetic-organisation';
import { planStacks, type PlanRun, type StackToPlan } from './terraform-plan';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MAX_INSTANCES = Number(process.env.BENCH_MAX_INSTANCES ?? Infinity);
const NPM_TEST = process.env.BENCH_NPM_TEST !== '0';
const TIME = '/usr/bin/time';
const CORES = os.availableParallelism();

interface Measurement {
  readonly wallSeconds: number;
  readonly peakRssMb: number;
}

/** One way of writing an organisation, synthesized and planned. */
interface Pipeline {
  readonly synth: Measurement;
  readonly plan: PlanRun;
  /** Synthesis, then init and plan of every stack. */
  readonly endToEndSeconds: number;
  /** The largest Terraform process's own peak. */
  readonly maxTerraformRssMb: number;
}

interface OrganisationRow {
  readonly scenario: string;
  readonly instances: number;
  readonly stacks: number;
  readonly ours: Pipeline;
  /** The same instances as plain resource blocks, the same stacks: planned only. */
  readonly plainPlan?: PlanRun;
  readonly baseline?: Pipeline;
}

interface MappingStackRow {
  readonly instances: number;
  readonly runs: number;
  readonly oursSeconds: number;
  readonly plainSeconds: number;
  readonly oursCpuSeconds: number;
  readonly plainCpuSeconds: number;
  readonly oursPeakRssMb: number;
  readonly plainPeakRssMb: number;
}

interface Shape extends OrganisationShape {
  readonly name: string;
}

/** The shards are the ones SSO-013 asks for: each stack at most 10,000 instances (checked below). */
const ORGANISATIONS: readonly Shape[] = [
  { name: 'W=10 G=90', workspaces: 10, groups: 90 },
  { name: 'W=10 G=450', workspaces: 10, groups: 450 },
  { name: 'W=25 G=900', workspaces: 25, groups: 900, mappingShards: 2 },
  { name: 'W=50 G=3600', workspaces: 50, groups: 3600, mappingShards: 5 },
];

/** Groups for one mapping stack of about 4,000 and 8,000 instances: 10 per group on 10 workspaces. */
const MAPPING_STACKS = [400, 800];

function measure(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  cwd = ROOT,
): Measurement {
  const out = path.join(os.tmpdir(), `sso-bench-time-${process.pid}`);
  const result = spawnSync(TIME, ['-f', '%e %M', '-o', out, command, ...args], {
    cwd,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr.slice(-2000)}`);
  }
  const [wall, rssKb] = fs.readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  fs.rmSync(out, { force: true });
  return { wallSeconds: wall ?? NaN, peakRssMb: Math.round((rssKb ?? NaN) / 1024) };
}

type TestRun = Measurement & { passed: boolean };

/** The test suites, each timed: `npm test` (median of its runs) and `npm run test:terraform`. */
interface TestRuns {
  readonly fast: TestRun;
  /** Every run of `npm test`, in order. */
  readonly fastRuns: readonly TestRun[];
  readonly terraform: TestRun;
}

/** `npm test` runs: the machine is shared, and one figure of a 30 s suite is mostly noise. */
const NPM_TEST_RUNS = 3;

/** An npm test script, timed; a failure is reported in the results rather than thrown. */
function npmScript(args: readonly string[]): TestRun {
  const name = `npm ${args.join(' ')}`;
  log(name);
  try {
    const run = { ...measure('npm', [...args, '--silent']), passed: true };
    log(`${name}: ${run.wallSeconds.toFixed(1)} s, ${run.peakRssMb} MB`);
    return run;
  } catch (error) {
    log(`${name} failed: ${error instanceof Error ? error.message.slice(0, 500) : String(error)}`);
    return { wallSeconds: NaN, peakRssMb: NaN, passed: false };
  }
}

function repeat(runs: number, run: () => Measurement): Measurement {
  const all = Array.from({ length: runs }, run);
  return {
    wallSeconds: median(all.map((m) => m.wallSeconds)),
    peakRssMb: Math.max(...all.map((m) => m.peakRssMb)),
  };
}

function stacksOf(outDir: string): StackToPlan[] {
  return [...loadSynthesizedOutput(outDir).environments.values()].flatMap((e) =>
    e.stacks.map((s) => ({ name: s.name, json: s.json })),
  );
}

const instancesOf = (stacks: readonly StackToPlan[]) =>
  stacks.reduce((count, stack) => count + countResourceInstances(stack.json), 0);

const sso = (args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [path.join(ROOT, 'bin/sso.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });

const timedSso = (args: readonly string[]) =>
  measure(process.execPath, [path.join(ROOT, 'bin/sso.js'), ...args]);

function pipeline(synth: Measurement, plan: PlanRun): Pipeline {
  return {
    synth,
    plan,
    endToEndSeconds: synth.wallSeconds + plan.wallSeconds,
    maxTerraformRssMb: Math.max(...plan.stacks.map((s) => s.peakRssMb)),
  };
}

/** The baseline needs a terraform binary for cdktf's version probe; a stub stands in where none is installed. */
function terraformForBaseline(work: string): NodeJS.ProcessEnv {
  if (spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0) return {};
  const stub = path.join(work, 'terraform-stub');
  fs.writeFileSync(stub, '#!/bin/sh\necho "Terraform v1.11.4"\n', { mode: 0o755 });
  return { TERRAFORM_BINARY_NAME: stub };
}

/** The shards a shape declares must be the ones the policy pack asks for: no SSO-013 warning. */
function checkShards(file: string, shape: Shape): void {
  const result = sso(['validate', '--json', '--declaration', file], { SSO_CLOCK: '2026-11-25' });
  const findings = (JSON.parse(result.stdout) as { findings: { rule: string; message: string }[] }).findings;
  const size = findings.find((f) => f.rule === 'SSO-013');
  if (size !== undefined)
    throw new Error(`${shape.name}: mappingShards ${shape.mappingShards ?? 0}: ${size.message}`);
}

async function organisation(
  work: string,
  cliConfigFile: string,
  shape: Shape,
  baselineEnv: NodeJS.ProcessEnv,
): Promise<{ row: OrganisationRow; out: string; declaration: EnvironmentDeclaration }> {
  const declaration = syntheticOrganisation(shape);
  const file = path.join(work, `${shape.workspaces}-${shape.groups}.json`);
  fs.writeFileSync(file, JSON.stringify(declaration));
  checkShards(file, shape);
  const out = path.join(work, `out-${shape.groups}`);
  const synth = repeat(RUNS, () => timedSso(['synth', '--declaration', file, '--out', out]));
  const stacks = stacksOf(out);
  log(`${shape.name}: ${instancesOf(stacks)} instances in ${stacks.length} stacks, planning`);
  const ours = pipeline(synth, await planStacks(stacks, cliConfigFile, CORES));
  log(`${shape.name}: plain-block reference`);
  const plainPlan = await planStacks(
    stacks.map((s) => ({ name: s.name, json: plainReference(s.json) })),
    cliConfigFile,
    CORES,
  );
  log(`${shape.name}: per-construct baseline`);
  // The baseline knows no shards: one stack, as a hand-written program would have it.
  const baselineOut = path.join(work, `baseline-${shape.groups}`);
  const baselineSynth = measure(
    process.execPath,
    [path.join(ROOT, 'node_modules/.bin/ts-node'), '--project', 'tsconfig.json', 'main.ts'],
    { ...baselineEnv, BENCH_DECLARATION: file, CDKTF_OUTDIR: baselineOut },
    path.join(ROOT, 'bench/baseline'),
  );
  const baseline = pipeline(baselineSynth, await planStacks(stacksOf(baselineOut), cliConfigFile, CORES));
  return {
    row: {
      scenario: shape.name,
      instances: instancesOf(stacks),
      stacks: stacks.length,
      ours,
      plainPlan,
      baseline,
    },
    out,
    declaration,
  };
}

/** One mapping shard of `groups` groups on 10 workspaces against its plain-block reference, interleaved. */
async function mappingStack(work: string, cliConfigFile: string, groups: number): Promise<MappingStackRow> {
  const file = path.join(work, `mapping-${groups}.json`);
  fs.writeFileSync(file, JSON.stringify(syntheticOrganisation({ workspaces: 10, groups, mappingShards: 1 })));
  const out = path.join(work, `mapping-out-${groups}`);
  sso(['synth', '--declaration', file, '--out', out]);
  const shard = stacksOf(out).find((s) => s.name === 'bench-mappings-1') as StackToPlan;
  const plain = { name: shard.name, json: plainReference(shard.json) as JsonObject };
  const ours: PlanRun[] = [];
  const reference: PlanRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    log(`mapping stack of ${countResourceInstances(shard.json)} instances, run ${i + 1}`);
    ours.push(await planStacks([shard], cliConfigFile, 1));
    reference.push(await planStacks([plain], cliConfigFile, 1));
  }
  const seconds = (runs: PlanRun[]) => median(runs.map((r) => r.stacks[0]!.seconds));
  const cpu = (runs: PlanRun[]) => median(runs.map((r) => r.stacks[0]!.cpuSeconds));
  const rss = (runs: PlanRun[]) => Math.max(...runs.map((r) => r.stacks[0]!.peakRssMb));
  return {
    instances: countResourceInstances(shard.json),
    runs: RUNS,
    oursSeconds: seconds(ours),
    plainSeconds: seconds(reference),
    oursCpuSeconds: cpu(ours),
    plainCpuSeconds: cpu(reference),
    oursPeakRssMb: rss(ours),
    plainPeakRssMb: rss(reference),
  };
}

/** Times `sso review` between the largest output and a copy with 1% of its mappings changed. */
function review(work: string, largestOut: string, largest: EnvironmentDeclaration): Measurement {
  const changed = structuredClone(largest);
  const groups = Object.entries(changed.groups ?? {});
  for (const [, mapping] of groups.slice(1, 1 + Math.ceil(groups.length / 100))) {
    for (const ws of Object.keys(mapping.workspaces ?? {}))
      (mapping.workspaces as Record<string, string>)[ws] = 'ADMIN';
    mapping.privileged = true;
  }
  const file = path.join(work, 'changed.json');
  fs.writeFileSync(file, JSON.stringify(changed));
  const head = path.join(work, 'out-changed');
  sso(['synth', '--declaration', file, '--out', head]);
  return repeat(RUNS, () =>
    timedSso([
      'review',
      '--base-out',
      largestOut,
      '--head-out',
      head,
      '--format',
      'json',
      '--fail-on',
      'never',
    ]),
  );
}

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

async function main(): Promise<void> {
  if (!fs.existsSync(TIME)) {
    process.stderr.write(`${TIME} is missing: install GNU time (apt-get install time)\n`);
    process.exit(1);
  }
  const cliConfigFile = await ensureStandins();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-bench-'));
  try {
    const examplesOut = path.join(work, 'examples');
    const examplesSynth = repeat(RUNS, () => timedSso(['synth', '--out', examplesOut]));
    const examples = stacksOf(examplesOut);
    log('examples: planning');
    const rows: OrganisationRow[] = [
      {
        scenario: 'examples (staging + prod)',
        instances: instancesOf(examples),
        stacks: examples.length,
        ours: pipeline(examplesSynth, await planStacks(examples, cliConfigFile, CORES)),
      },
    ];
    const baselineEnv = terraformForBaseline(work);
    let largest: { out: string; declaration: EnvironmentDeclaration; scenario: string } | undefined;
    for (const shape of ORGANISATIONS) {
      // An estimate before synthesis: 10 to 11 instances per group mapped to 5 workspaces.
      if (shape.groups * 11 > MAX_INSTANCES) continue;
      const result = await organisation(work, cliConfigFile, shape, baselineEnv);
      rows.push(result.row);
      largest = { out: result.out, declaration: result.declaration, scenario: shape.name };
    }
    const mappingStacks: MappingStackRow[] = [];
    for (const groups of MAPPING_STACKS) mappingStacks.push(await mappingStack(work, cliConfigFile, groups));
    const reviewed = largest
      ? { scenario: largest.scenario, ...review(work, largest.out, largest.declaration) }
      : undefined;
    log('sso --help and sso validate starts');
    const starts = [measureCliStart(20, ['--help']), measureCliStart(20, ['validate'])];
    // Written before the tests, which a failing test must not cost.
    report(rows, mappingStacks, reviewed, starts, undefined);
    if (NPM_TEST) {
      const fastRuns = Array.from({ length: NPM_TEST_RUNS }, () => npmScript(['test']));
      const passed = fastRuns.filter((run) => run.passed);
      const fast: TestRun =
        passed.length === fastRuns.length
          ? {
              wallSeconds: median(passed.map((run) => run.wallSeconds)),
              peakRssMb: Math.max(...passed.map((run) => run.peakRssMb)),
              passed: true,
            }
          : { wallSeconds: NaN, peakRssMb: NaN, passed: false };
      const terraform = npmScript(['run', 'test:terraform']);
      report(rows, mappingStacks, reviewed, starts, { fast, fastRuns, terraform });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const s = (seconds: number) => seconds.toFixed(1);

/** CPU seconds of every Terraform process of a run, providers included. */
function planCpu(run: PlanRun): number {
  return run.stacks.reduce((sum, stack) => sum + stack.cpuSeconds, 0);
}

/** Growth of time per doubling of instances between two measurements: (t2/t1)^(1/log2(n2/n1)). */
function perDoubling(n1: number, t1: number, n2: number, t2: number): number {
  return (t2 / t1) ** (1 / Math.log2(n2 / n1));
}

function report(
  rows: readonly OrganisationRow[],
  mappingStacks: readonly MappingStackRow[],
  reviewed: (Measurement & { scenario: string }) | undefined,
  starts: readonly CliStartFigures[],
  tests: TestRuns | undefined,
): void {
  const lines: string[] = [
    `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, terraform ${terraformVersion()}; ${RUNS} runs of each synthesis (median), plans once per organisation, ${CORES} at a time.`,
    '',
    '### End to end: `sso synth`, then `terraform init` and `terraform plan -refresh=false` of every stack',
    '',
    '| organisation | instances | stacks | synth s | plan wall s | plan CPU s | end to end s | largest terraform RSS MB | plain blocks: plan wall s | plain blocks: plan CPU s | baseline synth s | baseline plan wall s | baseline plan CPU s | baseline end to end s | baseline terraform RSS MB | ahead of baseline |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => {
      const b = r.baseline;
      const plain = r.plainPlan;
      return (
        `| ${r.scenario} | ${r.instances.toLocaleString('en-US')} | ${r.stacks} | ${r.ours.synth.wallSeconds.toFixed(2)} | ` +
        `${s(r.ours.plan.wallSeconds)} | ${s(planCpu(r.ours.plan))} | ${s(r.ours.endToEndSeconds)} | ${r.ours.maxTerraformRssMb} | ` +
        `${plain ? s(plain.wallSeconds) : ''} | ${plain ? s(planCpu(plain)) : ''} | ${b ? b.synth.wallSeconds.toFixed(2) : ''} | ` +
        `${b ? s(b.plan.wallSeconds) : ''} | ${b ? s(planCpu(b.plan)) : ''} | ${b ? s(b.endToEndSeconds) : ''} | ${b ? b.maxTerraformRssMb : ''} | ` +
        `${b ? `${(b.endToEndSeconds / r.ours.endToEndSeconds).toFixed(1)}x` : ''} |`
      );
    }),
    '',
    'Plan wall time includes `terraform init` (about a second per stack). Every Terraform process:',
    '',
    '| organisation | stack | instances | plan s | CPU s (with providers) | terraform peak RSS MB | with its providers MB | load at start |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.flatMap((r) =>
      r.ours.plan.stacks.map(
        (p) =>
          `| ${r.scenario} | ${p.stack} | ${p.toAdd.toLocaleString('en-US')} | ${s(p.seconds)} | ${s(p.cpuSeconds)} | ` +
          `${p.peakRssMb} | ${p.treePeakRssMb} | ${r.ours.plan.loadAverage.toFixed(1)} |`,
      ),
    ),
    '',
    '### Growth per doubling of the organisation',
    '',
    '| from | to | end to end | plan wall | plan CPU | baseline end to end |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...rows.slice(2).map((r, i) => {
      const p = rows[i + 1] as OrganisationRow;
      const growth = (a: number, b: number) => perDoubling(p.instances, a, r.instances, b).toFixed(2);
      return (
        `| ${p.scenario} (${p.instances.toLocaleString('en-US')}) | ${r.scenario} (${r.instances.toLocaleString('en-US')}) | ` +
        `${growth(p.ours.endToEndSeconds, r.ours.endToEndSeconds)} | ${growth(p.ours.plan.wallSeconds, r.ours.plan.wallSeconds)} | ` +
        `${growth(planCpu(p.ours.plan), planCpu(r.ours.plan))} | ` +
        `${p.baseline && r.baseline ? growth(p.baseline.endToEndSeconds, r.baseline.endToEndSeconds) : ''} |`
      );
    }),
    '',
    `### One mapping stack against the same instances as plain resource blocks (${RUNS} interleaved runs, median)`,
    '',
    '| instances | per-group layout s | plain blocks s | layout / plain, wall | layout CPU s | plain CPU s | layout / plain, CPU | layout peak RSS MB | plain peak RSS MB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...mappingStacks.map(
      (m) =>
        `| ${m.instances.toLocaleString('en-US')} | ${s(m.oursSeconds)} | ${s(m.plainSeconds)} | ${(m.oursSeconds / m.plainSeconds).toFixed(2)} | ` +
        `${s(m.oursCpuSeconds)} | ${s(m.plainCpuSeconds)} | ${(m.oursCpuSeconds / m.plainCpuSeconds).toFixed(2)} | ${m.oursPeakRssMb} | ${m.plainPeakRssMb} |`,
    ),
  ];
  const [small, large] = mappingStacks;
  if (small && large) {
    const growth = (a: number, b: number) => perDoubling(small.instances, a, large.instances, b).toFixed(2);
    lines.push(
      '',
      `Doubling the mapping stack multiplied its plan time by ${growth(small.oursSeconds, large.oursSeconds)} per doubling ` +
        `(CPU ${growth(small.oursCpuSeconds, large.oursCpuSeconds)}; plain blocks ${growth(small.plainSeconds, large.plainSeconds)}, ` +
        `CPU ${growth(small.plainCpuSeconds, large.plainCpuSeconds)}).`,
    );
  }
  if (reviewed) {
    lines.push(
      '',
      `\`sso review\` of ${reviewed.scenario} against a copy with 1% of its mappings changed: ${reviewed.wallSeconds.toFixed(2)} s, ${reviewed.peakRssMb} MB.`,
    );
  }
  for (const start of starts) lines.push('', ...renderCliStart(start));
  if (tests) {
    const figure = (name: string, run: TestRun) =>
      run.passed
        ? `${name}: ${run.wallSeconds.toFixed(1)} s, ${run.peakRssMb} MB.`
        : `${name} failed in this run: no figure.`;
    lines.push(
      '',
      figure(
        `\`npm test\` (jest: the fast suite; tsc runs in \`npm run typecheck\`), median of ${tests.fastRuns.length} runs ` +
          `(${tests.fastRuns.map((run) => run.wallSeconds.toFixed(1)).join(', ')} s)`,
        tests.fast,
      ),
      '',
      figure('`npm run test:terraform` (jest: the Terraform-in-the-loop suites)', tests.terraform),
    );
  }
  const markdown = `${lines.join('\n')}\n`;
  if (tests !== undefined || !NPM_TEST) process.stdout.write(markdown);
  const results = {
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      terraform: terraformVersion(),
    },
    runs: RUNS,
    organisations: rows,
    mappingStacks,
    review: reviewed ?? null,
    cliStart: starts,
    npmTest: tests?.fast ?? null,
    npmTestRuns: tests?.fastRuns ?? null,
    npmTestTerraform: tests?.terraform ?? null,
  };
  fs.writeFileSync(path.join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(ROOT, 'bench/results.md'), markdown);
}

function terraformVersion(): string {
  const result = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8' });
  try {
    return (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
  } catch {
    return 'unknown';
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
