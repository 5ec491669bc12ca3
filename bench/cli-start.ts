import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { median } from './statistics';

/*
 * How long `sso --help` and `sso validate` take, side by side in one run: the installed package's compiled
 * JavaScript, this repository's checkout (a bundle of the sources cached under their hash), and
 * the tsx start the checkout used before (TypeScript compiled by tsx's require hook, with tsx's
 * cache warm, and cold as on a fresh machine or CI), with bare `node` as the floor no start can go
 * below. Runs are interleaved, so a noisy neighbour slows every variant alike.
 */

const ROOT = path.resolve(__dirname, '..');

export interface StartVariant {
  readonly name: string;
  /** Median wall time of one start, in milliseconds. */
  readonly medianMs: number;
}

export interface CliStartFigures {
  /** The command timed: `--help`, `validate`. */
  readonly command: string;
  readonly runs: number;
  readonly variants: readonly StartVariant[];
  /** The installed package's start / the tsx start with a warm cache, and with a cold one. */
  readonly ratioWarm: number;
  readonly ratioCold: number;
  /** The same ratios of the time each start adds to bare node's. */
  readonly addedRatioWarm: number;
  readonly addedRatioCold: number;
}

/**
 * The installed layout, without npm: bin/ and dist/ beside a node_modules of the repository's, so
 * bin/sso.js finds no TypeScript sources and runs dist/ as it does in a consumer's project.
 */
function installedCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-installed-'));
  fs.cpSync(path.join(ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

function timeOnce(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

/** Builds dist/ (the package's `prepack`) and times each variant `runs` times, interleaved. */
export function measureCliStart(runs = 20, argv: readonly string[] = ['--help']): CliStartFigures {
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
  const installed = installedCopy();
  const coldCache = fs.mkdtempSync(path.join(os.tmpdir(), 'sso-tsx-cold-'));
  try {
    const tsx = [
      '-e',
      "require('tsx/cjs/api').register(); process.setSourceMapsEnabled(false); " +
        `require(${JSON.stringify(path.join(ROOT, 'lib/cli/main.ts'))}).main(${JSON.stringify(argv)})`,
    ];
    const variants: { name: string; args: string[]; env: NodeJS.ProcessEnv }[] = [
      { name: 'node -e 0 (the floor)', args: ['-e', '0'], env: {} },
      {
        name: 'installed package (compiled dist/)',
        args: [path.join(installed, 'bin/sso.js'), ...argv],
        env: {},
      },
      { name: 'checkout (cached bundle)', args: [path.join(ROOT, 'bin/sso.js'), ...argv], env: {} },
      { name: 'tsx, warm cache (the earlier start)', args: tsx, env: {} },
      // tsx keeps its compile cache in the temp directory; a new, empty one each run is a first start.
      { name: 'tsx, cold cache (the earlier first start)', args: tsx, env: { TMPDIR: coldCache } },
    ];
    const samples = variants.map(() => [] as number[]);
    // Warms tsx's cache and builds the checkout's bundle, for the warm variants.
    timeOnce(tsx, {});
    timeOnce([path.join(ROOT, 'bin/sso.js'), ...argv], {});
    for (let i = 0; i < runs; i++) {
      for (const [v, variant] of variants.entries()) {
        if (v === 4) {
          fs.rmSync(coldCache, { recursive: true, force: true });
          fs.mkdirSync(coldCache);
        }
        samples[v]?.push(timeOnce(variant.args, variant.env));
      }
    }
    const figures = variants.map((variant, v) => ({
      name: variant.name,
      medianMs: median(samples[v] ?? []),
    }));
    const [floor, compiled, , warm, cold] = figures.map((f) => f.medianMs) as [
      number,
      number,
      number,
      number,
      number,
    ];
    return {
      command: argv.join(' '),
      runs,
      variants: figures,
      ratioWarm: compiled / warm,
      ratioCold: compiled / cold,
      addedRatioWarm: (compiled - floor) / (warm - floor),
      addedRatioCold: (compiled - floor) / (cold - floor),
    };
  } finally {
    fs.rmSync(installed, { recursive: true, force: true });
    fs.rmSync(coldCache, { recursive: true, force: true });
  }
}

/** Markdown lines for bench/results.md. */
export function renderCliStart(figures: CliStartFigures): string[] {
  return [
    `\`sso ${figures.command}\`, median of ${figures.runs} interleaved runs:`,
    '',
    '| Variant | Median |',
    '| ------- | -----: |',
    ...figures.variants.map((v) => `| ${v.name} | ${v.medianMs.toFixed(0)} ms |`),
    '',
    `Installed package / tsx: ${figures.ratioWarm.toFixed(2)}x with tsx's cache warm, ${figures.ratioCold.toFixed(2)}x with it cold; ` +
      `of the time each adds to bare node's: ${figures.addedRatioWarm.toFixed(2)}x warm, ${figures.addedRatioCold.toFixed(2)}x cold.`,
  ];
}

if (require.main === module) {
  const runs = Number(process.env.BENCH_RUNS ?? 20);
  for (const argv of [['--help'], ['validate']]) {
    process.stdout.write(`${renderCliStart(measureCliStart(runs, argv)).join('\n')}\n\n`);
  }
}
