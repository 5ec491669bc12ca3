/**
 * `npm run bench`: synthesis, review and test-suite timings in one run, side by side with a
 * hand-written per-construct baseline, printed as a Markdown table and saved as JSON.
 *
 * Wall time and peak RSS come from /usr/bin/time (GNU time) around each child process; the
 * machine is shared and noisy, so compare ratios within one run rather than across runs.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { countResourceInstances } from '../lib/core/terraform/json';
import type { EnvironmentDeclaration } from '../lib/core/declaration/schema';
import { syntheticOrganisation, type OrganisationShape } from './synthetic-organisation';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BASELINE_RUNS = Number(process.env.BENCH_BASELINE_RUNS ?? 1);
const TIME = '/usr/bin/time';

interface Measurement {
  readonly wallSeconds: number;
  readonly peakRssMb: number;
}

interface Row {
  readonly scenario: string;
  readonly instances: number | null;
  readonly runs: number;
  readonly wallSeconds: number;
  readonly peakRssMb: number;
  readonly baselineWallSeconds?: number;
  readonly baselinePeakRssMb?: number;
  readonly speedup?: number;
}

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

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function repeat(runs: number, run: () => Measurement): Measurement {
  const all = Array.from({ length: runs }, run);
  return {
    wallSeconds: median(all.map((m) => m.wallSeconds)),
    peakRssMb: Math.max(...all.map((m) => m.peakRssMb)),
  };
}

function instances(outDir: string): number {
  return fs
    .readdirSync(path.join(outDir, 'stacks'))
    .map((stack) => JSON.parse(fs.readFileSync(path.join(outDir, 'stacks', stack, 'cdk.tf.json'), 'utf8')))
    .reduce((count: number, json: unknown) => count + countResourceInstances(json), 0);
}

const sso = (args: readonly string[]) => measure(process.execPath, [path.join(ROOT, 'bin/sso.js'), ...args]);

/** The baseline needs a terraform binary for cdktf's version probe; a stub stands in where none is installed. */
function terraformForBaseline(work: string): NodeJS.ProcessEnv {
  if (spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0) return {};
  const stub = path.join(work, 'terraform-stub');
  fs.writeFileSync(stub, '#!/bin/sh\necho "Terraform v1.11.4"\n', { mode: 0o755 });
  return { TERRAFORM_BINARY_NAME: stub };
}

function main(): void {
  if (!fs.existsSync(TIME)) {
    process.stderr.write(`${TIME} is missing: install GNU time (apt-get install time)\n`);
    process.exit(1);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-bench-'));
  const rows: Row[] = [];
  try {
    const examplesOut = path.join(work, 'examples');
    const examples = repeat(RUNS, () => sso(['synth', '--out', examplesOut]));
    rows.push({
      scenario: 'examples (staging + prod)',
      instances: instances(examplesOut),
      runs: RUNS,
      ...examples,
    });

    const shapes: (OrganisationShape & { name: string })[] = [
      { name: 'W=10 G=500', workspaces: 10, groups: 500 },
      { name: 'W=25 G=1000', workspaces: 25, groups: 1000 },
      { name: 'W=50 G=2000', workspaces: 50, groups: 2000 },
      { name: 'W=50 G=4000', workspaces: 50, groups: 4000 },
    ];
    const baselineEnv = terraformForBaseline(work);
    let largest: { out: string; declaration: EnvironmentDeclaration } | undefined;
    for (const shape of shapes) {
      const file = path.join(work, `${shape.workspaces}-${shape.groups}.json`);
      const declaration = syntheticOrganisation(shape);
      fs.writeFileSync(file, JSON.stringify(declaration));
      const out = path.join(work, `out-${shape.groups}`);
      const ours = repeat(RUNS, () => sso(['synth', '--declaration', file, '--out', out]));
      const baseline = repeat(BASELINE_RUNS, () =>
        measure(
          process.execPath,
          [path.join(ROOT, 'node_modules/.bin/ts-node'), '--project', 'tsconfig.json', 'main.ts'],
          {
            ...baselineEnv,
            BENCH_DECLARATION: file,
            CDKTF_OUTDIR: path.join(work, `baseline-${shape.groups}`),
          },
          path.join(ROOT, 'bench/baseline'),
        ),
      );
      rows.push({
        scenario: shape.name,
        instances: instances(out),
        runs: RUNS,
        ...ours,
        baselineWallSeconds: baseline.wallSeconds,
        baselinePeakRssMb: baseline.peakRssMb,
        speedup: Math.round((baseline.wallSeconds / ours.wallSeconds) * 10) / 10,
      });
      largest = { out, declaration };
    }

    if (largest) rows.push(...reviewRows(work, largest.out, largest.declaration));

    const tests = measure('npm', ['test', '--silent']);
    rows.push({ scenario: 'npm test (tsc --noEmit, then jest)', instances: null, runs: 1, ...tests });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  report(rows);
}

/** Times `sso review` between the largest output and a copy with 1% of its mappings changed. */
function reviewRows(work: string, largestOut: string, largest: EnvironmentDeclaration): Row[] {
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
  const review = repeat(RUNS, () =>
    sso(['review', '--base-out', largestOut, '--head-out', head, '--format', 'json', '--fail-on', 'never']),
  );
  return [
    {
      scenario: 'sso review, W=50 G=4000, 1% of mappings changed',
      instances: instances(head),
      runs: RUNS,
      ...review,
    },
  ];
}

function report(rows: readonly Row[]): void {
  const lines = [
    '| scenario | resource instances | runs | wall s (median) | peak RSS MB | baseline wall s | baseline peak RSS MB | speed-up |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.instances ?? ''} | ${r.runs} | ${r.wallSeconds.toFixed(2)} | ${r.peakRssMb} | ` +
        `${r.baselineWallSeconds?.toFixed(2) ?? ''} | ${r.baselinePeakRssMb ?? ''} | ${r.speedup ? `${r.speedup}x` : ''} |`,
    ),
  ];
  const g2000 = rows.find((r) => r.scenario === 'W=50 G=2000');
  const g4000 = rows.find((r) => r.scenario === 'W=50 G=4000');
  if (g2000 && g4000) {
    lines.push(
      '',
      `Doubling G (2000 -> 4000) multiplied wall time by ${(g4000.wallSeconds / g2000.wallSeconds).toFixed(2)}.`,
    );
  }
  const markdown = `${lines.join('\n')}\n`;
  process.stdout.write(markdown);
  const results = {
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    runs: RUNS,
    baselineRuns: BASELINE_RUNS,
    rows,
  };
  fs.writeFileSync(path.join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(ROOT, 'bench/results.md'), markdown);
}

main();
