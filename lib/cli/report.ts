import { ValidationError } from '../core/errors';

/** Exit code for a rejected input or a failed check. */
export const EXIT_REJECTED = 1;
/** Exit code for a command line the tool cannot understand. */
export const EXIT_USAGE = 2;

/**
 * Prints a user's mistake as plain lines (no stack trace) and exits 1; anything else is a bug
 * and is rethrown with its stack.
 */
export function reportAndExit(error: unknown): never {
  if (error instanceof ValidationError) {
    process.stderr.write(`error: ${error.message.split('\n').join('\nerror: ')}\n`);
    process.exit(EXIT_REJECTED);
  }
  throw error;
}
