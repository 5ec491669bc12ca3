import { BUILT_IN_ENVIRONMENTS } from '../../../stacks/environments';
import { Command, stringOption, UsageError } from '../command';

export const declarationCommand: Command = {
  name: 'declaration',
  help: `usage: sso declaration --env ENV

  --env ENV  one of: ${BUILT_IN_ENVIRONMENTS.map((d) => d.environment).join(', ')}
`,
  options: { env: { type: 'string' } },
  run(args) {
    const env = stringOption(args, 'env');
    const declaration = BUILT_IN_ENVIRONMENTS.find((d) => d.environment === env);
    if (!declaration) {
      throw new UsageError(
        `--env must be one of ${BUILT_IN_ENVIRONMENTS.map((d) => d.environment).join(', ')}, got ${JSON.stringify(env ?? '')}`,
      );
    }
    process.stdout.write(`${JSON.stringify(declaration, null, 2)}\n`);
    return 0;
  },
};
