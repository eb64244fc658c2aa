import type { ResolvedConfig } from '../config/resolved-config.js';
import type { CommandResult } from './command-result.js';
import { formatKeyChecks, keyChecksExitCode } from './format-key-checks.js';
import { runKeyChecks } from './run-key-checks.js';

/** `lifeline check`: every key of every provider checked once; exit 0 only when all are valid. */
export async function runCheckCommand(config: ResolvedConfig): Promise<CommandResult> {
  if (Object.keys(config.providers).length === 0) {
    return { stdout: '', stderr: 'lifeline: no providers configured: nothing to check (see README "Configuration")\n', exitCode: 1 };
  }
  const reports = await runKeyChecks(config);
  return { stdout: `${formatKeyChecks(reports)}\n`, stderr: '', exitCode: keyChecksExitCode(reports) };
}
