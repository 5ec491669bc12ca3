import { validateDeclarations } from '../../core/declaration/validate';
import { ValidationError } from '../../core/errors';
import { resolveClock, rotationCalendar } from '../../core/rotation/calendar';
import { keyGenerations } from '../../core/rotation/declarations';
import { renderIcs, renderJson, renderMarkdown } from '../../core/rotation/render';
import { Command, oneOf, stringListOption, stringOption, UsageError } from '../command';
import { declarationSources } from '../declarations';
import { EXIT_REJECTED } from '../report';

export const rotationCommand: Command = {
  name: 'rotation',
  help: `usage: sso rotation [--declaration FILE]... [--json] [--format md|ics] [--at DATE]

Prints every environment's signing-key generation, issue date, rotate-by date and status
(ok, due, overdue), and the next rotation wave (staging first, then the environments that
promote after it). Environments without a SAML signing key (Azure Databricks) are skipped.
Exits 1 when any key is overdue, so a scheduled CI job can open the rotation pull request.

  --declaration FILE  a declaration (JSON or YAML); repeat for several environments.
                      Default: the built-in staging and prod example.
  --format md|ics     md: Markdown with a Mermaid gantt chart (default);
                      ics: an iCalendar file of the planned rotations
  --json              {"environments": [{"environment", "generation", "issued", "rotateBy",
                      "status", ...}], "nextWave": [...]}
  --at DATE           the day to compute the calendar for (YYYY-MM-DD); default: the
                      SSO_CLOCK environment variable, else today (UTC)
`,
  options: {
    declaration: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    format: { type: 'string' },
    at: { type: 'string' },
  },
  run(args) {
    const format = oneOf(args, 'format', ['md', 'ics'], 'md');
    if (args.values.json === true && stringOption(args, 'format') !== undefined) {
      throw new UsageError('--json and --format exclude each other');
    }
    const at = resolveClock(stringOption(args, 'at'), process.env);
    const declarations = validateDeclarations(declarationSources(stringListOption(args, 'declaration')));
    const generations = keyGenerations(declarations);
    if (generations.length === 0) {
      throw new ValidationError(
        'declarations',
        `${declarations.length} environment(s) without a SAML signing key`,
        'at least one environment with signingKey (Azure Databricks has none to rotate)',
      );
    }
    const calendar = rotationCalendar(generations, at);
    const render = args.values.json === true ? renderJson : format === 'ics' ? renderIcs : renderMarkdown;
    process.stdout.write(render(calendar));

    const overdue = calendar.environments.filter((e) => e.status === 'overdue');
    for (const e of overdue) {
      process.stderr.write(
        `error: ${e.environment}: signing key generation ${e.generation} (issued ${e.issued}) was due for ` +
          `rotation on ${e.rotateBy}; rotate it: npx sso runbook --env ${e.environment} --change rotation\n`,
      );
    }
    return overdue.length > 0 ? EXIT_REJECTED : 0;
  },
};
