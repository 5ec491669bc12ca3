import * as fs from 'fs';
import {
  allExamples,
  checkExample,
  copyOfRepository,
  exampleName,
  PER_COMMAND_MS,
  runnableExamples,
} from './examples';

describe('runnableExamples', () => {
  test('GIVEN sh, sh terraform and sh no-run blocks THEN only the first two run, with exit codes from trailing comments', () => {
    const markdown = [
      '```sh',
      'npx sso synth   # writes cdktf.out',
      '# a comment line',
      "node -e 'x # y' \\",
      '  --flag        # exits 1',
      '```',
      '```sh no-run',
      'npx cdktf deploy prod',
      '```',
      '   ```sh terraform',
      '   npx sso preflight',
      '   ```',
    ].join('\n');

    const examples = runnableExamples(markdown, 'x.md');

    expect(examples.map((e) => [e.line, e.needsTerraform, e.commands.map((c) => [c.line, c.exit])])).toEqual([
      [
        1,
        false,
        [
          [2, 0],
          [4, 1],
        ],
      ],
      [10, true, [[11, 0]]],
    ]);
  });

  test('GIVEN the set-up block (npm ci) THEN it is not run', () => {
    expect(runnableExamples('```sh\nnpm ci && npx sso synth\n```\n', 'README.md')).toEqual([]);
  });
});

describe('command examples in README.md and docs/', () => {
  let copy = '';
  beforeAll(() => {
    copy = copyOfRepository();
  });
  afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

  const examples = allExamples().filter((e) => !e.needsTerraform);

  test('GIVEN README.md and docs/ THEN they hold runnable examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const example of examples) {
    test(exampleName(example), () => checkExample(example, copy), PER_COMMAND_MS * example.commands.length);
  }
});
