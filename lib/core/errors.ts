/**
 * The one error type for a user's mistake: a bad declaration, a bad file, a bad flag value.
 *
 * The command line prints `message` on one line and exits 1 without a stack trace; anything
 * else that is thrown is a bug and keeps its stack.
 */
export class ValidationError extends Error {
  /**
   * @param field - where the bad value is, as a dotted path (`staging: databricks.redirectUrl`)
   * @param received - the value that was found, already shortened for display
   * @param expected - what would have been accepted
   */
  constructor(
    /** Where the bad value is, as a dotted path (`staging: databricks.redirectUrl`). */
    readonly field: string,
    /** The value that was found, already shortened and made safe for display. */
    readonly received: string,
    /** What would have been accepted, phrased to follow "expected". */
    readonly expected: string,
  ) {
    super(`${field}: expected ${expected}, got ${received}`);
    this.name = 'ValidationError';
  }
}

/** At most this many problems are listed; a generated file can hold thousands of the same one. */
const MAX_LISTED = 50;

/** Several validation errors found in one pass, reported together. */
export class ValidationErrors extends ValidationError {
  /**
   * @param errors - every problem found: the first gives `field`, `received` and `expected`, and
   *   the message lists up to 50 of them, one per line
   */
  constructor(
    /** Every problem found, in the order found; the message lists at most the first 50. */
    readonly errors: readonly ValidationError[],
  ) {
    super(errors[0]?.field ?? '', errors[0]?.received ?? '', errors[0]?.expected ?? '');
    const listed = errors.slice(0, MAX_LISTED).map((e) => e.message);
    if (errors.length > MAX_LISTED) listed.push(`... and ${errors.length - MAX_LISTED} more problems`);
    this.message = listed.join('\n');
    this.name = 'ValidationErrors';
  }
}

/** Shows a received value safely: quoted, control characters escaped, at most 80 characters. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    // Credentials in a URL would otherwise land in CI logs with the error.
    const redacted = value.replace(/(\/\/)[^/@\s]*:[^/@\s]*@/, '$1***@');
    const shown = redacted.length > 80 ? `${redacted.slice(0, 77)}...` : redacted;
    return `${JSON.stringify(shown)}${value.length > 80 ? ` (${value.length} characters)` : ''}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `an object`;
}
