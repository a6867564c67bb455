/** What every `nmle` command receives and returns. Commands write through `io`, never to process streams. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Directory relative paths are resolved from. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface CliCommand {
  /** The words that select it, e.g. `checklist` or `flows check`. */
  readonly name: string;
  readonly summary: string;
  /** Full usage text printed by `--help`. */
  readonly usage: string;
  /** Returns the exit status. Throws UsageError / InputError / FlowError for status 2. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
