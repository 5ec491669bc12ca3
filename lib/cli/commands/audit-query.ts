import { DEFAULT_DAYS, MAX_DAYS, signInQuery } from '../../core/audit/sign-in-query';
import { validateDeclarations } from '../../core/declaration/validate';
import { describeValue, ValidationError } from '../../core/errors';
import { Command, stringListOption, stringOption, UsageError } from '../command';
import { declarationSources } from '../declarations';

export const auditQueryCommand: Command = {
  name: 'audit-query',
  help: `usage: sso audit-query --env ENV [--days N] [--declaration FILE]...

Prints Databricks SQL over the audit log system table (system.access.audit) that lists the
environment's sign-ins and failed sign-ins by user, workspace and error: SAML sign-ins
(service accounts, action samlLogin) on AWS and GCP, Entra ID sign-ins (aadBrowserLogin) on
Azure, for the environment's workspaces and its account console (workspace id 0). The table
exists once system.access is enabled: declare signInAudit in the environment.

  --env ENV           the environment
  --days N            how far back, 1 to ${MAX_DAYS} days (default ${DEFAULT_DAYS}; the table keeps 365)
  --declaration FILE  a TypeScript, JSON or YAML declaration; repeatable.
                      Default: cdktf.json context.declarations, else the built-in example.
`,
  options: {
    env: { type: 'string' },
    days: { type: 'string' },
    declaration: { type: 'string', multiple: true },
  },
  run(args) {
    const env = stringOption(args, 'env');
    if (env === undefined) throw new UsageError('give the environment: --env ENV');
    const days = daysOf(stringOption(args, 'days'));
    const declarations = validateDeclarations(declarationSources(stringListOption(args, 'declaration')));
    const d = declarations.find((candidate) => candidate.environment === env);
    if (d === undefined) {
      throw new ValidationError(
        '--env',
        describeValue(env),
        `one of the declared environments: ${declarations.map((c) => c.environment).join(', ')}`,
      );
    }
    process.stdout.write(
      signInQuery({
        environment: d.environment,
        cloud: d.databricks.cloud,
        accountId: d.databricks.accountId,
        workspaces: d.databricks.workspaces,
        days,
        schemaDeclared: d.signInAudit !== undefined,
      }),
    );
    return 0;
  },
};

function daysOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_DAYS;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_DAYS) {
    throw new UsageError(
      `--days must be a whole number of days from 1 to ${MAX_DAYS}, got ${JSON.stringify(value)}`,
    );
  }
  return Number(value);
}
