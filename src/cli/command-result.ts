/** What a one-shot command prints and the exit code it ends with (kept apart from I/O so it is testable). */
export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}
