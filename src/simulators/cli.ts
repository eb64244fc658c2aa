#!/usr/bin/env node
/** CLI: `node dist/simulators/cli.js --format anthropic --port 4101`; prints the base URL, runs until SIGINT/SIGTERM. */
import { CommanderError } from 'commander';
import { parseCliOptions } from './cli-options.js';
import { startSimulator } from './start-simulator.js';

async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2));
  const simulator = await startSimulator(options);
  process.stdout.write(`${simulator.url}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  process.stderr.write(`simulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
