import * as fs from 'fs';
import { describeWithTerraform } from '../terraform';
import { allExamples, checkExample, copyOfRepository, exampleName, PER_COMMAND_MS } from './examples';

/* The `sh terraform` examples of README.md and docs/: they run Terraform, so they need it on PATH. */

describeWithTerraform('command examples in README.md and docs/ that run terraform', () => {
  let copy = '';
  beforeAll(() => {
    copy = copyOfRepository();
  });
  afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

  for (const example of allExamples().filter((e) => e.needsTerraform)) {
    test(exampleName(example), () => checkExample(example, copy), PER_COMMAND_MS * example.commands.length);
  }
});
