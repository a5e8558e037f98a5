/** One `npx hermetic <name>` command. */
export interface CliCommand {
  /** One line for `npx hermetic --help`. */
  readonly summary: string;
  /** `npx hermetic <name> --help`: the usage and every option. */
  readonly usage: string;
  /** Runs with the arguments after the command's name; resolves to the process exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Where a command writes: the process's streams, or a test's buffers. */
export interface CliIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
}

/** A mistake in how a command was called: printed as one `hermetic: ...` line, exit code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}
