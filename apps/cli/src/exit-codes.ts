/**
 * What `accord` exits with, so a script can branch on it. Documented in the README; never reuse a
 * code for a different meaning.
 */
export const EXIT = {
  /** The command did what it was asked, and any check it made passed. */
  OK: 0,
  /** A check failed: `verify` found the log or an export altered, or `status` found poison events. */
  CHECK_FAILED: 1,
  /** Bad arguments or configuration (an unknown flag, a bad ACCORD_* variable, an unknown projection). */
  USAGE: 2,
  /** The work could not be done: a store unreachable, a file unreadable, an import refused. */
  FAILED: 3,
  /** Interrupted (Ctrl-C); resumable work (rebuild, import) continues where it stopped on the next run. */
  INTERRUPTED: 130,
} as const;

/** An error that ends the command with a given exit code and a one-line message (no stack). */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(EXIT.USAGE, message);
export const failure = (message: string) => new CliError(EXIT.FAILED, message);
