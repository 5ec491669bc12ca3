import { ValidationError } from '../core/errors';
import { Command, parseCommandLine, UsageError } from './command';
import { declarationCommand } from './commands/declaration';
import { diagnoseCommand } from './commands/diagnose';
import { fingerprintCommand } from './commands/fingerprint';
import { metadataCommand } from './commands/metadata';
import { reviewCommand } from './commands/review';
import { rotationCommand } from './commands/rotation';
import { runbookCommand } from './commands/runbook';
import { schemaCommand } from './commands/schema';
import { synthCommand } from './commands/synth';
import { validateCommand } from './commands/validate';
import { EXIT_REJECTED, EXIT_USAGE } from './report';

const COMMANDS: readonly Command[] = [
  synthCommand,
  validateCommand,
  reviewCommand,
  declarationCommand,
  schemaCommand,
  metadataCommand,
  fingerprintCommand,
  rotationCommand,
  runbookCommand,
  diagnoseCommand,
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: sso <command> [options]',
    '',
    'Databricks SAML single sign-on as code.',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run `sso <command> --help` for a command's options.",
    '',
  ].join('\n');
}

/**
 * Exit codes: 0 success, 1 input rejected or a check failed, 2 usage error. A user's mistake is
 * one line on stderr; only a bug prints a stack trace.
 */
export async function run(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(overview());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}`);
    const args = parseCommandLine(command, rest);
    if (args.values.help === true) {
      process.stdout.write(`${command.help.trimEnd()}\n`);
      return 0;
    }
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(
        `error: ${error.message}\n${command ? command.help.split('\n')[0] : 'see `sso --help`'}\n`,
      );
      return EXIT_USAGE;
    }
    if (error instanceof ValidationError) {
      process.stderr.write(`error: ${error.message.split('\n').join('\nerror: ')}\n`);
      return EXIT_REJECTED;
    }
    throw error;
  }
}

export function main(argv: readonly string[]): void {
  run(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `internal error (a bug, please report it): ${(error as Error).stack ?? String(error)}\n`,
      );
      process.exitCode = 70;
    },
  );
}
