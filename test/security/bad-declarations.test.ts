import * as fs from 'fs';
import * as path from 'path';
import { MAX_DECLARATION_BYTES } from '../../lib/core/declaration/load';
import { sso as spawnSso } from '../cli/sso';
import { example } from '../helpers';
import { CliRun, sso, tempDir } from './cli';

interface BadDeclaration {
  /** What is wrong with the file, for the person reading a failure. */
  readonly defect: string;
  /** Matches the first line of stderr: the error must name this field (or file position). */
  readonly field: string;
  /** A known bug in lib/ that lets this case through; the case stays visible as a failing test. */
  readonly bug?: string;
  /** Text from the file that must not be echoed anywhere (a pasted secret). */
  readonly notInOutput?: string;
}

const CORPUS = path.join(__dirname, '../fixtures/bad-declarations');
const CASES = Object.entries(
  JSON.parse(fs.readFileSync(path.join(CORPUS, 'cases.json'), 'utf8')) as Record<string, BadDeclaration>,
);
/** Each case is small; the bound is for hangs and exponential blow-ups, not for speed. */
const TIME_BOUND_MS = 2000;

const work = tempDir('bad-declarations');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Runs `sso validate` and `sso synth` on one file; synth writes into a directory of its own. */
async function validateAndSynth(file: string): Promise<{ validate: CliRun; synth: CliRun; out: string }> {
  const out = path.join(fs.mkdtempSync(path.join(work, 'out-')), 'cdktf.out');
  const validate = await sso(['validate', '--declaration', file]);
  const synth = await sso(['synth', '--declaration', file, '--out', out]);
  return { validate, synth, out };
}

/** Exit 1, nothing but `error: ... expected ...` lines naming the field, no stack trace, in bounded time. */
function expectCleanRejection(result: CliRun, field: RegExp): void {
  expect(result.thrown).toBeUndefined();
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(field);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  for (const line of result.stderr.trimEnd().split('\n')) {
    expect(line).toMatch(/^error: .*expected/);
  }
  expect(result.milliseconds).toBeLessThan(TIME_BOUND_MS);
}

function expectNothingWritten(out: string): void {
  expect(fs.existsSync(out)).toBe(false);
  // The synthesis scratch directory (`.cdktf.out.new-*`) is removed too.
  expect(fs.readdirSync(path.dirname(out))).toEqual([]);
}

describe('the corpus of bad declarations', () => {
  test('GIVEN the corpus THEN it holds at least 40 files, JSON and YAML, each listed in cases.json', () => {
    const files = fs.readdirSync(CORPUS).filter((f) => f !== 'cases.json');
    expect(files.sort()).toEqual(CASES.map(([file]) => file).sort());
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(files.filter((f) => f.endsWith('.json')).length).toBeGreaterThan(10);
    expect(files.filter((f) => f.endsWith('.yaml')).length).toBeGreaterThan(10);
  });

  describe.each(CASES)('%s', (file, bad) => {
    // A case that exposes a bug stays in the suite, failing until lib/ is fixed (see `bug`).
    const check = bad.bug === undefined ? test : test.failing;
    check(
      `GIVEN ${bad.defect} WHEN validated and synthesized THEN exit 1 naming the field, nothing written`,
      async () => {
        const { validate, synth, out } = await validateAndSynth(path.join(CORPUS, file));

        expectCleanRejection(validate, new RegExp(bad.field));
        expectCleanRejection(synth, new RegExp(bad.field));
        expectNothingWritten(out);
        if (bad.notInOutput !== undefined) {
          for (const r of [validate, synth]) expect(r.stdout + r.stderr).not.toContain(bad.notInOutput);
        }
      },
    );
  });

  test('GIVEN every prototype-pollution case has run THEN no object gained a property', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('oversized declarations, generated at test time', () => {
  test('GIVEN a 10 MB string in appLabel WHEN validated and synthesized THEN refused by size before parsing', async () => {
    const file = path.join(work, 'ten-megabytes.json');
    const bad = example('staging');
    bad.idp = { kind: 'okta', orgName: 'acme-analytics', appLabel: 'x'.repeat(10 * 1024 * 1024) };
    fs.writeFileSync(file, JSON.stringify(bad));

    const { validate, synth, out } = await validateAndSynth(file);

    const field = new RegExp(
      `^error: [^\\n]*ten-megabytes\\.json: expected a file of at most ${MAX_DECLARATION_BYTES} bytes`,
    );
    expectCleanRejection(validate, field);
    expectCleanRejection(synth, field);
    expectNothingWritten(out);
  });

  test('GIVEN a 3 MB string in appLabel, under the size bound WHEN validated THEN the schema refuses it and shows 80 characters of it', async () => {
    const file = path.join(work, 'three-megabytes.yaml');
    const bad = example('staging');
    bad.idp = { kind: 'okta', orgName: 'acme-analytics', appLabel: 'x'.repeat(3 * 1024 * 1024) };
    fs.writeFileSync(file, JSON.stringify(bad));

    const { validate, synth, out } = await validateAndSynth(file);

    const field =
      /^error: staging: idp\.appLabel: expected at most 100 character\(s\), got "x{77}\.\.\." \(3145728 characters\)\n$/;
    expectCleanRejection(validate, field);
    expectCleanRejection(synth, field);
    expectNothingWritten(out);
  });
});

describe('a UTF-8 byte order mark', () => {
  // Windows editors write one; TextDecoder drops it, so the file means what it says.
  test.each(['json', 'yaml'])(
    'GIVEN the staging declaration as %s after a BOM WHEN validated THEN it is accepted',
    async (ext) => {
      const file = path.join(work, `bom.${ext}`);
      fs.writeFileSync(file, `\uFEFF${JSON.stringify(example('staging'), null, ext === 'json' ? 2 : 0)}`);

      const result = await sso(['validate', '--declaration', file]);

      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^staging: ok$/m);
    },
  );
});

describe('the real binary on the nastiest cases', () => {
  const BINARY_BOUND_MS = 10_000;

  test('GIVEN `sso validate` on the alias bomb THEN exit 1 with one error line, no stack trace, in bounded time', () => {
    const start = performance.now();

    const result = spawnSso(['validate', '--declaration', path.join(CORPUS, 'alias-bomb.yaml')]);

    expect(performance.now() - start).toBeLessThan(BINARY_BOUND_MS);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: [^\n]*alias-bomb\.yaml: expected plain data without YAML anchors[^\n]*\n$/,
    );
  });

  test('GIVEN `sso synth` on a 10 MB declaration THEN exit 1 naming the size bound, no stack trace, in bounded time', () => {
    const file = path.join(work, 'ten-megabytes-spawned.yaml');
    fs.writeFileSync(file, `environment: staging\nnote: ${'x'.repeat(10 * 1024 * 1024)}\n`);
    const out = path.join(work, 'spawn-ten-megabytes');
    const start = performance.now();

    const result = spawnSso(['synth', '--declaration', file, '--out', out]);

    expect(performance.now() - start).toBeLessThan(BINARY_BOUND_MS);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: [^\n]*ten-megabytes-spawned\.yaml: expected a file of at most \d+ bytes, got \d+ bytes\n$/,
    );
    expect(fs.existsSync(out)).toBe(false);
  });
});
