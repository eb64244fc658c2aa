import type { CommandResult } from './command-result.js';
import { fetchStatus } from './fetch-status.js';
import { formatStatus, STATUS_EXIT_CODES } from './format-status.js';

/** Options of `lifeline status`. */
export interface StatusCommandOptions {
  url: string;
  json: boolean;
}

/**
 * `lifeline status`: the running instance's verdicts as text (or its JSON), with an exit code
 * scripts can branch on: 0 operational, 1 degraded, 2 outage, 3 unreachable.
 */
export async function runStatusCommand(options: StatusCommandOptions): Promise<CommandResult> {
  const result = await fetchStatus(options.url);
  if (!result.ok) return { stdout: '', stderr: `lifeline: ${result.message}\n`, exitCode: STATUS_EXIT_CODES.unreachable };
  const exitCode = STATUS_EXIT_CODES[result.snapshot.overall];
  if (options.json) return { stdout: `${JSON.stringify(result.body, null, 2)}\n`, stderr: '', exitCode };
  const title = `${result.snapshot.pageName ?? 'Lifeline'} at ${options.url}`;
  // Ages are measured against the server's clock, so a remote instance with clock skew still reads right.
  return { stdout: `${title}\n${formatStatus(result.snapshot, result.snapshot.at)}\n`, stderr: '', exitCode };
}
