/** One CLI command: its name, its usage text (shown by `--help`) and what it does. */
export interface Command {
  name: string;
  /** Usage lines and the command's options, as `deid-studio <name> --help` prints them. */
  usage: string;
  /** Runs the command with its arguments (after the name); resolves to the exit code. */
  run(args: readonly string[]): Promise<number>;
}
