import { ACCOUNT_HOSTS } from '../../constructs/databricks-group-mappings';
import { SSO_OUTPUTS } from '../../constructs/databricks-sso-settings';
import { validateDeclarations } from '../../core/declaration/validate';
import { resolveClock } from '../../core/rotation/calendar';
import { renderRunbook, RUNBOOK_CHANGES } from '../../core/runbook/runbook';
import { Command, oneOf, stringListOption, stringOption, UsageError } from '../command';
import { declarationSources } from '../declarations';

export const runbookCommand: Command = {
  name: 'runbook',
  help: `usage: sso runbook --env ENV [--declaration FILE]... [--change initial|rotation]
                   [--out DIR] [--at DATE]

Prints, as Markdown, the account-console steps that Databricks has no API for, filled with
the environment's values: Redirect URL, terraform output names, IdP app, workspaces,
emergency-access users.

  --env ENV                 the environment
  --change initial          set up SAML SSO, unified login and SCIM provisioning (default)
  --change rotation         replace an expiring signing certificate with the shortest
                            failed-login window, staging before prod
  --declaration FILE        a TypeScript, JSON or YAML declaration; repeatable.
                            Default: the built-in staging and prod example.
  --out DIR                 where the stacks are synthesized (default: cdktf.out)
  --at DATE                 the day planned dates are computed for (YYYY-MM-DD); default:
                            the SSO_CLOCK environment variable, else today (UTC)
`,
  options: {
    env: { type: 'string' },
    declaration: { type: 'string', multiple: true },
    change: { type: 'string' },
    out: { type: 'string' },
    at: { type: 'string' },
  },
  run(args) {
    const change = oneOf(args, 'change', RUNBOOK_CHANGES, 'initial');
    const env = stringOption(args, 'env');
    if (env === undefined) throw new UsageError('--env is required');
    const at = resolveClock(stringOption(args, 'at'), process.env);
    const declarations = validateDeclarations(declarationSources(stringListOption(args, 'declaration')));
    const d = declarations.find((candidate) => candidate.environment === env);
    if (d === undefined) {
      throw new UsageError(
        `--env must be one of ${declarations.map((c) => c.environment).join(', ')}, got ${JSON.stringify(env)}`,
      );
    }
    process.stdout.write(
      renderRunbook({
        environment: env,
        declarations,
        change,
        outputs: SSO_OUTPUTS,
        accountConsole: ACCOUNT_HOSTS[d.databricks.cloud],
        at,
        outDir: stringOption(args, 'out'),
      }),
    );
    return 0;
  },
};
