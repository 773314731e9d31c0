/** A subcommand: receives its own argv (after the subcommand name) and returns the exit code. */
export interface CommandModule {
  readonly summary: string;
  readonly usage: string;
  run(argv: string[]): Promise<number>;
}
