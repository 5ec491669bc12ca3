import { ValidationError } from '../core/errors';
import { Command, parseCommandLine, UsageError } from './command';
import { EXIT_REJECTED, EXIT_USAGE } from './report';
import { packageVersion } from '../package';

/*
 * A command's module is loaded on use, so `sso --help` or `sso metadata` loads no cdktf. With
 * require(), not import(): tsx's require hook compiles the TypeScript, while a dynamic import()
 * goes to Node's ESM loader, which that hook does not cover.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export interface CommandEntry {
  readonly name: string;
  /** One line for `sso --help`. */
  readonly summary: string;
  load(): Command;
}

/** Every command, in the order `sso --help` lists them; the CLI reference is generated from it. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'synth',
    summary: 'synthesize Terraform JSON for the built-in environments or the given declarations',
    load: () => (require('./commands/synth') as typeof import('./commands/synth')).synthCommand,
  },
  {
    name: 'validate',
    summary: 'validate declarations and run the policy pack, without writing anything',
    load: () => (require('./commands/validate') as typeof import('./commands/validate')).validateCommand,
  },
  {
    name: 'review',
    summary: 'report the SSO changes between two versions, for pull-request review',
    load: () => (require('./commands/review') as typeof import('./commands/review')).reviewCommand,
  },
  {
    name: 'preflight',
    summary: 'run terraform init, validate and plan on every stack, offline, with stand-in providers',
    load: () => (require('./commands/preflight') as typeof import('./commands/preflight')).preflightCommand,
  },
  {
    name: 'access',
    summary: 'show who can do what: effective access per environment, group and workspace',
    load: () => (require('./commands/access') as typeof import('./commands/access')).accessCommand,
  },
  {
    name: 'history',
    summary: 'list the access changes between a git ref and HEAD, commit by commit, by meaning',
    load: () => (require('./commands/history') as typeof import('./commands/history')).historyCommand,
  },
  {
    name: 'evidence',
    summary: 'write an audit evidence folder: access, privileged access, history, rotation, policy',
    load: () => (require('./commands/evidence') as typeof import('./commands/evidence')).evidenceCommand,
  },
  {
    name: 'audit-query',
    summary: "print Databricks SQL listing an environment's sign-ins and failed sign-ins",
    load: () =>
      (require('./commands/audit-query') as typeof import('./commands/audit-query')).auditQueryCommand,
  },
  {
    name: 'declaration',
    summary: 'print a built-in declaration as JSON, to start your own from',
    load: () =>
      (require('./commands/declaration') as typeof import('./commands/declaration')).declarationCommand,
  },
  {
    name: 'schema',
    summary: 'print the JSON Schema of a declaration, for editors',
    load: () => (require('./commands/schema') as typeof import('./commands/schema')).schemaCommand,
  },
  {
    name: 'metadata',
    summary: "read an IdP's SAML metadata: entity ID, SSO URLs, signing certificates",
    load: () => (require('./commands/metadata') as typeof import('./commands/metadata')).metadataCommand,
  },
  {
    name: 'fingerprint',
    summary: 'print the SHA-256 fingerprint of an x.509 certificate (PEM or base64)',
    load: () =>
      (require('./commands/fingerprint') as typeof import('./commands/fingerprint')).fingerprintCommand,
  },
  {
    name: 'rotation',
    summary: 'show the signing-key rotation calendar; exit 1 when a key is overdue',
    load: () => (require('./commands/rotation') as typeof import('./commands/rotation')).rotationCommand,
  },
  {
    name: 'runbook',
    summary: "print an environment's Databricks console procedure (initial setup or certificate rotation)",
    load: () => (require('./commands/runbook') as typeof import('./commands/runbook')).runbookCommand,
  },
  {
    name: 'diagnose',
    summary: 'explain a Databricks SAML error code and check the likely causes',
    load: () => (require('./commands/diagnose') as typeof import('./commands/diagnose')).diagnoseCommand,
  },
  {
    name: 'test-login',
    summary: "the account console's Test SSO, offline: check the login each SAML environment would produce",
    load: () => (require('./commands/test-login') as typeof import('./commands/test-login')).testLoginCommand,
  },
];

/* eslint-enable @typescript-eslint/no-require-imports */

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
    "Run `sso <command> --help` for a command's options, `sso --version` for the package's version.",
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
  if (name === '--version') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  let command: Command | undefined;
  try {
    if (!entry) throw new UsageError(`unknown command ${JSON.stringify(name)}`);
    command = entry.load();
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
  // `sso ... | head` closes the pipe early: that ends the output, it is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
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
