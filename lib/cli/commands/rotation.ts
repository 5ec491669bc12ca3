import { validateDeclarations } from '../../core/declaration/validate';
import { ValidationError } from '../../core/errors';
import { nextRotationStep, resolveClock, rotationCalendar } from '../../core/rotation/calendar';
import { keyGenerations } from '../../core/rotation/declarations';
import { renderIcs, renderJson, renderMarkdown } from '../../core/rotation/render';
import { Command, oneOf, stringListOption, stringOption, UsageError } from '../command';
import { declarationSources } from '../declarations';
import { EXIT_REJECTED } from '../report';

export const rotationCommand: Command = {
  name: 'rotation',
  help: `usage: sso rotation [--declaration FILE]... [--json] [--format md|ics] [--at DATE]

Prints every environment's signing-key generation, issue date, rotate-by date and status
(ok, due, overdue, or future: dated after today), and the next rotation wave (staging first,
then the environments that promote after it), planned inside the warning windows and before
every rotate-by date. Environments without a SAML signing key (Azure Databricks) are skipped.
Exits 1 when any key is overdue or dated in the future, so a scheduled CI job can open the
rotation pull request; each such key gets one line with its next legal step.

  --declaration FILE  a TypeScript, JSON or YAML declaration; repeatable.
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

    const wrong = calendar.environments.filter((e) => e.status === 'overdue' || e.status === 'future');
    for (const e of wrong) {
      const key = `signing key generation ${e.generation} (issued ${e.issued})`;
      process.stderr.write(
        e.status === 'future'
          ? `error: ${e.environment}: ${key} is dated after ${calendar.at}: set signingKey.issued to the day the key went live\n`
          : `error: ${e.environment}: ${key} was due for rotation on ${e.rotateBy}; next: ` +
              `${nextRotationStep(generations, e.environment, at)}\n`,
      );
    }
    return wrong.length > 0 ? EXIT_REJECTED : 0;
  },
};
