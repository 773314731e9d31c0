/** A subcommand: receives its own argv (after the subcommand name) and returns the exit code. */
export interface CommandModule {
  readonly summary: string;
  readonly usage: string;
  /**
   * The exit code of any failure the command throws (a usage or configuration mistake, an
   * unreadable source, a bug) instead of the error's own: `status`, `gate` and `recon` say 3
   * (UNKNOWN), as monitoring plugins do, so a script never reads a typo as a RED cluster.
   */
  readonly errorExitCode?: number;
  run(argv: string[]): Promise<number>;
}
