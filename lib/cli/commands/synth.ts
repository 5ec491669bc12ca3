import { Command, stringListOption, stringOption } from '../command';
import { resolveDeclarations } from '../declarations';
import { synthesizeToDirectory } from '../synthesize';

export const synthCommand: Command = {
  name: 'synth',
  help: `usage: sso synth [--declaration FILE]... [--out DIR]

Validates every declaration, then writes cdktf's layout (DIR/manifest.json,
DIR/stacks/<env>/cdk.tf.json). The previous DIR is replaced only when all succeeded.

  --declaration FILE  a TypeScript, JSON or YAML declaration; repeatable.
                      Default: the built-in staging and prod example.
  --out DIR           output directory (default: cdktf.out)
`,
  options: { declaration: { type: 'string', multiple: true }, out: { type: 'string' } },
  run(args) {
    const { sources, origin } = resolveDeclarations(stringListOption(args, 'declaration'));
    const out = stringOption(args, 'out') ?? 'cdktf.out';
    process.stdout.write(`declarations: ${sources.map((s) => s.source).join(', ')} (from ${origin})\n`);
    for (const s of synthesizeToDirectory(sources, out)) {
      process.stdout.write(
        `${s.environment}: idp ${s.idp}, ${s.groups} groups mapped, ${s.workspaces} workspaces, ${s.resources} resources\n`,
      );
    }
    process.stdout.write(`wrote ${out}\n`);
    return 0;
  },
};
