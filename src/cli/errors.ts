/** A mistake in how the command was called: one line on stderr, exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * A failure the user can act on (file missing, server unreachable, conflict): one line on stderr,
 * never a stack trace. `exitCode` is chosen by the command (2 for bad input, 4 for conflicts, …).
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
