import { App } from 'cdktf';
import * as os from 'os';
import { addEnvironments } from '../../../stacks/sso-app';
import { Command, stringListOption } from '../command';
import { declarationSources } from '../declarations';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'validate declarations without writing anything',
  help: `usage: sso validate [--declaration FILE]...

Runs every check synthesis runs and writes nothing.

  --declaration FILE  a declaration (JSON or YAML); repeat for several environments.
                      Default: the built-in staging and prod example.
`,
  options: { declaration: { type: 'string', multiple: true } },
  run(args) {
    const sources = declarationSources(stringListOption(args, 'declaration'));
    // Building the stacks runs the constructs' own checks; nothing is synthesized to disk.
    const stacks = addEnvironments(new App({ outdir: os.tmpdir() }), sources);
    for (const stack of stacks) process.stdout.write(`${stack.declaration.environment}: ok\n`);
    return 0;
  },
};
